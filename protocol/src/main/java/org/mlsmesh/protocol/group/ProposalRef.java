package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.AuthenticatedContent;

/**
 * RFC 9420 §5.2: ProposalRef = RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent), the
 * name by which a Commit includes a proposal sent earlier.
 */
public record ProposalRef(Bytes value) implements Comparable<ProposalRef> {
  static final String LABEL = "MLS 1.0 Proposal Reference";

  public ProposalRef {
    Objects.requireNonNull(value, "value");
  }

  /** The reference of the AuthenticatedContent that carried a proposal. */
  public static ProposalRef of(CipherSuite suite, AuthenticatedContent content) {
    return new ProposalRef(suite.crypto().refHash(LABEL, content.encoded()));
  }

  @Override
  public int compareTo(ProposalRef other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return "ProposalRef[" + value.toHex() + "]";
  }
}
