package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.Sender;

/**
 * Content whose protection (membership tag or AEAD) and signature have been checked against the
 * epoch it names (RFC 9420 §6): only {@link MessageProcessor} makes one.
 */
final class VerifiedContent {
  final AuthenticatedContent authenticated;

  /** The credential of the sender's signature key, as the epoch knows it (RFC 9420 §5.3). */
  final Credential senderCredential;

  VerifiedContent(AuthenticatedContent authenticated, Credential senderCredential) {
    this.authenticated = Objects.requireNonNull(authenticated, "authenticated");
    this.senderCredential = Objects.requireNonNull(senderCredential, "senderCredential");
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

  /** This content as a received application message; it must be application data. */
  Processed.Application application() {
    return new Processed.Application(
        ((Sender.Member) sender()).leafIndex(),
        senderCredential,
        epoch(),
        ((Content.ApplicationData) content().content()).data(),
        content().authenticatedData());
  }
}
