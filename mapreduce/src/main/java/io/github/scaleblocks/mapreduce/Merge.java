package io.github.scaleblocks.mapreduce;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * A k-way merge of sorted {@link Cursor}s that hands out one key group at a time: {@link
 * #nextGroup()} moves to the next key, {@link #hasValue()} / {@link #nextValue()} stream its values
 * in O(log k) each. Not thread-safe.
 */
final class Merge<K, V> implements Closeable {
  private final PriorityQueue<Cursor<K, V>> heap;
  private final Codec<K> keyCodec;
  private final @Nullable Comparator<? super K> keyOrder;
  private byte @Nullable [] groupBytes;
  private @Nullable K groupKey;

  Merge(List<Cursor<K, V>> cursors, Codec<K> keyCodec, @Nullable Comparator<? super K> keyOrder)
      throws IOException {
    this.keyCodec = keyCodec;
    this.keyOrder = keyOrder;
    Comparator<Cursor<K, ?>> order = Cursor.order(keyOrder);
    this.heap = new PriorityQueue<>(Math.max(1, cursors.size()), order);
    try {
      for (Cursor<K, V> cursor : cursors) {
        if (cursor.advance()) {
          heap.add(cursor);
        } else {
          cursor.close();
        }
      }
    } catch (IOException | RuntimeException e) {
      closeAll(cursors);
      throw e;
    }
  }

  /** Moves to the next key group and returns its key, or null when the merge is done. */
  @Nullable K nextGroup() throws IOException {
    while (hasValue()) {
      nextValue(); // values the caller did not consume
    }
    Cursor<K, V> head = heap.peek();
    if (head == null) {
      groupBytes = null;
      groupKey = null;
      return null;
    }
    groupBytes = Cursor.bytes(head);
    K key = head.key;
    groupKey = key != null ? key : Cursor.decode(keyCodec, groupBytes);
    return groupKey;
  }

  /** The current group's encoded key. */
  byte[] groupBytes() {
    byte[] bytes = groupBytes;
    if (bytes == null) {
      throw new IllegalStateException("no current group");
    }
    return bytes;
  }

  /** Whether the current group has another value. */
  boolean hasValue() {
    Cursor<K, V> head = heap.peek();
    if (head == null || groupBytes == null) {
      return false;
    }
    if (keyOrder != null) {
      K key = groupKey;
      return key != null && keyOrder.compare(key, Cursor.keyOf(head)) == 0;
    }
    return Arrays.equals(groupBytes, Cursor.bytes(head));
  }

  /** The current group's next value; call only when {@link #hasValue()}. */
  V nextValue() throws IOException {
    Cursor<K, V> head = heap.poll();
    if (head == null) {
      throw new IllegalStateException("no value left");
    }
    V value = Cursor.valueOf(head);
    if (head.advance()) {
      heap.add(head);
    } else {
      head.close();
    }
    return value;
  }

  @Override
  public void close() throws IOException {
    closeAll(List.copyOf(heap));
    heap.clear();
  }

  private static void closeAll(List<? extends Cursor<?, ?>> cursors) throws IOException {
    IOException first = null;
    for (Cursor<?, ?> cursor : cursors) {
      try {
        cursor.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
