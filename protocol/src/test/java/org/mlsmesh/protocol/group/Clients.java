package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.ExternalSender;
import org.mlsmesh.protocol.message.Proposal;

/**
 * Clients of one cipher suite for group tests, all from one seed: identities, KeyPackages, a group
 * of several members, and delivery of a Commit to every member.
 */
final class Clients {
  /** 2023-11-14T22:13:20Z. */
  static final long NOW = 1_700_000_000_000L;

  static final Bytes GROUP_ID = Bytes.of("group".getBytes(StandardCharsets.UTF_8));
  static final CredentialValidator ACCEPT_ALL = (suite, credential, key, now) -> {};

  final CipherSuite suite;
  final SeededEntropySource random;
  GroupEnvironment env;

  /** Capabilities the KeyPackages of {@link #keyPackage} list besides the required ones. */
  private boolean supportSelfRemove = true;

  Capabilities extraCapabilities =
      new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of());

  Clients(CipherSuite suite, long seed, GroupConfig config) {
    this.suite = suite;
    this.random = new SeededEntropySource(seed);
    this.env =
        new GroupEnvironment(
            config,
            ACCEPT_ALL,
            new KeyPackageValidator(ACCEPT_ALL, LifetimePolicy.DEFAULT),
            PskStore.none(),
            random);
  }

  Clients(CipherSuite suite) {
    this(suite, 1, GroupConfig.DEFAULT);
  }

  /** A client identity: a signature key pair and a basic credential. */
  record Identity(String name, SignatureKeyPair signer, BasicCredential credential) {}

  Identity identity(String name) {
    return new Identity(
        name,
        suite.crypto().generateSignatureKeyPair(random),
        new BasicCredential(Bytes.of(name.getBytes(StandardCharsets.UTF_8))));
  }

  KeyPackageBundle keyPackage(Identity identity) {
    return KeyPackageBuilder.create(suite, identity.signer(), identity.credential())
        .validFor(NOW, Duration.ofDays(30))
        .additionalCapabilities(extraCapabilities)
        .supportSelfRemove(supportSelfRemove)
        .build(random);
  }

  /** The external_senders extension (RFC 9420 §12.1.8.1) naming {@code sender}. */
  static Extension externalSenders(Identity sender) {
    return new Extension(
        Extension.EXTERNAL_SENDERS,
        new TlsWriter()
            .vector(List.of(new ExternalSender(sender.signer().publicKey(), sender.credential())))
            .toBytes());
  }

  /** The identity of a basic credential, from its name. */
  static Bytes identityOf(String name) {
    return Bytes.of(name.getBytes(StandardCharsets.UTF_8));
  }

  GroupState create(Identity creator) {
    return create(creator, List.of());
  }

  GroupState create(Identity creator, List<Extension> extensions) {
    return GroupState.create(
        env, suite, GROUP_ID, extensions, creator.signer(), creator.credential(), NOW);
  }

  /** A group of {@code size} members; member 0 created it and added the others in one Commit. */
  Group group(int size) throws Exception {
    Group group = new Group();
    Identity creator = identity("member 0");
    group.states.add(create(creator));
    group.identities.add(creator);
    List<Proposal> adds = new ArrayList<>();
    List<KeyPackageBundle> bundles = new ArrayList<>();
    for (int i = 1; i < size; i++) {
      Identity identity = identity("member " + i);
      KeyPackageBundle bundle = keyPackage(identity);
      group.identities.add(identity);
      bundles.add(bundle);
      adds.add(new Add(bundle.keyPackage()));
    }
    if (!adds.isEmpty()) {
      CommitResult result =
          group.states.get(0).commit(CommitOptions.defaults().withProposals(adds), NOW);
      group.states.set(0, result.staged().merge());
      for (int i = 1; i < size; i++) {
        group.states.add(
            join(result.welcome().orElseThrow(), bundles.get(i - 1), group.identities.get(i)));
      }
    }
    return group;
  }

  GroupState join(MlsMessage welcome, KeyPackageBundle bundle, Identity identity) throws Exception {
    return GroupState.stageWelcome(env, welcome, bundle, identity.signer(), Optional.empty(), NOW)
        .join();
  }

  /** KeyPackages made from now on also list the proposal types {@code types}. */
  /** KeyPackages made from now on do not list SelfRemove. */
  Clients withoutSelfRemove() {
    supportSelfRemove = false;
    return this;
  }

  Clients supportingProposals(Integer... types) {
    extraCapabilities =
        new Capabilities(List.of(), List.of(), List.of(), List.of(types), List.of());
    return this;
  }

  /** The states of a group's members, by member number (not leaf index). */
  final class Group {
    final List<GroupState> states = new ArrayList<>();
    final List<Identity> identities = new ArrayList<>();

    GroupState get(int member) {
      return states.get(member);
    }

    /**
     * Member {@code committer} commits; every other member processes the Commit and merges; the
     * committer merges its own staged commit. Returns the result.
     */
    CommitResult commit(int committer, CommitOptions options) throws Exception {
      CommitResult result = states.get(committer).commit(options, NOW);
      deliver(committer, result);
      return result;
    }

    /** Sends {@code proposal} from {@code from} to every other member, which queue it. */
    void broadcast(int from, MlsMessage proposal) throws Exception {
      for (int i = 0; i < states.size(); i++) {
        if (i != from && states.get(i) != null) {
          assertThat(states.get(i).process(proposal, NOW))
              .isInstanceOf(Processed.ProposalQueued.class);
        }
      }
    }

    void deliver(int committer, CommitResult result) throws Exception {
      for (int i = 0; i < states.size(); i++) {
        if (i == committer || states.get(i) == null) {
          continue;
        }
        Processed processed = states.get(i).process(result.commit(), NOW);
        if (processed instanceof Processed.Removed) {
          states.set(i, null);
          continue;
        }
        assertThat(processed).isInstanceOf(Processed.CommitStaged.class);
        states.set(i, ((Processed.CommitStaged) processed).commit().merge());
      }
      states.set(committer, result.staged().merge());
    }

    /** Every remaining member agrees on the epoch, its authenticator and an exporter output. */
    void assertInSync() {
      GroupState first = null;
      for (GroupState state : states) {
        if (state == null) {
          continue;
        }
        if (first == null) {
          first = state;
          continue;
        }
        assertThat(state.currentEpoch()).isEqualTo(first.currentEpoch());
        assertThat(state.groupContext()).isEqualTo(first.groupContext());
        assertThat(state.epochAuthenticator()).isEqualTo(first.epochAuthenticator());
        assertThat(state.exporter("test", Bytes.EMPTY, 32))
            .isEqualTo(first.exporter("test", Bytes.EMPTY, 32));
      }
    }
  }
}
