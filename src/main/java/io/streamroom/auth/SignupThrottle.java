package io.streamroom.auth;

import io.streamroom.chat.RateLimiter;

import java.util.HashMap;
import java.util.Map;

/**
 * New accounts per client address per hour (web sign-up and telnet /register alike): each costs a
 * password hash and a row, and a person needs one. Counted when the attempt starts. Used from one event
 * loop only.
 */
public final class SignupThrottle {
  public static final long WINDOW_MILLIS = 3_600_000;
  private final int maxPerWindow;
  private final Map<String, RateLimiter> byAddress = new HashMap<>();

  public SignupThrottle(int maxPerWindow) {
    this.maxPerWindow = maxPerWindow;
  }

  /** @return 0 when the sign-up may proceed (and is counted), else the milliseconds to wait */
  public long tryAttempt(String address, long now) {
    String key = address == null ? "unknown" : address;
    return byAddress.computeIfAbsent(key, k -> new RateLimiter(maxPerWindow, WINDOW_MILLIS)).tryAcquire(now);
  }

  public void forgetIdle(long now) {
    byAddress.values().removeIf(limiter -> limiter.idle(now));
  }
}
