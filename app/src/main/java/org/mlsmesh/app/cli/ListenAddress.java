package org.mlsmesh.app.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --listen HOST:PORT}: the address a node listens on ({@code [v6]:PORT} for an IPv6
 * address). Whether the host is an address of this machine and the port free, the node checks at
 * start.
 */
record ListenAddress(String host, int port) {
  static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 0);

  /** {@code HOST:PORT}, or why not. */
  static ListenAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "'" + text + "': write an IPv6 address in brackets, [ADDRESS]:PORT");
    }
    String port = text.substring(colon + 1);
    if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65_535) {
      throw new IllegalArgumentException(
          "'" + text + "' is not HOST:PORT with a port from 0 to 65535");
    }
    return new ListenAddress(host, Integer.parseInt(port));
  }

  /** The picocli converter: a bad value is a usage error that names the option. */
  static final class Converter implements ITypeConverter<ListenAddress> {
    @Override
    public ListenAddress convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
