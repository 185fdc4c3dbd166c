package io.streamroom.support;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for something the server does in the background (a stream going live, a recording appearing). */
public final class Poll {
  private static final long EVERY_MILLIS = 200;

  private Poll() {}

  /** Asks {@code value} until it answers non-null, and returns that; fails with {@code what} after {@code within}. */
  public static <T> T until(String what, Duration within, Supplier<T> value) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T answer = value.get();
      if (answer != null) return answer;
      if (System.nanoTime() > deadline) fail("Gave up after " + within.toSeconds() + " s waiting for " + what);
      try {
        Thread.sleep(EVERY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
