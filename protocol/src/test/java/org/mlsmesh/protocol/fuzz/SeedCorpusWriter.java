package org.mlsmesh.protocol.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.MlsMessageBody;
import org.mlsmesh.protocol.framing.PrivateMessageContent;
import org.mlsmesh.protocol.framing.PublicMessage;
import org.mlsmesh.protocol.framing.SenderData;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.group.FuzzGroup;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.ExternalSender;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ProposalOrRef;
import org.mlsmesh.protocol.message.Welcome;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.Node;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/**
 * Writes the decoders' seed corpus from the official {@code messages}, {@code tree-validation} and
 * {@code deserialization} vectors: each field goes to its own entry point, and the structs nested
 * in it to theirs, a few distinct seeds per entry point; and the seeds of the group targets ({@link
 * FuzzGroup}). Run from the repository root after changing {@link DecoderEntryPoints} or {@link
 * FuzzGroup}:
 *
 * <pre>
 * mvn -B -q -pl protocol test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.mlsmesh.protocol.fuzz.SeedCorpusWriter
 * </pre>
 */
public final class SeedCorpusWriter {
  static final String CORPUS =
      "protocol/src/test/resources/org/mlsmesh/protocol/fuzz/DecoderFuzzTestInputs/decode";
  static final String GROUP_CORPUS =
      "protocol/src/test/resources/org/mlsmesh/protocol/group/GroupFuzzTestInputs";
  private static final int SEEDS_PER_ENTRY = 4;

  private final Map<String, Set<Bytes>> seeds = new LinkedHashMap<>();

  private SeedCorpusWriter() {}

  public static void main(String[] args) throws IOException, DecodeException {
    Path out = Path.of(args.length > 0 ? args[0] : CORPUS);
    SeedCorpusWriter writer = new SeedCorpusWriter();
    writer.fromMessages(vectors("messages.json"));
    for (JsonNode vector : vectors("tree-validation.json")) {
      writer.fromTree(hex(vector, "tree"));
    }
    for (JsonNode vector : vectors("deserialization.json")) {
      writer.add("varint", hex(vector, "vlbytes_header"));
    }
    writer.write(out);
    FuzzGroup.writeSeeds(Path.of(GROUP_CORPUS));
  }

  private static JsonNode vectors(String file) throws IOException {
    try (InputStream in = SeedCorpusWriter.class.getResourceAsStream("/test-vectors/" + file)) {
      if (in == null) {
        throw new IOException("missing vector file " + file);
      }
      return new ObjectMapper().readTree(in);
    }
  }

  private static Bytes hex(JsonNode vector, String field) {
    return Bytes.fromHex(vector.get(field).asText());
  }

  private void add(String entry, Bytes body) {
    DecoderEntryPoints.named(entry);
    seeds.computeIfAbsent(entry, e -> new LinkedHashSet<>());
    Set<Bytes> set = seeds.get(entry);
    if (set.size() < SEEDS_PER_ENTRY) {
      set.add(body);
    }
  }

  private void add(String entry, Encodable value) {
    add(entry, value.encoded());
  }

  private void fromMessages(JsonNode vectors) throws DecodeException {
    for (JsonNode v : vectors) {
      for (String field :
          new String[] {
            "mls_welcome",
            "mls_group_info",
            "mls_key_package",
            "public_message_application",
            "public_message_proposal",
            "public_message_commit",
            "private_message"
          }) {
        fromMlsMessage(hex(v, field));
      }
      add("ratchet_tree", hex(v, "ratchet_tree"));
      for (var node :
          TlsReader.decodeAll(hex(v, "ratchet_tree"), RatchetTreeNodes::decode).nodes()) {
        node.filter(n -> n instanceof Node.Parent)
            .ifPresent(n -> add("parent_node", ((Node.Parent) n).parentNode()));
      }
      add("group_secrets", hex(v, "group_secrets"));
      for (String proposal :
          new String[] {
            "add_proposal",
            "update_proposal",
            "remove_proposal",
            "pre_shared_key_proposal",
            "re_init_proposal",
            "external_init_proposal",
            "group_context_extensions_proposal"
          }) {
        add(proposal, hex(v, proposal));
        Proposal decoded =
            (Proposal)
                TlsReader.decodeAll(hex(v, proposal), DecoderEntryPoints.named(proposal).decoder());
        add("proposal", decoded);
        add("proposal_or_ref", new ProposalOrRef.ByValue(decoded));
      }
      PreSharedKey psk =
          TlsReader.decodeAll(hex(v, "pre_shared_key_proposal"), PreSharedKey::decodeBody);
      add("pre_shared_key_id", psk.psk());
      add("custom_proposal", new TlsWriter().vlBytes(hex(v, "remove_proposal")).toBytes());
      fromCommit(TlsReader.decodeAll(hex(v, "commit"), Commit::decode));
    }
  }

  private void fromTree(Bytes encoded) throws DecodeException {
    add("ratchet_tree", encoded);
    for (Optional<Node> node : TlsReader.decodeAll(encoded, RatchetTreeNodes::decode).nodes()) {
      node.filter(n -> n instanceof Node.Parent)
          .ifPresent(n -> add("parent_node", ((Node.Parent) n).parentNode()));
    }
  }

  private void fromMlsMessage(Bytes encoded) throws DecodeException {
    add("mls_message", encoded);
    MlsMessage message = TlsReader.decodeAll(encoded, MlsMessage::decode);
    switch (message.wireFormat()) {
      case PUBLIC_MESSAGE ->
          fromPublic(((MlsMessageBody.PublicMessageBody) message.body()).message());
      case PRIVATE_MESSAGE ->
          add("private_message", ((MlsMessageBody.PrivateMessageBody) message.body()).message());
      case WELCOME -> fromWelcome(((MlsMessageBody.WelcomeBody) message.body()).welcome());
      case GROUP_INFO -> fromGroupInfo(((MlsMessageBody.GroupInfoBody) message.body()).groupInfo());
      case KEY_PACKAGE ->
          fromKeyPackage(((MlsMessageBody.KeyPackageBody) message.body()).keyPackage());
      default -> throw new IllegalStateException("unexpected wire format " + message.wireFormat());
    }
  }

  private void fromPublic(PublicMessage message) {
    add("public_message", message);
    add("framed_content", message.content());
    add("sender", message.content().sender());
    add(
        "authenticated_content",
        new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, message.content(), message.auth()));
    PrivateMessageContent inner =
        new PrivateMessageContent(message.content().content(), message.auth(), 3);
    Content content = message.content().content();
    add("private_message_content/" + content.contentType().name().toLowerCase(Locale.ROOT), inner);
    if (content instanceof Content.CommitContent c) {
      add("framed_content_auth_data/commit", message.auth());
      fromCommit(c.commit());
    }
    add(
        "sender_data",
        new SenderData(new LeafIndex(1), message.content().epoch(), Bytes.fromHex("01020304")));
  }

  private void fromWelcome(Welcome welcome) {
    add("welcome", welcome);
    welcome.secrets().forEach(s -> add("encrypted_group_secrets", s));
    welcome.secrets().forEach(s -> add("hpke_ciphertext", s.encryptedGroupSecrets()));
  }

  private void fromGroupInfo(GroupInfo info) {
    add("group_info", info);
    add("group_context", info.groupContext());
    info.extensions().forEach(e -> add("extension", e));
    info.groupContext().extensions().forEach(e -> add("extension", e));
  }

  private void fromKeyPackage(KeyPackage keyPackage) {
    add("key_package", keyPackage);
    LeafNode leaf = keyPackage.leafNode();
    add("leaf_node", leaf);
    add("credential", leaf.credential());
    add("capabilities", leaf.capabilities());
    leaf.lifetime().ifPresent(l -> add("lifetime", l));
    leaf.extensions().forEach(e -> add("extension", e));
    keyPackage.extensions().forEach(e -> add("extension", e));
    add("external_sender", new ExternalSender(leaf.signatureKey(), leaf.credential()));
  }

  private void fromCommit(Commit commit) {
    add("commit", commit);
    commit.proposals().forEach(p -> add("proposal_or_ref", p));
    commit.proposals().stream()
        .filter(p -> p instanceof ProposalOrRef.ByValue)
        .map(p -> ((ProposalOrRef.ByValue) p).proposal())
        .forEach(p -> add("proposal", p));
    commit
        .path()
        .ifPresent(
            path -> {
              add("update_path", path);
              add("leaf_node", path.leafNode());
              path.nodes().forEach(n -> add("update_path_node", n));
            });
  }

  private void write(Path out) throws IOException {
    Files.createDirectories(out);
    for (Map.Entry<String, Set<Bytes>> entry : seeds.entrySet()) {
      int n = 0;
      for (Bytes body : entry.getValue()) {
        String file = entry.getKey().replace('/', '-') + "-" + n++;
        Files.write(
            out.resolve(file),
            DecoderEntryPoints.seed(DecoderEntryPoints.named(entry.getKey()), body));
      }
    }
    for (DecoderEntryPoints.EntryPoint entry : DecoderEntryPoints.ALL) {
      if (!seeds.containsKey(entry.name())) {
        throw new IllegalStateException("the vectors gave no seed for " + entry.name());
      }
    }
  }
}
