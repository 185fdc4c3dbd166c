package io.streamroom.web;

import io.streamroom.chat.RateLimiter;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing: after {@code maxFailures} failed logins within the window for one account, or
 * five times that from one address (many people can share an address behind NAT), further attempts are
 * refused until the oldest failure leaves the window. Used from one event loop only.
 */
final class LoginThrottle {
  private static final int ADDRESS_FACTOR = 5;
  private final int maxFailures;
  private final long windowMillis;
  private final Map<String, RateLimiter> failures = new HashMap<>();

  LoginThrottle(int maxFailures, long windowMillis) {
    this.maxFailures = maxFailures;
    this.windowMillis = windowMillis;
  }

  /** @return 0 when an attempt may proceed, else the milliseconds to wait */
  long waitMillis(String account, String address, long now) {
    return Math.max(limiter(accountKey(account)).waitMillis(now), limiter(addressKey(address)).waitMillis(now));
  }

  void recordFailure(String account, String address, long now) {
    limiter(accountKey(account)).record(now);
    limiter(addressKey(address)).record(now);
  }

  /** Drops counters with nothing in the window, so memory follows current attackers only. */
  void forgetIdle(long now) {
    failures.values().removeIf(limiter -> limiter.idle(now));
  }

  private RateLimiter limiter(String key) {
    return failures.computeIfAbsent(key, k ->
        new RateLimiter(k.startsWith("address:") ? maxFailures * ADDRESS_FACTOR : maxFailures, windowMillis));
  }

  private static String accountKey(String account) {
    return "account:" + account.toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }
}
