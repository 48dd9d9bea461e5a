package io.github.scaleblocks.loadbalancing;

/**
 * Latency percentiles in nanoseconds from an HdrHistogram (2 significant digits, values from 1 µs
 * to 1 hour; longer calls count as 1 hour). All zero when nothing was recorded.
 *
 * @param count the recorded latencies
 * @param mean the mean
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param max the largest
 */
public record LatencySummary(
    long count, double mean, long p50, long p90, long p99, long p999, long max) {}
