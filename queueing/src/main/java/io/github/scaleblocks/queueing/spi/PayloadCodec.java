package io.github.scaleblocks.queueing.spi;

/**
 * Turns payloads into bytes for a backend that stores them (the JDBC backend), and back. Built-ins:
 * {@link PayloadCodecs#utf8()} and {@link PayloadCodecs#bytes()}; plug in JSON, Protobuf or Java
 * serialization by implementing both methods.
 *
 * @param <T> the payload type
 */
public interface PayloadCodec<T> {

  /**
   * The stored form of {@code payload}. Throw {@link IllegalArgumentException} (or any runtime
   * exception, which the backend wraps in one) if it cannot be encoded: the enqueue is then
   * refused.
   */
  byte[] encode(T payload);

  /** The payload stored as {@code bytes}. */
  T decode(byte[] bytes);
}
