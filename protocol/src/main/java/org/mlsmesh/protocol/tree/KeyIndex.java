package org.mlsmesh.protocol.tree;

import java.util.Arrays;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A persistent multiset of public keys (a hash array mapped trie): how many nodes of a tree hold a
 * key, so that uniqueness checks (RFC 9420 §7.3, §12.4.2) cost O(log n) instead of a scan of the
 * tree. Adding or removing copies one path of at most seven 32-way nodes; versions share the rest.
 */
final class KeyIndex {
  static final KeyIndex EMPTY = new KeyIndex(Branch.EMPTY, 0);

  private static final int BITS = 5;
  private static final int MASK = (1 << BITS) - 1;
  private static final int MAX_SHIFT = 30;

  private final Branch root;
  private final int size;

  private KeyIndex(Branch root, int size) {
    this.root = root;
    this.size = size;
  }

  /** The number of distinct keys. */
  int size() {
    return size;
  }

  /** How many times {@code key} was added and not removed. */
  int count(Bytes key) {
    int hash = spread(key.hashCode());
    Branch node = root;
    int shift = 0;
    while (true) {
      int bit = 1 << ((hash >>> shift) & MASK);
      if ((node.bitmap & bit) == 0) {
        return 0;
      }
      Object slot = node.slots[Integer.bitCount(node.bitmap & (bit - 1))];
      if (slot instanceof Branch) {
        node = (Branch) slot;
        shift += BITS;
        continue;
      }
      for (Entry entry = (Entry) slot; entry != null; entry = entry.next) {
        if (entry.key.equals(key)) {
          return entry.count;
        }
      }
      return 0;
    }
  }

  KeyIndex add(Bytes key) {
    return change(key, +1);
  }

  /** Removes one occurrence; removing a key that is absent is a bug. */
  KeyIndex remove(Bytes key) {
    if (count(key) == 0) {
      throw new IllegalStateException("key not in the index: " + key);
    }
    return change(key, -1);
  }

  private KeyIndex change(Bytes key, int delta) {
    int before = count(key);
    int after = before + delta;
    Branch newRoot = put(root, spread(key.hashCode()), 0, key, after);
    int newSize = size + (before == 0 ? 1 : 0) - (after == 0 ? 1 : 0);
    return new KeyIndex(newRoot, newSize);
  }

  /** Sets the count of {@code key} to {@code count} (0 removes it) below {@code node}. */
  private static Branch put(Branch node, int hash, int shift, Bytes key, int count) {
    int bit = 1 << ((hash >>> shift) & MASK);
    int at = Integer.bitCount(node.bitmap & (bit - 1));
    if ((node.bitmap & bit) == 0) {
      if (count == 0) {
        return node;
      }
      return node.inserted(bit, at, new Entry(key, hash, count, null));
    }
    Object slot = node.slots[at];
    if (slot instanceof Branch) {
      Branch child = put((Branch) slot, hash, shift + BITS, key, count);
      return child.bitmap == 0 ? node.removed(bit, at) : node.replaced(at, child);
    }
    Entry chain = (Entry) slot;
    if (chain.hash == hash || shift >= MAX_SHIFT) {
      Entry updated = Entry.set(chain, key, hash, count);
      return updated == null ? node.removed(bit, at) : node.replaced(at, updated);
    }
    if (count == 0) {
      return node;
    }
    // Two different hashes share this slot: push the existing chain one level down.
    Branch pushed = new Branch(1 << ((chain.hash >>> (shift + BITS)) & MASK), new Object[] {chain});
    return node.replaced(at, put(pushed, hash, shift + BITS, key, count));
  }

  /** Mixes the bits of {@code Arrays.hashCode} so that similar keys spread over the trie. */
  private static int spread(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  private static final class Branch {
    static final Branch EMPTY = new Branch(0, new Object[0]);

    final int bitmap;
    final Object[] slots;

    Branch(int bitmap, Object[] slots) {
      this.bitmap = bitmap;
      this.slots = slots;
    }

    Branch inserted(int bit, int at, Object value) {
      Object[] copy = new Object[slots.length + 1];
      System.arraycopy(slots, 0, copy, 0, at);
      copy[at] = value;
      System.arraycopy(slots, at, copy, at + 1, slots.length - at);
      return new Branch(bitmap | bit, copy);
    }

    Branch replaced(int at, Object value) {
      Object[] copy = Arrays.copyOf(slots, slots.length);
      copy[at] = value;
      return new Branch(bitmap, copy);
    }

    Branch removed(int bit, int at) {
      Object[] copy = new Object[slots.length - 1];
      System.arraycopy(slots, 0, copy, 0, at);
      System.arraycopy(slots, at + 1, copy, at, slots.length - at - 1);
      return new Branch(bitmap & ~bit, copy);
    }
  }

  /** A key, its count, and the next key of a hash collision chain. */
  private static final class Entry {
    final Bytes key;
    final int hash;
    final int count;
    final Entry next;

    Entry(Bytes key, int hash, int count, Entry next) {
      this.key = key;
      this.hash = hash;
      this.count = count;
      this.next = next;
    }

    /** A copy of {@code chain} with {@code key} at {@code count}; null when the chain empties. */
    static Entry set(Entry chain, Bytes key, int hash, int count) {
      if (chain == null) {
        return count == 0 ? null : new Entry(key, hash, count, null);
      }
      if (chain.key.equals(key)) {
        return count == 0 ? chain.next : new Entry(key, hash, count, chain.next);
      }
      Entry rest = set(chain.next, key, hash, count);
      return rest == chain.next ? chain : new Entry(chain.key, chain.hash, chain.count, rest);
    }
  }
}
