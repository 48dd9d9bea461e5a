package io.github.scaleblocks.mapreduce.spark;

import io.github.scaleblocks.mapreduce.Partitioner;

/** A job's {@link Partitioner} as a Spark partitioner, so both runners place keys alike. */
final class JobPartitioner<K> extends org.apache.spark.Partitioner {
  private static final long serialVersionUID = 1L;
  private final Partitioner<K> partitioner;
  private final int partitions;

  JobPartitioner(Partitioner<K> partitioner, int partitions) {
    this.partitioner = partitioner;
    this.partitions = partitions;
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  @SuppressWarnings("unchecked") // Spark passes the keys of the RDD this partitions: K
  public int getPartition(Object key) {
    int p = partitioner.partition((K) key, partitions);
    if (p < 0 || p >= partitions) {
      throw new IllegalStateException(
          "partitioner returned " + p + " for key " + key + "; expected [0, " + partitions + ")");
    }
    return p;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JobPartitioner<?> that
        && that.partitioner.equals(partitioner)
        && that.partitions == partitions;
  }

  @Override
  public int hashCode() {
    return partitioner.hashCode() * 31 + partitions;
  }
}
