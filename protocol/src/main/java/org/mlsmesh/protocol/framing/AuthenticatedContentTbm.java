package org.mlsmesh.protocol.framing;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §6.2, the input of the membership tag MAC: struct { FramedContentTBS content_tbs;
 * FramedContentAuthData auth; } AuthenticatedContentTBM;
 */
public record AuthenticatedContentTbm(FramedContentTbs contentTbs, FramedContentAuthData auth)
    implements Encodable {

  public AuthenticatedContentTbm {
    Objects.requireNonNull(contentTbs, "contentTbs");
    Objects.requireNonNull(auth, "auth");
    auth.requireMatches(contentTbs.content().contentType());
  }

  @Override
  public void encode(TlsWriter writer) {
    contentTbs.encode(writer);
    auth.encode(writer);
  }
}
