package io.github.scaleblocks.mapreduce;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sorted sequence of key/value pairs for the merge: a spilled run on disk or a kept in-memory
 * buffer sorted for the occasion. Sorted by the job's key ordering when it has one (keys decoded),
 * else by the unsigned bytes of the encoded key (decoded only once per group).
 */
abstract class Cursor<K, V> implements Closeable {
  byte @Nullable [] keyBytes;
  @Nullable K key;
  @Nullable V value;

  /** Moves to the next pair; false at the end. */
  abstract boolean advance() throws IOException;

  @Override
  public void close() throws IOException {}

  /** How two cursors' current keys compare under a job's run order. */
  static <K> Comparator<Cursor<K, ?>> order(@Nullable Comparator<? super K> keyOrder) {
    if (keyOrder == null) {
      return (a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b));
    }
    return (a, b) -> keyOrder.compare(keyOf(a), keyOf(b));
  }

  static byte[] bytes(Cursor<?, ?> cursor) {
    byte[] bytes = cursor.keyBytes;
    if (bytes == null) {
      throw new IllegalStateException("cursor has no current key");
    }
    return bytes;
  }

  static <K> K keyOf(Cursor<K, ?> cursor) {
    K key = cursor.key;
    if (key == null) {
      throw new IllegalStateException("cursor has no current key");
    }
    return key;
  }

  static <V> V valueOf(Cursor<?, V> cursor) {
    V value = cursor.value;
    if (value == null) {
      throw new IllegalStateException("cursor has no current value");
    }
    return value;
  }

  static <T> byte[] encode(Codec<T> codec, T value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    try {
      codec.write(value, new DataOutputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + value + " with " + codec, e);
    }
    return bytes.toByteArray();
  }

  static <T> T decode(Codec<T> codec, byte[] bytes) throws IOException {
    return codec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  /** A run file written by {@link SpillFiles#write}. */
  static final class FileCursor<K, V> extends Cursor<K, V> {
    private final DataInputStream in;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final boolean decodeKeys;

    FileCursor(DataInputStream in, Codec<K> keyCodec, Codec<V> valueCodec, boolean decodeKeys) {
      this.in = in;
      this.keyCodec = keyCodec;
      this.valueCodec = valueCodec;
      this.decodeKeys = decodeKeys;
    }

    @Override
    boolean advance() throws IOException {
      int length;
      try {
        length = in.readInt();
      } catch (java.io.EOFException end) {
        keyBytes = null;
        key = null;
        value = null;
        return false;
      }
      if (length < 0) {
        throw new IOException("corrupt spill file: key length " + length);
      }
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      keyBytes = bytes;
      key = decodeKeys ? decode(keyCodec, bytes) : null;
      value = valueCodec.read(in);
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Pairs already sorted in memory (a kept buffer). */
  static final class MemoryCursor<K, V> extends Cursor<K, V> {
    private final Iterator<SpillFiles.Sorted<K, V>> entries;

    MemoryCursor(List<SpillFiles.Sorted<K, V>> sorted) {
      this.entries = sorted.iterator();
    }

    @Override
    boolean advance() {
      if (!entries.hasNext()) {
        keyBytes = null;
        key = null;
        value = null;
        return false;
      }
      SpillFiles.Sorted<K, V> next = entries.next();
      keyBytes = next.keyBytes();
      key = next.key();
      value = next.value();
      return true;
    }
  }
}
