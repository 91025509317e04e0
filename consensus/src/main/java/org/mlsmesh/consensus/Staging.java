package org.mlsmesh.consensus;

import java.util.Objects;

/**
 * The result of {@link GroupAdapter#stage}: a valid candidate, the reason the Commit is invalid for
 * the local member, or the local member's own Commit that it can no longer merge.
 *
 * @param <S> the group state type
 */
public sealed interface Staging<S> {
  /** A valid Commit, staged and ready to merge. */
  record Valid<S>(StagedCandidate<S> candidate) implements Staging<S> {
    public Valid {
      Objects.requireNonNull(candidate, "candidate");
    }
  }

  /**
   * An invalid Commit: {@code code} is a stable validation code (e.g. {@code
   * ValidationCode.name()}), {@code reason} a human-readable detail.
   */
  record Invalid<S>(String code, String reason) implements Staging<S> {
    public Invalid {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A Commit this member cannot process but that is not invalid: its own Commit from before a
   * restart (RFC 9420 §12.4.2: a member merges its own Commit, it does not process it), which did
   * not make it onto the restored chain and so lost before the restart. Dropped, never chosen.
   */
  record Own<S>() implements Staging<S> {}

  static <S> Staging<S> valid(StagedCandidate<S> candidate) {
    return new Valid<>(candidate);
  }

  static <S> Staging<S> invalid(String code, String reason) {
    return new Invalid<>(code, reason);
  }
}
