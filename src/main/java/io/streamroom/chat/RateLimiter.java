package io.streamroom.chat;

/**
 * A sliding window: at most {@code max} events in any {@code windowMillis}. Keeps the times of the last
 * {@code max} accepted events in a ring, so its memory is fixed. Not thread-safe.
 */
final class RateLimiter {
  private final long[] times;
  private final long windowMillis;
  private int head;
  private int count;

  RateLimiter(int max, long windowMillis) {
    this.times = new long[max];
    this.windowMillis = windowMillis;
  }

  /** Records the event if allowed. @return 0 when allowed, else the milliseconds until it would be */
  long tryAcquire(long now) {
    if (count == times.length) {
      long age = now - times[head];
      if (age < windowMillis) return windowMillis - age;
      head = (head + 1) % times.length;
      count--;
    }
    times[(head + count) % times.length] = now;
    count++;
    return 0;
  }

  /** True when nothing it remembers is inside the window any more, so it can be forgotten. */
  boolean idle(long now) {
    return count == 0 || now - times[(head + count - 1) % times.length] >= windowMillis;
  }
}
