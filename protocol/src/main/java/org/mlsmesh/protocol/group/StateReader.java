package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * Reads the parts of a saved group state that {@code TlsReader} does not: secrets, copied from the
 * input straight into {@link Secret}s (no immutable copy is left behind) and remembered so that
 * they can all be destroyed when the input turns out to be bad; flags; and values checked by the
 * classes that build them, whose refusal becomes a {@link DecodeException} at the right offset.
 */
final class StateReader {
  private final byte[] source;
  private final List<Destroyable> read = new ArrayList<>();

  /** Reads {@code source}, which stays owned by the caller. */
  StateReader(byte[] source) {
    this.source = source;
  }

  /** A reader of the whole input; sub-readers keep offsets into it. */
  TlsReader reader() {
    return TlsReader.of(Bytes.wrap(source));
  }

  /** {@code opaque secret<V>}. */
  Secret secret(TlsReader r) throws DecodeException {
    TlsReader body = r.vector();
    int from = body.offset();
    Secret secret = Secret.wrap(Arrays.copyOfRange(source, from, from + body.remaining()));
    read.add(secret);
    return secret;
  }

  /** Remembers an object built from secrets read, to destroy it with them. */
  void own(Destroyable value) {
    read.add(value);
  }

  /** Destroys everything read: the input was rejected. */
  void destroyRead() {
    for (Destroyable value : read) {
      try {
        value.destroy();
      } catch (DestroyFailedException | IllegalStateException e) {
        // Destroyed already, as part of an object destroyed before.
      }
    }
    read.clear();
  }

  /** A uint32 that must fit a Java int. */
  static int int32(TlsReader r, String what) throws DecodeException {
    int at = r.offset();
    long value = r.u32();
    if (value > Integer.MAX_VALUE) {
      throw new DecodeException(what + " " + value + " is out of range", at);
    }
    return (int) value;
  }

  /** A uint8 that must be 0 or 1. */
  static boolean flag(TlsReader r, String what) throws DecodeException {
    int at = r.offset();
    int value = r.u8();
    if (value > 1) {
      throw new DecodeException(what + " must be 0 or 1, got " + value, at);
    }
    return value == 1;
  }

  /** Reads a vector's items with {@code item} until its body is exhausted. */
  static void forEach(TlsReader r, Item item) throws DecodeException {
    TlsReader body = r.vector();
    while (body.hasRemaining()) {
      item.read(body);
    }
  }

  /** Runs {@code part}, turning a rejected value into an error at the offset the part began. */
  static <T> T part(TlsReader r, String what, Part<T> part) throws DecodeException {
    return part(r.offset(), what, part);
  }

  static <T> T part(int at, String what, Part<T> part) throws DecodeException {
    try {
      return part.read();
    } catch (ValidationException | CryptoException | IllegalArgumentException e) {
      throw new DecodeException("invalid " + what + ": " + e.getMessage(), at);
    }
  }

  /** Reads one item of a vector. */
  @FunctionalInterface
  interface Item {
    void read(TlsReader item) throws DecodeException;
  }

  /** Builds a value that may refuse what was read. */
  @FunctionalInterface
  interface Part<T> {
    T read() throws DecodeException, ValidationException, CryptoException;
  }
}
