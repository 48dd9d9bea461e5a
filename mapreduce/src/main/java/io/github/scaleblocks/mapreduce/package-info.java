/**
 * An in-process MapReduce engine that uses every core and bounded memory, and the job definition it
 * shares with the Spark runner ({@code scaleblocks-mapreduce-spark}).
 *
 * <p>Define a {@link io.github.scaleblocks.mapreduce.MapReduceJob} (mapper, optional combiner,
 * reducer, partitioner, key ordering, codecs) with {@link
 * io.github.scaleblocks.mapreduce.MapReduceJob#builder}; run it with a {@link
 * io.github.scaleblocks.mapreduce.MapReduceEngine} on an input from {@link
 * io.github.scaleblocks.mapreduce.Inputs} into an output from {@link
 * io.github.scaleblocks.mapreduce.Outputs}. Progress, spills, retries and the end of a job are
 * published as {@link io.github.scaleblocks.mapreduce.MapReduceEvent}s to the listeners registered
 * on {@link io.github.scaleblocks.mapreduce.MapReduceEngineBuilder#listener}.
 *
 * <p>Jobs whose values are {@code Long}s merged by a primitive function (counts, sums, maxima)
 * should use a {@link io.github.scaleblocks.mapreduce.LongCombiner}, e.g. {@link
 * io.github.scaleblocks.mapreduce.Combiners#longSum()}: the engine then keeps primitive {@code
 * long}s in its map-side buffers instead of a boxed value per key and record.
 *
 * <p>Jobs over text files that can work on bytes should read {@link
 * io.github.scaleblocks.mapreduce.TextLine}s ({@link
 * io.github.scaleblocks.mapreduce.TextInputBuilder#buildLines()}: each line's checked UTF-8 bytes
 * in a reused view, no {@code String} per line) and emit keys as bytes ({@link
 * io.github.scaleblocks.mapreduce.MapContext#emitBytes} with a {@link
 * io.github.scaleblocks.mapreduce.KeyDecoder} on the job): the engine then finds a key by its bytes
 * and builds the key object once per distinct key per map buffer, not once per pair. {@code
 * examples.WordCount.lineJob()} does both.
 *
 * <p>Other sources and sinks plug in through {@link io.github.scaleblocks.mapreduce.spi.Input} and
 * {@link io.github.scaleblocks.mapreduce.spi.Output}, the interfaces the built-ins implement. An
 * input whose splits can be cut while they are read ({@link
 * io.github.scaleblocks.mapreduce.spi.InputSplit#trySplit}, as the text files' splits can) lets
 * workers that run out of splits take half of what a running one has left, so a job does not end on
 * one worker while the others wait. Worked examples (word count, inverted index, top-K, reduce-side
 * join) and the word-count command-line runner are in {@code
 * io.github.scaleblocks.mapreduce.examples}.
 */
@NullMarked
package io.github.scaleblocks.mapreduce;

import org.jspecify.annotations.NullMarked;
