package org.mlsmesh.consensus.group;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * Saved states kept in memory as content-defined chunks, each distinct chunk held once with a count
 * of the stored values that contain it. A member's head and its fork snapshots are mostly the same
 * bytes: the ratchet tree of each epoch, in each saved state again for each retained past epoch
 * (RFC 9420 §15.2 keeps their secret trees for late messages, and the tree says who sent them), and
 * a Commit changes only a leaf and its direct path (§7.5). Chunk boundaries depend on the content
 * alone (a gear rolling hash), so what two values share is stored once even when it moved within
 * them.
 *
 * <p>Holds secrets: a chunk no stored value contains any more is zeroed ({@link #remove}).
 */
final class ChunkedSecrets {
  private static final int MIN_CHUNK = 512;
  private static final int MAX_CHUNK = 8192;
  private static final long BOUNDARY_MASK = (1L << 9) - 1; // about 512 bytes past the minimum
  private static final long[] GEAR = gear();
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Map<Chunk, Chunk> chunks = new LinkedHashMap<>();
  private long bytes;

  /** One stored value: its chunks, in order. */
  static final class Stored {
    private final Chunk[] chunks;
    private final int length;
    private boolean removed;

    private Stored(Chunk[] chunks, int length) {
      this.chunks = chunks;
      this.length = length;
    }
  }

  /** Stores a copy of {@code value}; the caller keeps and destroys {@code value}. */
  Stored put(Secret value) {
    byte[] b = value.exposeBytes();
    try {
      List<Chunk> list = new ArrayList<>(b.length / MIN_CHUNK + 1);
      for (int start = 0; start < b.length; ) {
        int end = chunkEnd(b, start);
        list.add(intern(b, start, end));
        start = end;
      }
      return new Stored(list.toArray(new Chunk[0]), b.length);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * The end of the chunk of {@code b} that starts at {@code start}: where the gear hash of the last
   * 64 bytes has its low bits clear, at least {@link #MIN_CHUNK} bytes and at most {@link
   * #MAX_CHUNK} on. Each step shifts older bytes further out of the hash, so it starts 64 bytes
   * before the minimum size as if it had run from the chunk's start.
   */
  private static int chunkEnd(byte[] b, int start) {
    int limit = Math.min(b.length, start + MAX_CHUNK);
    int first = start + MIN_CHUNK - 1; // the first byte that may end the chunk
    if (first >= limit) {
      return limit;
    }
    long hash = 0;
    for (int i = first - (Long.SIZE - 1); i < first; i++) {
      hash = (hash << 1) + GEAR[b[i] & 0xff];
    }
    for (int i = first; i < limit; i++) {
      hash = (hash << 1) + GEAR[b[i] & 0xff];
      if ((hash & BOUNDARY_MASK) == 0) {
        return i + 1;
      }
    }
    return limit;
  }

  /** The stored value, as a fresh secret the caller destroys. */
  Secret get(Stored stored) {
    if (stored.removed) {
      throw new IllegalStateException("stored value used after remove()");
    }
    byte[] out = new byte[stored.length];
    int at = 0;
    for (Chunk c : stored.chunks) {
      System.arraycopy(c.bytes, 0, out, at, c.bytes.length);
      at += c.bytes.length;
    }
    return Secret.wrap(out);
  }

  /** Forgets {@code stored}; the chunks no other stored value contains are zeroed. */
  void remove(Stored stored) {
    if (stored.removed) {
      return;
    }
    stored.removed = true;
    for (Chunk c : stored.chunks) {
      if (--c.refs == 0) {
        chunks.remove(c);
        bytes -= c.bytes.length;
        Arrays.fill(c.bytes, (byte) 0);
      }
    }
  }

  /** The bytes held: each distinct chunk once. */
  long bytes() {
    return bytes;
  }

  private Chunk intern(byte[] b, int from, int to) {
    Chunk known = chunks.get(new Chunk(b, from, to));
    if (known == null) {
      known = new Chunk(Arrays.copyOfRange(b, from, to), 0, to - from);
      chunks.put(known, known);
      bytes += known.bytes.length;
    }
    known.refs++;
    return known;
  }

  /**
   * A chunk: {@code bytes[from..to)}, equal to another with the same content. A stored chunk owns
   * all of its array; a chunk looked up is a view of the value being stored.
   */
  private static final class Chunk {
    final byte[] bytes;
    final int from;
    final int to;
    final int hash;
    int refs;

    Chunk(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.from = from;
      this.to = to;
      this.hash = hash(bytes, from, to);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Chunk c
          && hash == c.hash
          && Arrays.equals(bytes, from, to, c.bytes, c.from, c.to);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    /** A hash of the content eight bytes at a time ({@code Arrays.hashCode} goes byte by byte). */
    private static int hash(byte[] b, int from, int to) {
      long h = to - from;
      int i = from;
      for (; i + Long.BYTES <= to; i += Long.BYTES) {
        h = (h ^ (long) LONGS.get(b, i)) * 0x9e3779b97f4a7c15L;
        h ^= h >>> 29;
      }
      for (; i < to; i++) {
        h = (h ^ b[i]) * 0x9e3779b97f4a7c15L;
      }
      h ^= h >>> 32;
      return (int) h;
    }
  }

  /** The gear table: fixed pseudo-random words (SplitMix64 from a constant), the same every run. */
  private static long[] gear() {
    long[] table = new long[256];
    long x = 0x6d6c736d65736821L;
    for (int i = 0; i < table.length; i++) {
      x += 0x9e3779b97f4a7c15L;
      long z = x;
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      table[i] = z ^ (z >>> 31);
    }
    return table;
  }
}
