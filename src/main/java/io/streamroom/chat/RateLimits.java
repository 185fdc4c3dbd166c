package io.streamroom.chat;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-user rate limits: messages (public and private), and actions (joins, parts, status and mode
 * changes, channel creation, stream control), each in its own sliding window.
 */
final class RateLimits {
  /** Joins, parts, status and mode changes per user per rate window: plenty for a person, few for a flood. */
  private static final int MAX_ACTIONS = 30;

  private final int rateMessages;
  private final long rateWindowMillis;
  private final Map<String, RateLimiter> limiters = new HashMap<>();
  private final Map<String, RateLimiter> actionLimiters = new HashMap<>();

  RateLimits(Config config) {
    this.rateMessages = config.integer(Setting.RATE_MESSAGES);
    this.rateWindowMillis = config.integer(Setting.RATE_WINDOW_SECONDS) * 1000L;
  }

  /** Forgets idle limiters once per window, so memory follows the users who are active. */
  void startCleanup(Vertx vertx) {
    vertx.setPeriodic(rateWindowMillis, id -> forgetIdle());
  }

  void checkMessage(Session session) {
    long waitMillis = limiters.computeIfAbsent(session.key(), k -> new RateLimiter(rateMessages, rateWindowMillis))
        .tryAcquire(System.currentTimeMillis());
    if (waitMillis > 0) {
      throw new ChatException(ErrorCode.RATE_LIMITED, "You are sending too fast: at most " + rateMessages
          + " messages per " + rateWindowMillis / 1000 + " s. Wait " + (waitMillis + 999) / 1000 + " s.");
    }
  }

  /** Joins, parts, status and mode changes each cause events for many people: they are limited too. */
  void checkAction(String userKey) {
    long waitMillis = actionLimiters.computeIfAbsent(userKey, k -> new RateLimiter(MAX_ACTIONS, rateWindowMillis))
        .tryAcquire(System.currentTimeMillis());
    if (waitMillis > 0) {
      throw new ChatException(ErrorCode.RATE_LIMITED, "Slow down: at most " + MAX_ACTIONS + " joins, parts, status and "
          + "channel changes per " + rateWindowMillis / 1000 + " s. Wait " + (waitMillis + 999) / 1000 + " s.");
    }
  }

  private void forgetIdle() {
    long now = System.currentTimeMillis();
    limiters.values().removeIf(limiter -> limiter.idle(now));
    actionLimiters.values().removeIf(limiter -> limiter.idle(now));
  }
}
