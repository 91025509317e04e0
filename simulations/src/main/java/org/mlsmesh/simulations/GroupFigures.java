package org.mlsmesh.simulations;

/**
 * What a many-groups run measured beyond delivery (NaN and 0 in a run of one global topic).
 *
 * @param groups groups in the run
 * @param payloadRatioP50 median over live peers in a group of: payload bytes received over the
 *     payload of the messages of its own groups that others published
 * @param payloadRatioMax the largest such ratio (the target is 2 or less)
 * @param nonMemberFrames frames of a group's topic that reached a peer not a member of it
 */
public record GroupFigures(
    int groups, double payloadRatioP50, double payloadRatioMax, long nonMemberFrames) {
  public static final GroupFigures NONE = new GroupFigures(0, Double.NaN, Double.NaN, 0);
}
