/**
 * Extension points of the MapReduce engine: {@link io.github.scaleblocks.mapreduce.spi.Input} for
 * other record sources and {@link io.github.scaleblocks.mapreduce.spi.Output} for other sinks. The
 * built-ins in {@link io.github.scaleblocks.mapreduce.Inputs} and {@link
 * io.github.scaleblocks.mapreduce.Outputs} implement the same interfaces.
 */
@NullMarked
package io.github.scaleblocks.mapreduce.spi;

import org.jspecify.annotations.NullMarked;
