package org.mlsmesh.protocol.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.NodeIndex;

/**
 * One case of a test-vector file, over the generic JSON tree a JSON library produces (maps, lists,
 * strings, numbers, booleans, null), with typed accessors that fail with the key's name.
 */
public final class VectorCase {
  private final Map<?, ?> fields;
  private final String path;

  public VectorCase(Map<?, ?> fields, String path) {
    this.fields = Objects.requireNonNull(fields, "fields");
    this.path = path;
  }

  /** A case from a parsed JSON object; fails when {@code json} is not an object. */
  public static VectorCase of(Object json, String path) throws VectorMismatch {
    if (!(json instanceof Map)) {
      throw new VectorMismatch(path + " is not a JSON object");
    }
    return new VectorCase((Map<?, ?>) json, path);
  }

  /** Where this case sits in its file, for messages. */
  public String path() {
    return path;
  }

  public boolean has(String key) {
    return fields.containsKey(key) && fields.get(key) != null;
  }

  private Object raw(String key) throws VectorMismatch {
    if (!fields.containsKey(key)) {
      throw new VectorMismatch(path + "." + key + " is missing");
    }
    return fields.get(key);
  }

  public Bytes hex(String key) throws VectorMismatch {
    Object value = raw(key);
    if (!(value instanceof String)) {
      throw new VectorMismatch(path + "." + key + " is not a hex string");
    }
    try {
      return Bytes.fromHex((String) value);
    } catch (IllegalArgumentException e) {
      throw new VectorMismatch(path + "." + key + " is not valid hex");
    }
  }

  public String string(String key) throws VectorMismatch {
    Object value = raw(key);
    if (!(value instanceof String)) {
      throw new VectorMismatch(path + "." + key + " is not a string");
    }
    return (String) value;
  }

  public long number(String key) throws VectorMismatch {
    Object value = raw(key);
    if (!(value instanceof Number)) {
      throw new VectorMismatch(path + "." + key + " is not a number");
    }
    if (value instanceof java.math.BigInteger) {
      return ((java.math.BigInteger) value).longValue(); // uint64 values above 2^63
    }
    return ((Number) value).longValue();
  }

  /** A whole number in [{@code min}, {@code max}]; anything else names the field and the range. */
  public long numberIn(String key, long min, long max) throws VectorMismatch {
    Object value = raw(key);
    if (!(value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof java.math.BigInteger)) {
      throw new VectorMismatch(path + "." + key + " is not a whole number");
    }
    java.math.BigInteger number = new java.math.BigInteger(value.toString());
    if (number.compareTo(java.math.BigInteger.valueOf(min)) < 0
        || number.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
      throw new VectorMismatch(
          path + "." + key + " = " + number + " is outside [" + min + ", " + max + "]");
    }
    return number.longValue();
  }

  /** A uint16 length of an output to derive (RFC 9420 §5.1 KDFLabel.length). */
  public int length(String key) throws VectorMismatch {
    return (int) numberIn(key, 0, 0xffff);
  }

  /** A uint32 value, such as a generation (RFC 9420 §9). */
  public long uint32(String key) throws VectorMismatch {
    return numberIn(key, 0, 0xffffffffL);
  }

  /** A leaf index (uint32, RFC 9420 §4.1). */
  public LeafIndex leafIndex(String key) throws VectorMismatch {
    return LeafIndex.of(uint32(key));
  }

  /** The index of a parent node (odd, RFC 9420 §4.1). */
  public NodeIndex parentNode(String key) throws VectorMismatch {
    long node = numberIn(key, 0, NodeIndex.MAX);
    if (node % 2 == 0) {
      throw new VectorMismatch(path + "." + key + " = " + node + " is a leaf, not a parent node");
    }
    return NodeIndex.of(node);
  }

  public boolean bool(String key) throws VectorMismatch {
    Object value = raw(key);
    if (!(value instanceof Boolean)) {
      throw new VectorMismatch(path + "." + key + " is not a boolean");
    }
    return (Boolean) value;
  }

  public VectorCase object(String key) throws VectorMismatch {
    return of(raw(key), path + "." + key);
  }

  /** A list of objects. */
  public List<VectorCase> objects(String key) throws VectorMismatch {
    List<?> items = list(key);
    List<VectorCase> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(of(items.get(i), path + "." + key + "[" + i + "]"));
    }
    return out;
  }

  /** A list of raw JSON values (numbers may be null, as in tree-math). */
  public List<?> list(String key) throws VectorMismatch {
    Object value = raw(key);
    if (!(value instanceof List)) {
      throw new VectorMismatch(path + "." + key + " is not a list");
    }
    return (List<?>) value;
  }

  /** A list of hex strings. */
  public List<Bytes> hexList(String key) throws VectorMismatch {
    List<?> items = list(key);
    List<Bytes> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (!(item instanceof String)) {
        throw new VectorMismatch(path + "." + key + "[" + i + "] is not a hex string");
      }
      try {
        out.add(Bytes.fromHex((String) item));
      } catch (IllegalArgumentException e) {
        throw new VectorMismatch(path + "." + key + "[" + i + "] is not valid hex");
      }
    }
    return out;
  }

  /** The {@code cipher_suite} field, resolved. */
  public CipherSuite cipherSuite() throws VectorMismatch {
    long id = number("cipher_suite");
    return CipherSuite.fromId((int) id)
        .orElseThrow(() -> new VectorMismatch(path + ": unknown cipher suite " + id));
  }

  /** Fails with a message naming {@code what} when the two values differ. */
  public static void expectEqual(String what, Object expected, Object actual)
      throws VectorMismatch {
    if (!Objects.equals(expected, actual)) {
      throw new VectorMismatch(what + ": expected " + expected + ", got " + actual);
    }
  }
}
