/**
 * Worked MapReduce jobs with known answers in the tests: {@link
 * io.github.scaleblocks.mapreduce.examples.WordCount}, {@link
 * io.github.scaleblocks.mapreduce.examples.InvertedIndex}, {@link
 * io.github.scaleblocks.mapreduce.examples.TopK}, {@link
 * io.github.scaleblocks.mapreduce.examples.ReduceSideJoin}; and {@link
 * io.github.scaleblocks.mapreduce.examples.WordCountMain}, the word-count command-line runner.
 */
@NullMarked
package io.github.scaleblocks.mapreduce.examples;

import org.jspecify.annotations.NullMarked;
