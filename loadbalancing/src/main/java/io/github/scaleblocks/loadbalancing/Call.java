package io.github.scaleblocks.loadbalancing;

/**
 * One attempt of a call on a node's payload, run by {@link LoadBalancer#execute}. An exception
 * means the attempt failed on that node.
 *
 * @param <T> the payload type
 * @param <R> the result type
 */
@FunctionalInterface
public interface Call<T, R> {

  /** Calls {@code payload}. */
  R call(T payload) throws Exception;
}
