package org.mlsmesh.config;

/** A configuration value is missing or invalid; the message names the key and the reason. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String reason;

  public ConfigException(String key, String reason) {
    super(key + ": " + reason);
    this.key = key;
    this.reason = reason;
  }

  /** What is wrong, without the key. */
  public String reason() {
    return reason;
  }

  /** The full path of the offending key, e.g. {@code mlsmesh.protocol.maximum-forward-distance}. */
  public String key() {
    return key;
  }
}
