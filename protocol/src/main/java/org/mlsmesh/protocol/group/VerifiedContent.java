package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.Sender;

/**
 * Content whose protection (membership tag or AEAD) and signature have been checked against the
 * epoch it names (RFC 9420 §6): only {@link MessageProcessor} makes one.
 */
final class VerifiedContent {
  final AuthenticatedContent authenticated;

  VerifiedContent(AuthenticatedContent authenticated) {
    this.authenticated = Objects.requireNonNull(authenticated, "authenticated");
  }

  FramedContent content() {
    return authenticated.content();
  }

  Sender sender() {
    return authenticated.content().sender();
  }

  long epoch() {
    return authenticated.content().epoch();
  }
}
