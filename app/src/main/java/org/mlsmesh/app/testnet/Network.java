package org.mlsmesh.app.testnet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The testnet's network: one Linux network namespace per node, each with a veth link to a bridge in
 * a hub namespace of its own, and an nftables table per node for the faults (partitions, random
 * loss). Every address is inside these namespaces; {@link #close()} deletes them all.
 */
final class Network implements AutoCloseable {
  private static final String PREFIX = "mlsmesh-tn-";
  private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-\\S+");
  private static final String TABLE = "mlsmesh_testnet";

  private final String tag;
  private final int size;
  private final List<String> created = new ArrayList<>();

  private Network(String tag, int size) {
    this.tag = tag;
    this.size = size;
  }

  /** Creates the hub with its bridge and {@code size} node namespaces linked to it. */
  static Network create(int size) throws IOException {
    removeStale();
    Network net = new Network(String.valueOf(ProcessHandle.current().pid()), size);
    try {
      net.build();
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
    return net;
  }

  private void build() throws IOException {
    String hub = hub();
    Shell.run("ip", "netns", "add", hub);
    created.add(hub);
    Shell.run("ip", "-n", hub, "link", "add", "br0", "type", "bridge");
    Shell.run("ip", "-n", hub, "link", "set", "br0", "up");
    for (int i = 0; i < size; i++) {
      String ns = namespace(i);
      String hostSide = "tn" + tag + "h" + i;
      if (hostSide.length() > 15) {
        hostSide = "tn" + (Long.parseLong(tag) % 100_000) + "h" + i;
      }
      Shell.run("ip", "netns", "add", ns);
      created.add(ns);
      Shell.run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", ns);
      Shell.run("ip", "link", "set", hostSide, "netns", hub);
      Shell.run("ip", "-n", hub, "link", "set", hostSide, "master", "br0");
      Shell.run("ip", "-n", hub, "link", "set", hostSide, "up");
      Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
      Shell.run("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0");
      Shell.run("ip", "-n", ns, "link", "set", "eth0", "up");
      nft(i, "add table inet " + TABLE);
      nft(
          i,
          "add chain inet " + TABLE + " in { type filter hook input priority 0; policy accept; }");
      nft(
          i,
          "add chain inet "
              + TABLE
              + " out { type filter hook output priority 0; policy accept; }");
    }
  }

  String hub() {
    return PREFIX + tag + "-hub";
  }

  /** The namespace of node {@code i}. */
  String namespace(int i) {
    return PREFIX + tag + "-n" + i;
  }

  /** Node {@code i}'s address on the bridge. */
  static String address(int i) {
    return "10.77.0." + (i + 1);
  }

  /** Cuts every node of {@code side} off the nodes not in it, both ways. */
  void partition(Collection<Integer> side) throws IOException {
    List<Integer> other = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (!side.contains(i)) {
        other.add(i);
      }
    }
    for (int i = 0; i < size; i++) {
      List<Integer> far = side.contains(i) ? other : List.copyOf(side);
      if (far.isEmpty()) {
        continue;
      }
      String set = far.stream().map(Network::address).collect(Collectors.joining(", ", "{ ", " }"));
      nft(i, "add rule inet " + TABLE + " in ip saddr " + set + " drop");
      nft(i, "add rule inet " + TABLE + " out ip daddr " + set + " drop");
    }
  }

  /** Drops {@code percent} of the packets each node receives on the bridge, at random. */
  void loss(int percent) throws IOException {
    for (int i = 0; i < size; i++) {
      nft(
          i,
          "add rule inet "
              + TABLE
              + " in iifname eth0 numgen random mod 100 < "
              + percent
              + " drop");
    }
  }

  /** Removes every fault: the partition heals, the loss ends. */
  void heal() throws IOException {
    for (int i = 0; i < size; i++) {
      nft(i, "flush chain inet " + TABLE + " in");
      nft(i, "flush chain inet " + TABLE + " out");
    }
  }

  private void nft(int node, String rule) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node), "nft"));
    command.addAll(List.of(rule.split(" ")));
    Shell.run(command);
  }

  /** The namespaces of the testnet of process {@code pid}. */
  static List<String> namespacesOf(String pid) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Shell.run("ip", "netns", "list").split("\n")) {
      if (line.strip().startsWith(PREFIX + pid + "-")) {
        names.add(line.strip().split("\\s+")[0]);
      }
    }
    return names;
  }

  /** Deletes the namespaces of testnets whose process is gone. */
  private static void removeStale() throws IOException {
    for (String line : Shell.run("ip", "netns", "list").split("\n")) {
      Matcher m = OURS.matcher(line.strip());
      if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
        String name = line.strip().split("\\s+")[0];
        try {
          Shell.run("ip", "netns", "del", name);
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    }
  }

  /** Deletes every namespace this network made (their links and rules go with them). */
  @Override
  public void close() {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        Shell.run("ip", "netns", "del", created.get(i));
      } catch (IOException e) {
        // already gone
      }
    }
    created.clear();
  }
}
