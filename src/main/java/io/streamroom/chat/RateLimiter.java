package io.streamroom.chat;

/**
 * A sliding window: at most {@code max} events in any {@code windowMillis}. Keeps the times of the last
 * {@code max} accepted events in a ring, so its memory is fixed. Not thread-safe.
 */
public final class RateLimiter {
  private final long[] times;
  private final long windowMillis;
  private int head;
  private int count;

  public RateLimiter(int max, long windowMillis) {
    this.times = new long[max];
    this.windowMillis = windowMillis;
  }

  /** Records the event if allowed. @return 0 when allowed, else the milliseconds until it would be */
  public long tryAcquire(long now) {
    long wait = waitMillis(now);
    if (wait == 0) record(now);
    return wait;
  }

  /** @return 0 when one more event fits in the window now, else the milliseconds until it would */
  public long waitMillis(long now) {
    if (count < times.length) return 0;
    long age = now - times[head];
    return age < windowMillis ? windowMillis - age : 0;
  }

  /** Records an event, forgetting the oldest when full. */
  public void record(long now) {
    if (count == times.length) {
      head = (head + 1) % times.length;
      count--;
    }
    times[(head + count) % times.length] = now;
    count++;
  }

  /** Takes back the newest event (an attempt that turned out not to count). */
  public void forgetNewest() {
    if (count > 0) count--;
  }

  /** True when nothing it remembers is inside the window any more, so it can be forgotten. */
  public boolean idle(long now) {
    return count == 0 || now - times[(head + count - 1) % times.length] >= windowMillis;
  }
}
