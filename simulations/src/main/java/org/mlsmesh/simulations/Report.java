package org.mlsmesh.simulations;

import java.util.Locale;

/**
 * What one simulation measured.
 *
 * @param deliveryRatio delivered (message, peer) pairs over expected ones at the end of the run;
 *     expected: every message published by an honest peer, at every honest peer alive at the end
 *     other than its publisher
 * @param healRatio for a partition: the same ratio, for messages published before the heal, counted
 *     5 s after the heal (NaN without a partition)
 * @param latencyP50Millis median virtual time from publish to delivery
 * @param latencyP99Millis 99th percentile of it
 * @param hopsP50 median links travelled
 * @param hopsP99 99th percentile of it
 * @param copiesPerPeerPerMessage payload frames received by honest live peers, per peer and message
 *     (1.0 is optimal)
 * @param controlBytes bytes of all frames other than payload pushes
 * @param controlBytesPerPeerPerSecond the same, per peer and virtual second
 * @param bans bans issued by honest peers
 * @param events events processed
 * @param traceSha256 hex SHA-256 over every event the run processed
 * @param wallMillis wall-clock time of the run
 * @param cpuMillis CPU time of the thread that ran it (less than the wall time on a busy machine)
 * @param groups the figures of a many-groups run ({@link GroupFigures#NONE} otherwise)
 */
public record Report(
    Scenario scenario,
    int messages,
    int livePeers,
    double deliveryRatio,
    double healRatio,
    long latencyP50Millis,
    long latencyP99Millis,
    int hopsP50,
    int hopsP99,
    double copiesPerPeerPerMessage,
    long controlBytes,
    double controlBytesPerPeerPerSecond,
    long bans,
    long events,
    String traceSha256,
    long wallMillis,
    long cpuMillis,
    GroupFigures groups) {

  public String summary() {
    String groupLines =
        groups.groups() == 0
            ? ""
            : String.format(
                Locale.ROOT,
                "%ngroups              %d%n"
                    + "payload / own groups p50 %.3f, max %.3f%n"
                    + "frames at non-members %d%n"
                    + "latency in direct link latencies p50/p99 %.2f / %.2f",
                groups.groups(),
                groups.payloadRatioP50(),
                groups.payloadRatioMax(),
                groups.nonMemberFrames(),
                groups.linkLatenciesP50(),
                groups.linkLatenciesP99());
    return String.format(
            Locale.ROOT,
            "peers=%d messages=%d live=%d loss=%.2f crash=%.2f partition=%s adversaries=%d"
                + " seed=%d%ndelivery ratio      %.6f%nafter heal + 5 s    %s%nlatency ms p50/p99 "
                + " %d / %d%nhops p50/p99        %d / %d%ncopies/peer/message %.3f%ncontrol bytes  "
                + "     %d (%.0f B/peer/s)%nbans                %d%nevents              %d%ntrace"
                + " sha-256       %s%nwall time           %.1f s, CPU %.1f s (virtual %.0f s)",
            scenario.peers(),
            messages,
            livePeers,
            scenario.loss(),
            scenario.crashFraction(),
            scenario.hasPartition()
                ? scenario.partitionAtMillis() + ".." + scenario.healAtMillis() + " ms"
                : "none",
            scenario.adversaries(),
            scenario.seed(),
            deliveryRatio,
            Double.isNaN(healRatio) ? "n/a" : String.format(Locale.ROOT, "%.6f", healRatio),
            latencyP50Millis,
            latencyP99Millis,
            hopsP50,
            hopsP99,
            copiesPerPeerPerMessage,
            controlBytes,
            controlBytesPerPeerPerSecond,
            bans,
            events,
            traceSha256,
            wallMillis / 1000.0,
            cpuMillis / 1000.0,
            scenario.durationMillis() / 1000.0)
        + groupLines;
  }
}
