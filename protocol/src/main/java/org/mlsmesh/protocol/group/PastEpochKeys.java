package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.framing.ContentType;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PrivateMessage;

/**
 * The message keys of some epochs of a state that is given up, to read late application messages of
 * those epochs (RFC 9420 §14). A member that leaves its branch of the group for another one that
 * shares the older epochs (a rejoin after a partition, RFC 9750 §5.2.2) keeps what it would have
 * kept of the shared epochs, and nothing of the others. Owns copies of the keys; {@link #destroy}
 * erases them.
 */
public final class PastEpochKeys implements Destroyable {
  private final Bytes groupId;
  private final CryptoProvider crypto;

  /** Newest first. */
  private final List<EpochKeys> keys;

  private PastEpochKeys(Bytes groupId, CryptoProvider crypto, List<EpochKeys> keys) {
    this.groupId = groupId;
    this.crypto = crypto;
    this.keys = keys;
  }

  /**
   * Copies of the keys {@code state} holds for epochs {@code throughEpoch} and older (its current
   * epoch's and the past ones it retains).
   */
  public static PastEpochKeys of(GroupState state, long throughEpoch) {
    Objects.requireNonNull(state, "state");
    List<EpochKeys> copies = new ArrayList<>();
    List<EpochKeys> held = new ArrayList<>();
    held.add(state.keys());
    held.addAll(state.pastKeys());
    for (EpochKeys k : held) {
      if (k.epoch() <= throughEpoch && !k.isDestroyed()) {
        copies.add(k.copy());
      }
    }
    return new PastEpochKeys(state.epoch().groupId(), state.epoch().crypto(), copies);
  }

  /**
   * Decrypts and verifies an application message of one of the kept epochs (RFC 9420 §6.3): the
   * same checks as {@link GroupState#process} for a past epoch.
   */
  public Processed.Application open(MlsMessage message)
      throws DecodeException, ValidationException {
    PrivateMessage pm =
        message
            .privateMessage()
            .orElseThrow(
                () ->
                    new ValidationException(
                        ValidationCode.WIRE_FORMAT_UNEXPECTED, message.wireFormat().toString()));
    MessageProcessor.checkGroup(groupId, pm.groupId());
    if (pm.contentType() != ContentType.APPLICATION) {
      throw new ValidationException(
          ValidationCode.WIRE_FORMAT_UNEXPECTED, "a past epoch reads application messages only");
    }
    EpochKeys epochKeys = keysOf(pm.epoch());
    return MessageProcessor.openPrivate(crypto, epochKeys, pm, () -> {}).application();
  }

  /** True when it holds the keys of epoch {@code epoch}. */
  public boolean holds(long epoch) {
    return keys.stream().anyMatch(k -> k.epoch() == epoch && !k.isDestroyed());
  }

  /** Erases the keys of epochs older than {@code epoch}. */
  public void eraseBefore(long epoch) {
    Iterator<EpochKeys> it = keys.iterator();
    while (it.hasNext()) {
      EpochKeys k = it.next();
      if (k.epoch() < epoch) {
        k.destroy();
        it.remove();
      }
    }
  }

  /** True when no keys are left. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }

  private EpochKeys keysOf(long epoch) throws ValidationException {
    for (EpochKeys k : keys) {
      if (k.epoch() == epoch && !k.isDestroyed()) {
        return k;
      }
    }
    throw new ValidationException(
        ValidationCode.WRONG_EPOCH, "epoch " + epoch + ", no past keys kept for it");
  }

  @Override
  public void destroy() {
    keys.forEach(EpochKeys::destroy);
    keys.clear();
  }

  @Override
  public boolean isDestroyed() {
    return keys.isEmpty();
  }

  @Override
  public String toString() {
    return "PastEpochKeys[" + keys.size() + " epochs, redacted]";
  }
}
