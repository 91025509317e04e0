package org.mlsmesh.protocol.group;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * A Welcome that passed every check of RFC 9420 §12.4.3.1, with the epoch it leads into computed:
 * inspect the group (id, members, extensions, who added this client) before {@link #join() joining}
 * or {@link #discard() discarding} it.
 */
public final class StagedWelcome {
  private final GroupEnvironment env;
  private final Epoch epoch;
  private final SignatureKeyPair signer;
  private final TreePrivateKeys privateKeys;
  private final GroupInfo groupInfo;
  private Runnable onJoin = () -> {};
  private boolean done;

  StagedWelcome(
      GroupEnvironment env,
      Epoch epoch,
      SignatureKeyPair signer,
      TreePrivateKeys privateKeys,
      GroupInfo groupInfo) {
    this.env = Objects.requireNonNull(env, "env");
    this.epoch = Objects.requireNonNull(epoch, "epoch");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.privateKeys = Objects.requireNonNull(privateKeys, "privateKeys");
    this.groupInfo = Objects.requireNonNull(groupInfo, "groupInfo");
  }

  public Bytes groupId() {
    return epoch.groupId();
  }

  public long epoch() {
    return epoch.number();
  }

  public GroupContext groupContext() {
    return epoch.context;
  }

  public List<Extension> extensions() {
    return epoch.context.extensions();
  }

  public List<Member> members() {
    return GroupState.members(epoch.tree);
  }

  /** This client's leaf in the group. */
  public LeafIndex ownLeaf() {
    return privateKeys.leafIndex();
  }

  /** The member that signed the GroupInfo: the committer that added this client. */
  public Member sender() {
    return new Member(groupInfo.signer(), epoch.tree.leaf(groupInfo.signer()).orElseThrow());
  }

  /** The epoch authenticator of the epoch joined (§8.7). */
  public Bytes epochAuthenticator() {
    return epoch.secrets.epochAuthenticator().insecureAsBytes();
  }

  /**
   * Joins: the group state of this client in the Welcome's epoch.
   *
   * @throws IllegalStateException when already joined or discarded
   */
  public GroupState join() {
    if (done) {
      throw new IllegalStateException("this Welcome was already joined or discarded");
    }
    done = true;
    GroupState state = GroupState.enter(env, epoch, signer, privateKeys);
    onJoin.run();
    return state;
  }

  /** Runs {@code action} once joined (the KeyPackage used is deleted then: RFC 9420 §16.8). */
  void onJoin(Runnable action) {
    onJoin = action;
  }

  /** Erases the epoch secrets and private keys of a Welcome that will not be joined. */
  public void discard() {
    if (!done) {
      done = true;
      epoch.secrets.destroy();
      privateKeys.destroy();
    }
  }

  @Override
  public String toString() {
    return "StagedWelcome[group " + epoch.groupId() + ", epoch " + epoch.number() + "]";
  }
}
