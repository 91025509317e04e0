package org.mlsmesh.consensus;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A proposal reference, {@code RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent)} (RFC
 * 9420 §5.2): how a Commit names the proposals it includes by reference.
 */
public record ProposalRef(Bytes value) {
  public ProposalRef {
    Objects.requireNonNull(value, "value");
  }

  public static ProposalRef of(Bytes value) {
    return new ProposalRef(value);
  }

  @Override
  public String toString() {
    return "proposal " + Ids.shortHex(value);
  }
}
