package io.streamroom.chat;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-user rate limits: messages (public and private; moderators have a larger allowance in the channels
 * they moderate, as on Twitch), actions (joins, parts, status and mode changes, channel creation, stream
 * control, moderation), each in its own sliding window; and channels' slow mode.
 */
final class RateLimits {
  /** Joins, parts, status and mode changes per user per rate window. */
  private final int maxActions;
  /** Offers, answers and ICE candidates per session per window: a connection takes a dozen or two. */
  private static final int MAX_SIGNALS = 300;

  private final int rateMessages;
  private final int moderatorRateMessages;
  private final long rateWindowMillis;
  private final Map<String, RateLimiter> limiters = new HashMap<>();
  private final Map<String, RateLimiter> moderatorLimiters = new HashMap<>();
  private final Map<String, RateLimiter> actionLimiters = new HashMap<>();
  private final Map<String, RateLimiter> signalLimiters = new HashMap<>();
  /** "channel id/user key" -> when that user last spoke there, for slow mode */
  private final Map<String, Long> lastSaid = new HashMap<>();

  RateLimits(Config config) {
    this.rateMessages = config.integer(Setting.RATE_MESSAGES);
    this.maxActions = config.integer(Setting.RATE_ACTIONS);
    // Moderators get the larger allowance: never less than everyone else's when the users' one is set higher.
    this.moderatorRateMessages = Math.max(rateMessages, config.integer(Setting.RATE_MESSAGES_MODERATOR));
    this.rateWindowMillis = config.integer(Setting.RATE_WINDOW_SECONDS) * 1000L;
  }

  /** Forgets idle limiters once per window, so memory follows the users who are active. */
  void startCleanup(Vertx vertx) {
    vertx.setPeriodic(rateWindowMillis, id -> forgetIdle());
  }

  /** @param moderator whether the session moderates the channel the message goes to */
  void checkMessage(Session session, boolean moderator) {
    int allowed = moderator ? moderatorRateMessages : rateMessages;
    long waitMillis = (moderator ? moderatorLimiters : limiters)
        .computeIfAbsent(session.key(), k -> new RateLimiter(allowed, rateWindowMillis))
        .tryAcquire(System.currentTimeMillis());
    if (waitMillis > 0) {
      throw new ChatException(ErrorCode.RATE_LIMITED, "You are sending too fast: at most " + allowed
          + " messages per " + rateWindowMillis / 1000 + " s. Wait " + (waitMillis + 999) / 1000 + " s.");
    }
  }

  /** One message per {@code slowSeconds} per user in the channel; call for those who do not moderate it. */
  void checkSlowMode(long channelId, String channel, int slowSeconds, Session session) {
    if (slowSeconds <= 0) return;
    long now = System.currentTimeMillis();
    String key = channelId + "/" + session.key();
    Long last = lastSaid.get(key);
    long waitMillis = last == null ? 0 : last + slowSeconds * 1000L - now;
    if (waitMillis > 0) {
      long seconds = (waitMillis + 999) / 1000;
      throw new ChatException(ErrorCode.SLOW_MODE, "Slow mode in " + channel + ": one message per " + slowSeconds
          + " s. Wait " + seconds + " s.", seconds);
    }
    lastSaid.put(key, now);
  }

  /** Joins, parts, status and mode changes each cause events for many people: they are limited too. */
  void checkAction(String userKey) {
    long waitMillis = actionLimiters.computeIfAbsent(userKey, k -> new RateLimiter(maxActions, rateWindowMillis))
        .tryAcquire(System.currentTimeMillis());
    if (waitMillis > 0) {
      throw new ChatException(ErrorCode.RATE_LIMITED, "Slow down: at most " + maxActions + " joins, parts, status and "
          + "channel changes per " + rateWindowMillis / 1000 + " s. Wait " + (waitMillis + 999) / 1000 + " s.");
    }
  }

  /** Per session: a streamer talks to several viewers, each viewer to one streamer. */
  void checkSignal(Session session) {
    long waitMillis = signalLimiters.computeIfAbsent(session.id, k -> new RateLimiter(MAX_SIGNALS, rateWindowMillis))
        .tryAcquire(System.currentTimeMillis());
    if (waitMillis > 0) {
      throw new ChatException(ErrorCode.RATE_LIMITED, "Too much signalling: at most " + MAX_SIGNALS + " per "
          + rateWindowMillis / 1000 + " s. Wait " + (waitMillis + 999) / 1000 + " s.");
    }
  }

  private void forgetIdle() {
    long now = System.currentTimeMillis();
    limiters.values().removeIf(limiter -> limiter.idle(now));
    moderatorLimiters.values().removeIf(limiter -> limiter.idle(now));
    lastSaid.values().removeIf(at -> at < now - ChannelControls.MAX_SLOW_SECONDS * 1000L);
    actionLimiters.values().removeIf(limiter -> limiter.idle(now));
    signalLimiters.values().removeIf(limiter -> limiter.idle(now));
  }
}
