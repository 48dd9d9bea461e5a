package io.github.scaleblocks.mapreduce;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Turns a key given as bytes ({@link MapContext#emitBytes}) into the job's key object; set on the
 * job with {@link MapReduceJobBuilder#keyDecoder}.
 *
 * <p>Why: a mapper that tokenises bytes (a {@link TextLine}, say) would otherwise build a key
 * object per emitted pair only for the map-side buffer to find that an equal key is already there.
 * With a decoder the engine looks the bytes up first (in a table of the byte sequences it has seen,
 * next to its buffer) and calls the decoder only for a byte sequence it has not seen in this
 * buffer: once per distinct key per map task (and again after a spill empties the buffer), instead
 * of once per pair. Other runners (Spark) simply decode every pair.
 *
 * <p>The contract: a pure function. Equal byte sequences must give equal keys (the engine decodes a
 * sequence once and reuses the result); different sequences may give equal keys (they are then one
 * key, as if the mapper had emitted the objects). It must not keep the array, which belongs to the
 * mapper. Thread-safe and {@link Serializable}, as {@link Mapper}. Throwing fails the map task's
 * attempt, like a mapper exception.
 *
 * @param <K> key type
 */
@FunctionalInterface
public interface KeyDecoder<K> extends Serializable {

  /** The key whose bytes are {@code bytes[offset, offset + length)}; must not return null. */
  K decode(byte[] bytes, int offset, int length);

  /**
   * Keys that are {@code String}s given as their UTF-8 bytes. Strict: bytes that are not
   * well-formed UTF-8 throw an {@link IllegalArgumentException} naming the first bad byte, rather
   * than becoming U+FFFD (and merging with other malformed keys).
   */
  static KeyDecoder<String> utf8() {
    return Utf8KeyDecoder.INSTANCE;
  }
}

/** {@link KeyDecoder#utf8()}: an enum, so it stays a singleton when Spark deserializes a job. */
enum Utf8KeyDecoder implements KeyDecoder<String> {
  INSTANCE;

  @Override
  public String decode(byte[] bytes, int offset, int length) {
    int malformed = TextLine.firstMalformed(bytes, offset, offset + length);
    if (malformed >= 0) {
      throw new IllegalArgumentException(
          "key bytes are not well-formed UTF-8 at byte " + (malformed - offset) + " of " + length);
    }
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "KeyDecoder.utf8()";
  }
}
