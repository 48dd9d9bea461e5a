package io.github.scaleblocks.mapreduce;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Sorting buffers into runs and writing/reading run files. A run file is a sequence of records
 * {@code [int keyLength][key bytes][value in the value codec]}, sorted by the job's run order.
 */
final class SpillFiles {
  private static final int BUFFER = 1 << 16;

  private SpillFiles() {}

  /** One pair of a sorted run; {@code keyBytes} is the encoded key. */
  record Sorted<K, V>(byte[] keyBytes, K key, V value) {}

  /**
   * Sorts one partition's buffer ({@code key -> value}, or {@code key -> List<value>} without a
   * combiner) into run order; {@code entries} hands each pair of the buffer, {@code size} of them,
   * to the consumer it is given.
   */
  @SuppressWarnings("unchecked")
  static <K, V> List<Sorted<K, V>> sort(
      int size,
      Consumer<BiConsumer<K, Object>> entries,
      boolean valueLists,
      Codec<K> keyCodec,
      @Nullable Comparator<? super K> keyOrder) {
    List<Sorted<K, V>> sorted = new ArrayList<>(size);
    entries.accept(
        (key, value) -> {
          byte[] keyBytes = Cursor.encode(keyCodec, key);
          if (valueLists) {
            for (Object v : (List<Object>) value) {
              sorted.add(new Sorted<>(keyBytes, key, (V) v));
            }
          } else {
            sorted.add(new Sorted<>(keyBytes, key, (V) value));
          }
        });
    if (keyOrder == null) {
      sorted.sort((a, b) -> Arrays.compareUnsigned(a.keyBytes(), b.keyBytes()));
    } else {
      sorted.sort((a, b) -> keyOrder.compare(a.key(), b.key()));
    }
    return sorted;
  }

  /** Writes sorted pairs to {@code file}; returns the file's size. */
  static <K, V> long write(Path file, List<Sorted<K, V>> sorted, Codec<V> valueCodec)
      throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER))) {
      for (Sorted<K, V> pair : sorted) {
        out.writeInt(pair.keyBytes().length);
        out.write(pair.keyBytes());
        valueCodec.write(pair.value(), out);
      }
    }
    return Files.size(file);
  }

  static DataOutputStream create(Path file) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
  }

  static <K, V> Cursor<K, V> open(
      Path file, Codec<K> keyCodec, Codec<V> valueCodec, boolean decodeKeys) throws IOException {
    return new Cursor.FileCursor<>(
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER)),
        keyCodec,
        valueCodec,
        decodeKeys);
  }
}
