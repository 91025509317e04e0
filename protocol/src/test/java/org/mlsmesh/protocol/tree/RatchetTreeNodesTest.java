package org.mlsmesh.protocol.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mlsmesh.protocol.message.WireSamples.bytes;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.WireSamples;

/** The wire form of the ratchet tree (RFC 9420 §12.4.3.3). */
class RatchetTreeNodesTest {
  @Test
  void nodesAndBlanksRoundTrip() throws DecodeException {
    ParentNode parent =
        new ParentNode(bytes("0a"), bytes("0b"), List.of(LeafIndex.of(1), LeafIndex.of(2)));
    assertThat(parent.encoded().toHex())
        .isEqualTo("010a" + "010b" + "08" + "00000001" + "00000002");
    RatchetTreeNodes tree =
        new RatchetTreeNodes(
            List.of(
                Optional.of(Node.leaf(WireSamples.leafNode(LeafNodeSource.KEY_PACKAGE))),
                Optional.of(Node.parent(parent)),
                Optional.empty(),
                Optional.empty(),
                Optional.of(Node.leaf(WireSamples.leafNode(LeafNodeSource.COMMIT)))));
    Bytes encoded = tree.encoded();
    RatchetTreeNodes decoded = TlsReader.decodeAll(encoded, RatchetTreeNodes::decode);
    assertThat(decoded).isEqualTo(tree);
    assertThat(decoded.encoded()).isEqualTo(encoded);
    assertThat(decoded.nodes().get(1).map(Node::type)).contains(NodeType.PARENT);
  }

  @Test
  void unknownNodeType() {
    // ratchet_tree<V> = { present (01), node_type 3 }
    DecodeException e =
        catchThrowableOfType(
            () -> TlsReader.decodeAll(Bytes.fromHex("02" + "01" + "03"), RatchetTreeNodes::decode),
            DecodeException.class);
    assertThat(e.offset()).isEqualTo(2);
  }

  @Test
  void blankPresenceFlagOfTwo() {
    DecodeException e =
        catchThrowableOfType(
            () -> TlsReader.decodeAll(Bytes.fromHex("01" + "02"), RatchetTreeNodes::decode),
            DecodeException.class);
    assertThat(e.offset()).isEqualTo(1);
  }
}
