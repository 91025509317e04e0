package org.mlsmesh.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.tree.LeafIndex;

/** One member in a test: a fork choice over a fake group, with every effect it produced. */
final class Peer {
  final long leaf;
  final FakeAdapter adapter = new FakeAdapter();
  final List<Effect> effects = new ArrayList<>();
  ForkChoice<FakeState> fc;
  long now;

  Peer(FakeState genesis, long leaf, ForkChoiceConfig config) {
    this(genesis, leaf, config, Optional.empty());
  }

  Peer(FakeState genesis, long leaf, ForkChoiceConfig config, Optional<LeafIndex> creator) {
    this.leaf = leaf;
    this.fc = ForkChoice.create(adapter, config, adapter.track(genesis.as(leaf)), creator);
  }

  /** Feeds {@code input} at the current time and returns this step's effects. */
  List<Effect> apply(Input input) {
    Step<FakeState> step = fc.onInput(input, now);
    fc = step.next();
    effects.addAll(step.effects());
    return step.effects();
  }

  List<Effect> receive(FakeCommit commit) {
    return apply(commit.received());
  }

  /** Advances the clock by {@code millis} and fires the settle timer. */
  List<Effect> advance(long millis) {
    now += millis;
    return apply(new Input.TimerFired(TimerKey.SETTLE));
  }

  <T extends Effect> List<T> effectsOf(Class<T> type) {
    return of(effects, type);
  }

  static <T extends Effect> List<T> of(List<Effect> effects, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Effect e : effects) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }

  EpochId head() {
    return fc.headEpoch();
  }
}
