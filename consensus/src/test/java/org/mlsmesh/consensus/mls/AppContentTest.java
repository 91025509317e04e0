package org.mlsmesh.consensus.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;

class AppContentTest {
  private static final AppContent ONE = content(1, "0a");
  private static final AppContent TWO = content(2, "");

  @Test
  void aBundleRoundTrips() throws Exception {
    Bytes encoded = AppContent.encodeAll(List.of(ONE, TWO));

    assertThat(encoded.get(0)).isEqualTo((byte) AppContent.BUNDLE_VERSION);
    assertThat(AppContent.decodeAll(encoded)).containsExactly(ONE, TWO);
  }

  @Test
  void aBundleOfOneIsSentAsTheMessageItself() throws Exception {
    assertThat(AppContent.encodeAll(List.of(ONE))).isEqualTo(ONE.encode());
    assertThat(AppContent.decodeAll(ONE.encode())).containsExactly(ONE);
  }

  @Test
  @CoversMesh(MeshCode.APPLICATION_CONTENT_MALFORMED)
  void aBundleOfFewerThanTwoIsRefused() {
    Bytes one =
        new TlsWriter().u8(2).u16(1).vlBytes(ONE.id().value()).vlBytes(ONE.payload()).toBytes();
    Bytes none = new TlsWriter().u8(2).u16(0).toBytes();

    for (Bytes bad : List.of(one, none)) {
      assertThatThrownBy(() -> AppContent.decodeAll(bad))
          .isInstanceOf(MeshException.class)
          .hasMessageContaining("a bundle of");
    }
  }

  @Test
  @CoversMesh(MeshCode.APPLICATION_CONTENT_MALFORMED)
  void aBundleCountBeyondTheLimitIsRefusedBeforeReadingIt() {
    Bytes huge = new TlsWriter().u8(2).u16(AppContent.MAX_BUNDLE + 1).toBytes();

    assertThatThrownBy(() -> AppContent.decodeAll(huge))
        .isInstanceOf(MeshException.class)
        .hasMessageContaining("a bundle of " + (AppContent.MAX_BUNDLE + 1));
  }

  @Test
  @CoversMesh(MeshCode.APPLICATION_CONTENT_MALFORMED)
  void aBundleCountBeyondItsBytesIsRefused() {
    Bytes shortOfItems =
        new TlsWriter().u8(2).u16(3).vlBytes(ONE.id().value()).vlBytes(ONE.payload()).toBytes();

    assertThatThrownBy(() -> AppContent.decodeAll(shortOfItems)).isInstanceOf(MeshException.class);
  }

  @Test
  @CoversMesh(MeshCode.APPLICATION_CONTENT_MALFORMED)
  void decodeOfOneRefusesABundle() {
    Bytes bundle = AppContent.encodeAll(List.of(ONE, TWO));

    assertThatThrownBy(() -> AppContent.decode(bundle))
        .isInstanceOf(MeshException.class)
        .hasMessageContaining("expected one message");
  }

  @Test
  void aBundleBeyondTheLimitIsNotBuilt() {
    List<AppContent> tooMany = new ArrayList<>();
    for (int i = 0; i <= AppContent.MAX_BUNDLE; i++) {
      tooMany.add(content(i % 250 + 1, ""));
    }

    assertThatThrownBy(() -> AppContent.encodeAll(tooMany))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AppContent.encodeAll(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static AppContent content(int id, String payloadHex) {
    return new AppContent(
        AppMessageId.of(Bytes.of(new byte[] {(byte) id})), Bytes.fromHex(payloadHex));
  }
}
