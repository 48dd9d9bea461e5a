package io.github.scaleblocks.mapreduce.spi;

import java.io.IOException;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Where a job's outputs go. The built-ins are in {@link io.github.scaleblocks.mapreduce.Outputs};
 * implement this for other sinks (a database table, a message topic).
 *
 * @param <K> key type
 * @param <O> output type
 * @param <R> what the job returns once the output is committed
 */
@FunctionalInterface
public interface Output<K, O, R> {

  /**
   * Opens the output of one job run with {@code partitions} reduce partitions; {@code keyOrder} is
   * the job's key ordering or null. Called once per run, before any reduce task.
   */
  OutputSink<K, O, R> open(int partitions, @Nullable Comparator<? super K> keyOrder)
      throws IOException;
}
