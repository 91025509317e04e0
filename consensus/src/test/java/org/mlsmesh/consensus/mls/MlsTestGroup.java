package org.mlsmesh.consensus.mls;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.consensus.ForkChoice;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Proposal;

/** A real MLS group of {@code size} members from one seed, each with its own fork choice. */
final class MlsTestGroup {
  static final long NOW = 1_700_000_000_000L;
  static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  static final Bytes GROUP_ID = Bytes.of("mesh".getBytes(StandardCharsets.UTF_8));
  static final CredentialValidator ACCEPT_ALL = (suite, credential, key, now) -> {};

  final SeededEntropySource random;
  final GroupEnvironment env;
  final List<SignatureKeyPair> signers = new ArrayList<>();
  final List<GroupState> genesis = new ArrayList<>();
  final List<MlsGroupAdapter> adapters = new ArrayList<>();
  long now = NOW;

  MlsTestGroup(int size, long seed, boolean encryptHandshake) throws Exception {
    random = new SeededEntropySource(seed);
    env =
        new GroupEnvironment(
            GroupConfig.DEFAULT.withEncryptHandshake(encryptHandshake),
            ACCEPT_ALL,
            new KeyPackageValidator(ACCEPT_ALL, LifetimePolicy.DEFAULT),
            PskStore.none(),
            random);
    List<KeyPackageBundle> bundles = new ArrayList<>();
    List<Proposal> adds = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      SignatureKeyPair signer = SUITE.crypto().generateSignatureKeyPair(random);
      signers.add(signer);
      if (i > 0) {
        KeyPackageBundle bundle =
            KeyPackageBuilder.create(SUITE, signer, credential(i))
                .validFor(NOW, Duration.ofDays(30))
                .build(random);
        bundles.add(bundle);
        adds.add(new Add(bundle.keyPackage()));
      }
      adapters.add(new MlsGroupAdapter(SUITE, () -> now));
    }
    GroupState creator =
        GroupState.create(env, SUITE, GROUP_ID, List.of(), signers.get(0), credential(0), NOW);
    CommitResult result = creator.commit(CommitOptions.defaults().withProposals(adds), NOW);
    genesis.add(result.staged().merge());
    creator.destroy();
    MlsMessage welcome = result.welcome().orElseThrow();
    for (int i = 1; i < size; i++) {
      genesis.add(
          GroupState.stageWelcome(
                  env, welcome, bundles.get(i - 1), signers.get(i), Optional.empty(), NOW)
              .join());
    }
  }

  static BasicCredential credential(int i) {
    return new BasicCredential(Bytes.of(("member " + i).getBytes(StandardCharsets.UTF_8)));
  }

  ForkChoice<GroupState> forkChoice(int member, ForkChoiceConfig config) {
    return ForkChoice.create(
        adapters.get(member), config, genesis.get(member), Optional.of(genesis.get(0).ownLeaf()));
  }

  static MlsMessage decode(Bytes wire) throws Exception {
    return TlsReader.decodeAll(wire, MlsMessage::decode);
  }
}
