/**
 * Runs scaleblocks MapReduce job definitions on Apache Spark 4 (Scala 2.13) through {@link
 * io.github.scaleblocks.mapreduce.spark.SparkMapReduce}. Spark is a {@code provided} dependency: a
 * cluster's {@code spark-submit} supplies it; an application that starts a local master itself adds
 * {@code org.apache.spark:spark-core_2.13} with compile scope. On Java 17 the JVM that runs the
 * Spark driver needs the {@code --add-opens} flags of Spark's {@code JavaModuleOptions} (see this
 * module's pom for the list that the tests use).
 */
@NullMarked
package io.github.scaleblocks.mapreduce.spark;

import org.jspecify.annotations.NullMarked;
