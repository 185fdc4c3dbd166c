package io.streamroom.auth;

import io.streamroom.chat.RateLimiter;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing: after {@code maxAttempts} password attempts within the window for one account,
 * or five times that from one address (many people can share an address behind NAT), further attempts are
 * refused until the oldest leaves the window. An attempt counts when it starts, not when it fails, so
 * parallel guesses cannot slip past. Used from one event loop only.
 */
public final class LoginThrottle {
  private static final int ADDRESS_FACTOR = 5;
  private final int maxFailures;
  private final long windowMillis;
  private final Map<String, RateLimiter> failures = new HashMap<>();

  public LoginThrottle(int maxFailures, long windowMillis) {
    this.maxFailures = maxFailures;
    this.windowMillis = windowMillis;
  }

  /**
   * Counts an attempt if one is allowed. {@code account} is a nickname key (already validated, so there is
   * one key per account whatever the spelling).
   * @return 0 when the attempt may proceed, else the milliseconds to wait
   */
  public long tryAttempt(String account, String address, long now) {
    RateLimiter byAccount = limiter(accountKey(account));
    RateLimiter byAddress = limiter(addressKey(address));
    long wait = Math.max(byAccount.waitMillis(now), byAddress.waitMillis(now));
    if (wait == 0) {
      byAccount.record(now);
      byAddress.record(now);
    }
    return wait;
  }

  /** Drops counters with nothing in the window, so memory follows current attackers only. */
  public void forgetIdle(long now) {
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
    return "address:" + (address == null ? "unknown" : address);
  }
}
