package org.mlsmesh.node.internal.runtime;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.mlsmesh.config.ConfigException;
import org.mlsmesh.config.Quoted;

/**
 * Checks {@code mlsmesh.node.listen} before the actors start, so that an address in use or not of
 * this machine stops the start at once with what is wrong, rather than as a transport that never
 * comes up.
 */
final class ListenAddress {
  private static final String KEY = "mlsmesh.node.listen";

  private ListenAddress() {}

  /**
   * Fails when {@code host} does not resolve to an address of this machine or {@code host:port}
   * cannot be bound now (port 0 is any free port and is not tried).
   */
  static void check(String host, int port) {
    String where = host + ":" + port;
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ConfigException(KEY + ".host", "cannot resolve " + Quoted.of(host));
    }
    if (!isLocal(address)) {
      throw new ConfigException(
          KEY + ".host",
          Quoted.of(host)
              + " ("
              + address.getHostAddress()
              + ") is not an address of this machine; use one of its own, 127.0.0.1 or 0.0.0.0");
    }
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(address, port));
    } catch (BindException e) {
      throw new ConfigException(
          KEY + ".port",
          "cannot listen on "
              + where
              + ": "
              + reason(e)
              + "; choose another port, or 0 for any free one");
    } catch (IOException e) {
      throw new ConfigException(KEY + ".port", "cannot listen on " + where + ": " + e.getMessage());
    }
  }

  private static boolean isLocal(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static String reason(BindException e) {
    String message = String.valueOf(e.getMessage());
    return message.toLowerCase(java.util.Locale.ROOT).contains("in use")
        ? "the address is in use (another process listens there)"
        : message;
  }
}
