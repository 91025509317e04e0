package org.mlsmesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way HOCON input (node configuration, scenario files) is read: size, nesting depth and
 * substitutions are bounded before the text reaches the parser, {@code include} is refused (a file
 * is read whole, alone), and every failure is a {@link ConfigException} naming the source.
 */
public final class HoconInput {
  /** The largest input read, in bytes. */
  public static final int MAX_BYTES = 1 << 20;

  /** The deepest nesting of objects, lists and dotted keys. */
  public static final int MAX_DEPTH = 64;

  /** The most substitutions ({@code ${...}}): each may double what it refers to. */
  public static final int MAX_SUBSTITUTIONS = 16;

  private static final int MAX_MESSAGE = 300;

  private HoconInput() {}

  /** Reads, checks and parses the HOCON file {@code file}. */
  public static Config parseFile(Path file) {
    String source = file.toString();
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new ConfigException(source, "not a regular file");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(source, "no such file");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException(source, "not readable");
    }
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw tooLarge(source);
      }
      return parseText(source, utf8(source, Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new ConfigException(source, "cannot read: " + e.getMessage());
    }
  }

  /**
   * Reads at most {@link #MAX_BYTES} characters from {@code reader}, then as {@link #parseText}.
   */
  public static Config parseReader(String source, Reader reader) {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    try {
      for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
        text.append(buffer, 0, n);
        if (text.length() > MAX_BYTES) {
          throw tooLarge(source);
        }
      }
    } catch (IOException e) {
      throw new ConfigException(source, "cannot read: " + e.getMessage());
    }
    return parseText(source, text.toString());
  }

  /**
   * Checks the limits of {@code text}, then parses it; {@code source} names it. Substitutions are
   * left for {@link #resolve}, so that they may refer to defaults the text falls back on.
   */
  public static Config parseText(String source, String text) {
    if (text.length() > MAX_BYTES) {
      throw tooLarge(source);
    }
    HoconShape.check(source, text, MAX_DEPTH, MAX_SUBSTITUTIONS);
    ConfigParseOptions options =
        ConfigParseOptions.defaults()
            .setSyntax(ConfigSyntax.CONF)
            .setOriginDescription(source)
            .setIncluder(new NoIncludes(source));
    try {
      return ConfigFactory.parseString(text, options);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(source, shortened(e.getMessage()));
    }
  }

  /** {@code config} with its substitutions resolved; a failure names {@code source}. */
  public static Config resolve(String source, Config config) {
    try {
      return config.resolve(ConfigResolveOptions.defaults());
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(source, shortened(e.getMessage()));
    }
  }

  private static String utf8(String source, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(source, "not UTF-8 text");
    }
  }

  private static ConfigException tooLarge(String source) {
    return new ConfigException(source, "larger than " + MAX_BYTES + " bytes; not parsed");
  }

  private static String shortened(String message) {
    String text = String.valueOf(message);
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
  }

  /** Refuses every {@code include}: a configuration is one file, read within the limits. */
  private record NoIncludes(String source) implements ConfigIncluder {
    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
      return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
      throw new com.typesafe.config.ConfigException.Generic(
          "include " + Quoted.of(what) + " is not supported: put the settings in this file");
    }
  }
}
