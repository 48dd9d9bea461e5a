package io.github.scaleblocks.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads keys or values when map-side buffers spill to disk. {@link Codecs} has the
 * built-in ones. A key codec must be deterministic (equal keys, equal bytes): without a key
 * ordering the engine sorts and groups spilled runs by the encoded key bytes. {@code read} must
 * consume exactly what {@code write} wrote. Thread-safe.
 *
 * @param <T> the encoded type
 */
public interface Codec<T> {

  /** Writes {@code value} to {@code out}. */
  void write(T value, DataOutput out) throws IOException;

  /** Reads one value written by {@link #write}. */
  T read(DataInput in) throws IOException;
}
