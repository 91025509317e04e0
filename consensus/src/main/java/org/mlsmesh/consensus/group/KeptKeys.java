package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.mls.MeshException;
import org.mlsmesh.consensus.mls.MlsGroupAdapter;
import org.mlsmesh.consensus.mls.ReceivedApplication;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.group.PastEpochKeys;
import org.mlsmesh.protocol.group.ValidationException;

/**
 * The keys of the epochs a rejoiner's lost branch shared with the survivor, kept after the rejoin
 * for late application messages of those epochs: its new state, made by an external Commit, keeps
 * no past epoch (RFC 9420 §14). Kept no longer than a member that stayed keeps them (the group's
 * number of past epochs) and than a message may be late (the replay age); erased when the member
 * leaves. Holds secrets; never printed.
 */
final class KeptKeys {
  private record Kept(PastEpochKeys keys, long untilMillis) {}

  private final List<Kept> kept = new ArrayList<>();

  void keep(PastEpochKeys keys, long untilMillis) {
    if (keys.isEmpty()) {
      return;
    }
    kept.add(new Kept(keys, untilMillis));
  }

  /** Opens {@code message} with the kept keys of its epoch, if any decrypt it. */
  Optional<ReceivedApplication> open(
      MlsGroupAdapter adapter, EpochId epoch, GroupFrame.Application message) {
    long number = message.message().privateMessage().map(m -> m.epoch()).orElse(Long.MIN_VALUE);
    for (Kept k : kept) {
      if (!k.keys().holds(number)) {
        continue;
      }
      try {
        return Optional.of(adapter.openPast(k.keys(), epoch, message.wire()));
      } catch (DecodeException | ValidationException | MeshException e) {
        // Not this branch's epoch of that number (or not valid at all): the caller refuses it.
      }
    }
    return Optional.empty();
  }

  /** Erases what is kept past {@code nowMillis}, and the keys of epochs before {@code epoch}. */
  void erase(long nowMillis, long epoch) {
    Iterator<Kept> it = kept.iterator();
    while (it.hasNext()) {
      Kept k = it.next();
      k.keys().eraseBefore(epoch);
      if (nowMillis > k.untilMillis() || k.keys().isEmpty()) {
        k.keys().destroy();
        it.remove();
      }
    }
  }

  void destroy() {
    kept.forEach(k -> k.keys().destroy());
    kept.clear();
  }

  @Override
  public String toString() {
    return "KeptKeys[" + kept.size() + ", redacted]";
  }
}
