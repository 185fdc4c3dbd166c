package io.streamroom.auth;

import io.streamroom.chat.RateLimiter;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing without letting a stranger lock the owner out. Failed attempts are counted
 * per account and address together ({@code maxFailures} in the window), per address across accounts
 * (five times that: many people can share an address behind NAT) and per account from everywhere (ten
 * times that: a distributed guesser is slowed too, but locking an owner out takes a hundred failures in
 * the window, not ten). An attempt is counted when it starts, so parallel guesses cannot slip past, and
 * taken back when it succeeds: only failures count. Used from one event loop only.
 */
public final class LoginThrottle {
  private static final int ADDRESS_FACTOR = 5;
  private static final int ACCOUNT_FACTOR = 10;
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
    RateLimiter pair = limiter(pairKey(account, address), maxFailures);
    RateLimiter byAddress = limiter(addressKey(address), maxFailures * ADDRESS_FACTOR);
    RateLimiter byAccount = limiter(accountKey(account), maxFailures * ACCOUNT_FACTOR);
    long wait = Math.max(pair.waitMillis(now), Math.max(byAddress.waitMillis(now), byAccount.waitMillis(now)));
    if (wait == 0) {
      pair.record(now);
      byAddress.record(now);
      byAccount.record(now);
    }
    return wait;
  }

  /** The attempt was right: it does not count, and the typos before it from this address are forgiven. */
  public void succeeded(String account, String address) {
    failures.remove(pairKey(account, address));
    forgetOne(addressKey(address));
    forgetOne(accountKey(account));
  }

  /** Drops counters with nothing in the window, so memory follows current attackers only. */
  public void forgetIdle(long now) {
    failures.values().removeIf(limiter -> limiter.idle(now));
  }

  private void forgetOne(String key) {
    RateLimiter limiter = failures.get(key);
    if (limiter != null) limiter.forgetNewest();
  }

  private RateLimiter limiter(String key, int max) {
    return failures.computeIfAbsent(key, k -> new RateLimiter(max, windowMillis));
  }

  private static String pairKey(String account, String address) {
    return "pair:" + account.toLowerCase(Locale.ROOT) + "@" + address;
  }

  private static String accountKey(String account) {
    return "account:" + account.toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "address:" + (address == null ? "unknown" : address);
  }
}
