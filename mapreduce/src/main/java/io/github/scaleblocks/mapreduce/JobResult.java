package io.github.scaleblocks.mapreduce;

import java.time.Duration;

/**
 * What a finished job gives back.
 *
 * @param output what the {@link io.github.scaleblocks.mapreduce.spi.Output} produced
 * @param counters the job's counters
 * @param elapsed the wall time from start to the end of the reduce phase, by the engine's ticker
 * @param <R> the output's result type
 */
public record JobResult<R>(R output, Counters counters, Duration elapsed) {}
