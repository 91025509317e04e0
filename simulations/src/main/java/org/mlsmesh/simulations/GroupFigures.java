package org.mlsmesh.simulations;

/**
 * What a many-groups run measured beyond delivery (NaN and 0 in a run of one global topic).
 *
 * @param groups groups in the run
 * @param payloadRatioP50 median over live peers in a group of: payload bytes received over the
 *     payload of the messages of its own groups that others published
 * @param payloadRatioMax the largest such ratio (the target is 2 or less)
 * @param nonMemberFrames frames of a group's topic that reached a peer not a member of it
 * @param linkLatenciesP50 median over deliveries of: the delivery's latency over the latency of the
 *     direct link from the publisher to the member (its base latency plus the jitter bound, the
 *     most one frame over it takes)
 * @param linkLatenciesP99 the 99th percentile of the same (the target for groups of 5 is 2 or less)
 */
public record GroupFigures(
    int groups,
    double payloadRatioP50,
    double payloadRatioMax,
    long nonMemberFrames,
    double linkLatenciesP50,
    double linkLatenciesP99) {
  public static final GroupFigures NONE =
      new GroupFigures(0, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);
}
