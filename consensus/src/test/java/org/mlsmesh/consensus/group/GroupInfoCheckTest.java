package org.mlsmesh.consensus.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The GroupInfo a rejoining member commits into: accepted only when of our group, signed by the
 * member asked under the key we know, and of the epoch its last beacon announced. Each {@link
 * RejoinCode} has a negative case here; {@link #everyCodeHasANegativeCase} fails otherwise.
 */
class GroupInfoCheckTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final SecureEntropySource RANDOM = new SecureEntropySource();
  private static final Set<RejoinCode> COVERED = EnumSet.noneOf(RejoinCode.class);

  private final Bytes contact = text("contact");
  private final EpochId epochId = EpochId.of(Bytes.wrap(RANDOM.randomBytes(32)));
  private SignatureKeyPair key;
  private GroupState state;
  private Beacon beacon;

  @BeforeEach
  void group() throws Exception {
    key = SUITE.crypto().generateSignatureKeyPair(RANDOM);
    state =
        GroupState.create(
            environment(),
            SUITE,
            Bytes.wrap(RANDOM.randomBytes(16)),
            List.of(),
            key,
            new BasicCredential(contact),
            System.currentTimeMillis());
    beacon = new Beacon(LeafIndex.of(0), state.currentEpoch(), epochId, List.of());
  }

  @AfterAll
  static void everyCodeHasANegativeCase() {
    assertThat(COVERED).containsExactlyInAnyOrder(RejoinCode.values());
  }

  @Test
  void aGroupInfoOfTheAskedMemberInItsBeaconsEpochIsAccepted() throws Exception {
    GroupInfoCheck.Verified v = check(answer(state.groupInfo(true, true)), Optional.of(beacon));
    assertThat(v.epoch()).isEqualTo(epochId);
    assertThat(v.groupInfo().groupInfo().orElseThrow().groupContext().groupId())
        .isEqualTo(state.groupId());
    assertThat(v.ownOldLeaf()).as("no leaf of ours in it").isEmpty();
    GroupInfoCheck.Verified own =
        GroupInfoCheck.check(
            SUITE,
            state.groupId(),
            answer(state.groupInfo(true, true)),
            contact,
            key.publicKey(),
            Optional.of(beacon),
            contact);
    assertThat(own.ownOldLeaf()).contains(LeafIndex.of(0));
  }

  @Test
  void aMalformedAnswerIsRefused() {
    Bytes good = answer(state.groupInfo(true, true));
    expect(RejoinCode.ANSWER_MALFORMED, () -> check(good.slice(0, good.length() - 3), beacon()));
    Bytes notGroupInfo =
        new TlsWriter()
            .vlBytes(state.groupId())
            .vlBytes(epochId.value())
            .vlBytes(Bytes.EMPTY)
            .toBytes();
    expect(RejoinCode.ANSWER_MALFORMED, () -> check(notGroupInfo, beacon()));
  }

  @Test
  void aGroupInfoOfAnotherGroupIsRefused() {
    expect(
        RejoinCode.GROUP_MISMATCH,
        () ->
            GroupInfoCheck.check(
                SUITE,
                Bytes.wrap(RANDOM.randomBytes(16)),
                answer(state.groupInfo(true, true)),
                contact,
                key.publicKey(),
                beacon(),
                text("me")));
  }

  @Test
  void aGroupInfoWithoutItsRatchetTreeIsRefused() {
    expect(
        RejoinCode.RATCHET_TREE_MISSING,
        () -> check(answer(state.groupInfo(false, true)), beacon()));
  }

  @Test
  void aGroupInfoSignedByAnotherMemberOrKeyIsRefused() throws Exception {
    Bytes answer = answer(state.groupInfo(true, true));
    expect(
        RejoinCode.SIGNER_NOT_CONTACT,
        () ->
            GroupInfoCheck.check(
                SUITE,
                state.groupId(),
                answer,
                text("someone else"),
                key.publicKey(),
                beacon(),
                text("me")));
    Bytes otherKey = SUITE.crypto().generateSignatureKeyPair(RANDOM).publicKey();
    expect(
        RejoinCode.SIGNER_NOT_CONTACT,
        () ->
            GroupInfoCheck.check(
                SUITE, state.groupId(), answer, contact, otherKey, beacon(), text("me")));
  }

  @Test
  void aGroupInfoWithABadSignatureIsRefused() {
    GroupInfo info = state.groupInfo(true, true).groupInfo().orElseThrow();
    byte[] signature = info.signature().toByteArray();
    signature[0] ^= 1;
    GroupInfo forged =
        new GroupInfo(
            info.groupContext(),
            info.extensions(),
            info.confirmationTag(),
            info.signer(),
            Bytes.wrap(signature));
    expect(RejoinCode.SIGNATURE_INVALID, () -> check(answer(MlsMessage.of(forged)), beacon()));
  }

  @Test
  void aGroupInfoOfAnotherEpochThanTheBeaconIsRefused() {
    Bytes answer = answer(state.groupInfo(true, true));
    expect(RejoinCode.EPOCH_NOT_BEACON, () -> check(answer, Optional.empty()));
    Beacon later = new Beacon(LeafIndex.of(0), state.currentEpoch() + 1, epochId, List.of());
    expect(RejoinCode.EPOCH_NOT_BEACON, () -> check(answer, Optional.of(later)));
    Beacon other =
        new Beacon(
            LeafIndex.of(0),
            state.currentEpoch(),
            EpochId.of(Bytes.wrap(RANDOM.randomBytes(32))),
            List.of());
    expect(RejoinCode.EPOCH_NOT_BEACON, () -> check(answer, Optional.of(other)));
  }

  private Optional<Beacon> beacon() {
    return Optional.of(beacon);
  }

  private GroupInfoCheck.Verified check(Bytes answer, Optional<Beacon> beacon)
      throws RejoinException {
    return GroupInfoCheck.check(
        SUITE, state.groupId(), answer, contact, key.publicKey(), beacon, text("me"));
  }

  private Bytes answer(MlsMessage groupInfo) {
    return new TlsWriter()
        .vlBytes(state.groupId())
        .vlBytes(epochId.value())
        .vlBytes(groupInfo.encoded())
        .toBytes();
  }

  private static void expect(RejoinCode code, Executable check) {
    assertThatThrownBy(check::execute)
        .isInstanceOfSatisfying(RejoinException.class, e -> assertThat(e.code()).isEqualTo(code));
    COVERED.add(code);
  }

  private static Bytes text(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static GroupEnvironment environment() {
    CredentialValidator credentials = BasicCredentialValidator.insecureAcceptingAnyIdentity();
    return new GroupEnvironment(
        GroupConfig.DEFAULT,
        credentials,
        new KeyPackageValidator(credentials, LifetimePolicy.DEFAULT),
        PskStore.none(),
        new SecureEntropySource());
  }
}
