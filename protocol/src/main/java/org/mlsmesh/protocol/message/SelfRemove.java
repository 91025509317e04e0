package org.mlsmesh.protocol.message;

import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * SelfRemove (proposal type 0x000a, draft-ietf-mls-extensions): {@code struct {} SelfRemove;}. A
 * member asks to leave; it is sent as a proposal by reference only, and the member it removes is
 * its sender.
 */
public record SelfRemove() implements Proposal {
  public static final int TYPE = 0x000a;

  @Override
  public Kind kind() {
    return Kind.SELF_REMOVE;
  }

  public static SelfRemove decodeBody(TlsReader reader) {
    return new SelfRemove();
  }

  @Override
  public void encodeBody(TlsWriter writer) {}
}
