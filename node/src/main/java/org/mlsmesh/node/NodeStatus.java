package org.mlsmesh.node;

/**
 * A node's gossip-layer health at one moment, for monitoring: how well it is linked and what it
 * refused. Invalid input from peers is dropped and counted here, never thrown; a rising count names
 * a misbehaving or incompatible peer. The counters start at zero when the node starts. Per-group
 * counters (such as group messages dropped) are in {@link GroupStatus}.
 *
 * @param peersLinked peers in the gossip active view: those this node has a link to and gossips
 *     with
 * @param invalidFrames frames from peers that did not parse, were oversized or of another version
 * @param rejectedMessages messages a validation hook rejected before they were relayed (garbage on
 *     the directory or a group topic); each one penalized its sender
 * @param bans peers banned for reaching the penalty threshold
 * @param refusedHandshakes connections refused before they became links: a failed TLS handshake
 *     (such as bytes that are not TLS) or a peer key other than the one expected
 * @param refusedInputs inputs the gossip engine refused by throwing, dropped by the node
 * @param deliveredMessages new messages delivered on subscribed topics
 * @param retainedMessages messages held for peers' anti-entropy pulls, over all subscribed topics
 * @param droppedWelcomes direct messages on the Welcome channel that could not be used
 */
public record NodeStatus(
    int peersLinked,
    long invalidFrames,
    long rejectedMessages,
    long bans,
    long refusedHandshakes,
    long refusedInputs,
    long deliveredMessages,
    long retainedMessages,
    long droppedWelcomes) {}
