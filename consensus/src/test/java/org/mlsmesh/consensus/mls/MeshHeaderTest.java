package org.mlsmesh.consensus.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;

class MeshHeaderTest {
  private static final EpochId EPOCH = EpochId.of(Bytes.fromHex("0102030405"));

  @Test
  void headerRoundTrips() throws Exception {
    assertThat(MeshHeader.decode(new MeshHeader(EPOCH).encode())).isEqualTo(new MeshHeader(EPOCH));
    assertThat(new MeshHeader(EPOCH).encode().toHex()).isEqualTo("01050102030405");
  }

  @Test
  void headerWithSendTimeRoundTrips() throws Exception {
    MeshHeader stamped = new MeshHeader(EPOCH, 1_700_000_000_123L);
    assertThat(MeshHeader.decode(stamped.encode())).isEqualTo(stamped);
    assertThat(stamped.encode().toHex()).isEqualTo("02050102030405" + "0000018bcfe5687b");
    assertThat(MeshHeader.decode(new MeshHeader(EPOCH).encode()).sentAtMillis()).isEmpty();
  }

  @Test
  void rejoinHeaderRoundTrips() throws Exception {
    MeshHeader rejoin = MeshHeader.rejoin(EPOCH, 1_700_000_000_123L, 7);
    assertThat(MeshHeader.decode(rejoin.encode())).isEqualTo(rejoin);
    assertThat(rejoin.encode().toHex())
        .isEqualTo("03050102030405" + "0000018bcfe5687b" + "0000000000000007");
    assertThat(MeshHeader.decode(new MeshHeader(EPOCH, 5).encode()).rejoinSince()).isEmpty();
  }

  @Test
  @CoversMesh(MeshCode.AUTHENTICATED_DATA_MALFORMED)
  void badHeadersAreRejectedWithWhere() {
    for (String hex :
        new String[] {
          "",
          "03050102030405",
          "030501020304050000018bcfe5687b",
          "030501020304050000018bcfe5687bffffffffffffffff",
          "04050102030405",
          "02050102030405",
          "020501020304050000",
          "02050102030405ffffffffffffffff",
          "0205010203040500000000000000000f",
          "0105010203",
          "0100",
          "01050102030405ff"
        }) {
      assertThatThrownBy(() -> MeshHeader.decode(Bytes.fromHex(hex)))
          .as(hex)
          .isInstanceOf(MeshException.class)
          .hasMessageContaining("AUTHENTICATED_DATA_MALFORMED")
          .hasMessageContaining("offset");
    }
  }

  @Test
  void applicationContentRoundTrips() throws Exception {
    AppContent content =
        new AppContent(AppMessageId.of(Bytes.fromHex("aa")), Bytes.fromHex("bbcc"));
    assertThat(AppContent.decode(content.encode())).isEqualTo(content);
  }

  @Test
  @CoversMesh(MeshCode.APPLICATION_CONTENT_MALFORMED)
  void badApplicationContentIsRejected() {
    for (String hex : new String[] {"", "0201aa00", "0100bb", "0101aa02bb", "0101aa00ff"}) {
      assertThatThrownBy(() -> AppContent.decode(Bytes.fromHex(hex)))
          .as(hex)
          .isInstanceOf(MeshException.class)
          .hasMessageContaining("APPLICATION_CONTENT_MALFORMED");
    }
  }
}
