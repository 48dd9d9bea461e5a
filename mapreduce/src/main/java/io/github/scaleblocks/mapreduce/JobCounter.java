package io.github.scaleblocks.mapreduce;

/**
 * The built-in counters every job reports in its {@link Counters}. They count records, not objects:
 * a line read as a {@link TextLine} is one input record like a line read as a {@code String}, and a
 * pair emitted with {@link MapContext#emitBytes} is one map output record (and one combine input
 * record) like a pair emitted with {@link MapContext#emit}, although the engine builds its key only
 * once per distinct byte sequence per map buffer.
 */
public enum JobCounter {
  /** Records read from the input (lines, for text files). */
  INPUT_RECORDS,
  /** Bytes read from the input (0 for in-memory inputs). */
  INPUT_BYTES,
  /** Pairs emitted by the mapper, by {@code emit} or {@code emitBytes}. */
  MAP_OUTPUT_RECORDS,
  /** Pairs that went into a map-side combining buffer (0 without a combiner). */
  COMBINE_INPUT_RECORDS,
  /** Pairs that left the map-side combining buffers, spilled or kept (0 without a combiner). */
  COMBINE_OUTPUT_RECORDS,
  /** Pairs written to spill files (counted again when a merge pass rewrites them). */
  SPILLED_RECORDS,
  /** Spill files written by map tasks. */
  SPILLS,
  /** Distinct keys the reducer was called with. */
  REDUCE_GROUPS,
  /** Outputs the reducer wrote. */
  OUTPUT_RECORDS,
  /** Task attempts that failed and were retried. */
  RETRIED_TASKS
}
