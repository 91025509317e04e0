package org.mlsmesh.app.cli;

import java.util.List;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop: the command stops its node and returns its own exit
 * code, instead of the JVM exiting at once with 128 + the signal's number.
 */
final class StopSignals {
  private static final List<String> NAMES = List.of("TERM", "INT");

  private StopSignals() {}

  /**
   * Calls {@code stop} (on a thread of its own) when the process gets SIGTERM or SIGINT. A signal
   * the JVM does not let us handle (-Xrs, or ignored since the process started) keeps its default.
   */
  static void onStop(Runnable stop) {
    for (String name : NAMES) {
      try {
        Signal.handle(new Signal(name), signal -> new Thread(stop, "mlsmesh-stop").start());
      } catch (IllegalArgumentException e) {
        // not available on this platform or JVM: the shutdown hook still closes the node
      }
    }
  }
}
