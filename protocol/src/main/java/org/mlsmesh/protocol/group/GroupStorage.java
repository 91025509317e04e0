package org.mlsmesh.protocol.group;

import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageRef;
import org.mlsmesh.protocol.message.EncryptedGroupSecrets;
import org.mlsmesh.protocol.tree.RatchetTree;

/** Group states and KeyPackages through the environment's {@link MlsStorage}. */
final class GroupStorage {
  private GroupStorage() {}

  private static MlsStorage of(GroupEnvironment env, String hint) {
    return env.storage()
        .orElseThrow(() -> new IllegalStateException("the environment has no storage" + hint));
  }

  /** See the overload of {@link GroupState#stageWelcome} without a KeyPackage. */
  static StagedWelcome stageWelcome(
      GroupEnvironment env,
      MlsMessage welcome,
      SignatureKeyPair signer,
      Optional<RatchetTree> tree,
      long nowMillis)
      throws DecodeException, ValidationException {
    MlsStorage storage = of(env, ": pass the KeyPackage");
    if (welcome.welcome().isEmpty()) {
      throw new ValidationException(
          ValidationCode.WIRE_FORMAT_UNEXPECTED, "expected a Welcome: " + welcome.wireFormat());
    }
    for (EncryptedGroupSecrets secrets : welcome.welcome().get().secrets()) {
      Optional<KeyPackageBundle> found = storage.keyPackage(new KeyPackageRef(secrets.newMember()));
      if (found.isPresent()) {
        KeyPackageBundle bundle = found.get();
        try {
          StagedWelcome staged =
              GroupState.stageWelcome(env, welcome, bundle, signer, tree, nowMillis);
          if (!bundle.isLastResort()) {
            // RFC 9420 §16.8: a KeyPackage is used once.
            staged.onJoin(() -> storage.deleteKeyPackage(bundle.ref()));
          }
          return staged;
        } finally {
          bundle.destroy();
        }
      }
    }
    throw new ValidationException(
        ValidationCode.WELCOME_NOT_FOR_KEY_PACKAGE,
        "the storage holds none of the Welcome's KeyPackages");
  }

  /** See {@link GroupState#load(GroupEnvironment, Bytes)}. */
  static Optional<GroupState> load(GroupEnvironment env, Bytes groupId) throws DecodeException {
    Optional<SavedGroupState> saved = of(env, "").groupState(groupId);
    if (saved.isEmpty()) {
      return Optional.empty();
    }
    try {
      GroupState state = GroupStateDecoder.decode(env, saved.get());
      if (!state.groupId().equals(groupId)) {
        state.destroy();
        throw new DecodeException("the state stored for " + groupId + " is of another group", 0);
      }
      state.markStored();
      return Optional.of(state);
    } finally {
      saved.get().destroy();
    }
  }

  /** Replaces the stored state of {@code state}'s group with {@code state}. */
  static void write(GroupState state) {
    SavedGroupState saved = GroupStateEncoder.encode(state);
    try {
      of(state.environment(), "").putGroupState(state.groupId(), state.currentEpoch(), saved);
    } finally {
      saved.destroy();
    }
  }
}
