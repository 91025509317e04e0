package org.mlsmesh.node.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of the JVM's threads by kind (the nodes' actors, their Netty I/O, the SQLite
 * writers, Pekko's schedulers, the benchmark's own thread, other Java threads), and of the JVM
 * itself (GC, JIT: the process's CPU time that no Java thread accounts for). A snapshot; the
 * difference of two is where the CPU went in between.
 */
final class ThreadCpu {
  private final Map<Long, Long> byThread;
  private final Map<Long, String> kinds;
  private final long process;

  private ThreadCpu(Map<Long, Long> byThread, Map<Long, String> kinds, long process) {
    this.byThread = byThread;
    this.kinds = kinds;
    this.process = process;
  }

  static ThreadCpu now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> byThread = new HashMap<>();
    Map<Long, String> kinds = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        byThread.put(info.getThreadId(), cpu);
        kinds.put(info.getThreadId(), kind(info.getThreadName()));
      }
    }
    long process =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    return new ThreadCpu(byThread, kinds, process);
  }

  private static String kind(String name) {
    if (name.contains("pekko.actor.default-dispatcher")) {
      return "actors";
    } else if (name.contains("pekko.actor.internal-dispatcher")) {
      return "pekko-internal";
    } else if (name.contains("scheduler")) {
      return "pekko-scheduler";
    } else if (name.contains("IoEventLoop")) {
      return "netty-io";
    } else if (name.startsWith("mlsmesh-storage")) {
      return "storage-writer";
    } else if (name.contains("jmh-worker")) {
      return "benchmark-thread";
    }
    return "other-java";
  }

  /** CPU nanoseconds by kind from {@code before} to this snapshot, and the JVM's own as "jvm". */
  Map<String, Long> since(ThreadCpu before) {
    Map<String, Long> out = new TreeMap<>();
    long java = 0;
    for (Map.Entry<Long, Long> e : byThread.entrySet()) {
      long delta = e.getValue() - before.byThread.getOrDefault(e.getKey(), 0L);
      java += delta;
      out.merge(kinds.get(e.getKey()), delta, Long::sum);
    }
    out.put("jvm-gc-jit", Math.max(0, process - before.process - java));
    return out;
  }
}
