package org.mlsmesh.node;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * One group as this node sees it ({@link MlsNode#status(GroupId)}).
 *
 * @param groupId the MLS group id
 * @param epoch the current epoch's number (RFC 9420 §8)
 * @param finalEpoch the newest epoch the fork choice made final
 * @param epochAuthenticator the current epoch's authenticator (§8.7)
 * @param members the members' identities in leaf order
 * @param delivered application messages delivered to the application since the actor started
 * @param dropped peer messages dropped as invalid since the actor started
 * @param settleWindowMillis the settle window in force: how long a Commit waits for competing ones
 *     before it is final (measured from delivery delays, by default)
 */
public record GroupStatus(
    GroupId groupId,
    long epoch,
    long finalEpoch,
    Bytes epochAuthenticator,
    List<MemberId> members,
    long delivered,
    long dropped,
    long settleWindowMillis) {
  public GroupStatus {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(epochAuthenticator, "epochAuthenticator");
    members = List.copyOf(members);
  }
}
