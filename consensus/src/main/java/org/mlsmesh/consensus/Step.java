package org.mlsmesh.consensus;

import java.util.List;
import java.util.Objects;

/**
 * The result of one input: the machine to use for the next input and what the shell must do, in
 * order.
 *
 * @param next the fork choice after the input (the same single-owner instance, advanced)
 * @param effects the effects, to be performed in list order
 * @param <S> the group state type
 */
public record Step<S>(ForkChoice<S> next, List<Effect> effects) {
  public Step {
    Objects.requireNonNull(next, "next");
    effects = List.copyOf(effects);
  }
}
