package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.schedule.EpochSecrets;
import org.mlsmesh.protocol.schedule.KeySchedule;
import org.mlsmesh.protocol.schedule.PskSecret;
import org.mlsmesh.protocol.schedule.TranscriptHashes;

/**
 * The key schedule step of a Commit, the same for its sender and its receivers (RFC 9420 §8,
 * §12.4.1, §12.4.2): the confirmed transcript hash over the signed Commit, the new GroupContext,
 * the joiner secret and epoch secrets, and the confirmation tag the Commit must carry.
 */
final class EpochTransition implements Destroyable {
  final GroupContext context;
  final Secret joinerSecret;
  final EpochSecrets secrets;
  final Bytes confirmationTag;

  private EpochTransition(
      GroupContext context, Secret joinerSecret, EpochSecrets secrets, Bytes confirmationTag) {
    this.context = context;
    this.joinerSecret = joinerSecret;
    this.secrets = secrets;
    this.confirmationTag = confirmationTag;
  }

  /**
   * @param provisional the GroupContext of the new epoch with the old confirmed transcript hash
   * @param interimBefore the interim transcript hash of the old epoch
   * @param initSecret the old epoch's init_secret (or the external init secret)
   * @param commitSecret path_secret[n+1], or zero without a path
   * @param pskSecret the folded PSKs of the Commit
   */
  static EpochTransition run(
      CryptoProvider crypto,
      GroupContext provisional,
      Bytes interimBefore,
      Secret initSecret,
      Secret commitSecret,
      Secret pskSecret,
      WireFormat wireFormat,
      FramedContent content,
      Bytes signature) {
    Bytes confirmed =
        TranscriptHashes.confirmed(
            crypto, interimBefore, wireFormat.code, content.encoded(), signature);
    GroupContext context =
        new GroupContext(
            provisional.version(),
            provisional.cipherSuite(),
            provisional.groupId(),
            provisional.epoch(),
            provisional.treeHash(),
            confirmed,
            provisional.extensions());
    Secret joiner = KeySchedule.joinerSecret(crypto, initSecret, commitSecret, context);
    EpochSecrets secrets = KeySchedule.epochSecrets(crypto, joiner, pskSecret, context);
    return new EpochTransition(context, joiner, secrets, secrets.confirmationTag(confirmed));
  }

  /** The interim transcript hash of the new epoch (§8.2). */
  Bytes interimTranscriptHash(CryptoProvider crypto) {
    return TranscriptHashes.interim(crypto, context.confirmedTranscriptHash(), confirmationTag);
  }

  /** psk_secret of the PSKs named by {@code ids}, in order (§8.4); the caller owns the result. */
  static Secret pskSecret(GroupState state, List<PreSharedKeyId> ids) throws ValidationException {
    return pskSecret(state, ids, PskStore.none());
  }

  /** psk_secret where {@code first} is asked before the group's own lookup. */
  static Secret pskSecret(GroupState state, List<PreSharedKeyId> ids, PskStore first)
      throws ValidationException {
    List<PskSecret.Input> inputs = new ArrayList<>(ids.size());
    for (PreSharedKeyId id : ids) {
      Optional<Secret> found = first.find(id);
      Secret psk =
          (found.isPresent() ? found : state.findPsk(id))
              .orElseThrow(
                  () -> new ValidationException(ValidationCode.PSK_UNAVAILABLE, id.toString()));
      inputs.add(new PskSecret.Input(id, psk));
    }
    return PskSecret.compute(state.epoch().crypto(), inputs);
  }

  /** Erases the joiner secret; the epoch secrets go on to the new epoch. */
  @Override
  public void destroy() {
    joinerSecret.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return joinerSecret.isDestroyed();
  }

  @Override
  public String toString() {
    return "EpochTransition[epoch " + context.epoch() + ", redacted]";
  }
}
