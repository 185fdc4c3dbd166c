package io.streamroom.bench;

/**
 * Latencies counted in 0.1 ms buckets up to a minute (later ones in the last bucket): a reader records
 * millions per second without allocating, and percentiles come out exact to the bucket. One per thread;
 * {@link #add} merges them.
 */
final class LatencyHistogram {
  private static final long BUCKET_NANOS = 100_000;
  private final long[] counts = new long[600_000];
  private long total;

  void record(long nanos) {
    int bucket = (int) Math.min(counts.length - 1, Math.max(0, nanos / BUCKET_NANOS));
    counts[bucket]++;
    total++;
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
    total += other.total;
  }

  long total() {
    return total;
  }

  /** The latency below which {@code percent} of the recorded ones fall, in milliseconds; NaN when empty. */
  double percentileMillis(double percent) {
    if (total == 0) return Double.NaN;
    long rank = (long) Math.ceil(total * percent / 100.0);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) return (i + 1) * BUCKET_NANOS / 1e6;
    }
    return counts.length * BUCKET_NANOS / 1e6;
  }
}
