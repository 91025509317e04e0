package org.mlsmesh.consensus;

/**
 * Counters of a {@link ForkChoice}, for metrics and simulations.
 *
 * @param applied Commits that moved the head forward
 * @param forks valid Commits that arrived for an epoch that already had a valid child
 * @param rollbacks times the head went back to a snapshot
 * @param invalid Commits rejected by staging
 * @param dropped Commits dropped without staging (losing branch, too late, buffer)
 * @param settled epochs made final
 * @param resends application messages re-sent
 * @param rebuilds Commit or proposal intents handed back
 * @param equivocations equivocations flagged
 * @param delivered application messages delivered
 * @param duplicates application message copies not delivered again
 */
public record ForkChoiceStats(
    long applied,
    long forks,
    long rollbacks,
    long invalid,
    long dropped,
    long settled,
    long resends,
    long rebuilds,
    long equivocations,
    long delivered,
    long duplicates) {}
