package io.streamroom.media;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.RateLimiter;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The rules of an upload, in the order they cost us: the size cap and the rate before a byte is read,
 * the quota before and again after, then what the file really is (JavaCV on a worker), how long it is,
 * and finally keeping it durably. The HTTP adapter streams the body to an incoming file in between.
 * Used on the HTTP verticle's event loop.
 */
public final class MediaUploads {
  /** Uploads per account per minute: a lively conversation's worth; more is a script filling the disk. */
  public static final int UPLOADS_PER_MINUTE = 10;
  private static final long RATE_WINDOW_MILLIS = 60_000;
  /** Idle rate limiters are forgotten once there are this many, so memory follows the active uploaders. */
  private static final int LIMITERS_BEFORE_CLEANUP = 256;

  private final Vertx vertx;
  private final MediaStore store;
  private final long maxBytes;
  private final Quota quota;
  private final Map<String, RateLimiter> rates = new HashMap<>();

  public MediaUploads(Vertx vertx, MediaStore store, Config config) {
    this.vertx = vertx;
    this.store = store;
    this.maxBytes = config.bytes(Setting.MEDIA_MAX_BYTES);
    this.quota = new Quota(config.bytes(Setting.MEDIA_QUOTA_BYTES));
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Everything that can be decided before the body is read; an admitted upload counts against the rate.
   *
   * @param declaredBytes the body's Content-Length, or -1 when it is sent in chunks
   */
  public Future<Void> admit(String owner, long declaredBytes) {
    if (declaredBytes > maxBytes) return Future.failedFuture(tooLarge());
    long now = System.currentTimeMillis();
    if (rates.size() > LIMITERS_BEFORE_CLEANUP) rates.values().removeIf(limiter -> limiter.idle(now));
    long waitMillis = rates.computeIfAbsent(owner.toLowerCase(Locale.ROOT), k -> new RateLimiter(UPLOADS_PER_MINUTE, RATE_WINDOW_MILLIS))
        .tryAcquire(now);
    if (waitMillis > 0) {
      long seconds = (waitMillis + 999) / 1000;
      return Future.failedFuture(new ChatException(ErrorCode.RATE_LIMITED, "At most " + UPLOADS_PER_MINUTE
          + " voice and video messages per minute. Wait " + seconds + " s.", seconds));
    }
    if (declaredBytes < 0) return Future.succeededFuture();
    return store.usedBytes(owner).map(used -> {
      quota.check(used, declaredBytes);
      return null;
    });
  }

  /** The refusal for a body over the cap, declared or found so while reading it. */
  public ChatException tooLarge() {
    return new ChatException(ErrorCode.TOO_LARGE, "Voice and video messages are at most " + Quota.text(maxBytes) + ".");
  }

  /**
   * Keeps a received body as a recording: probes it (unless it is encrypted), holds it to its kind's
   * duration limit, and stores it within the owner's quota. Succeeds only once both the file and its row
   * are on disk. The incoming file is gone afterwards, kept or refused.
   */
  public Future<Media> accept(Path incoming, MediaClaim claim, String owner, long size) {
    UUID id = UUID.randomUUID();
    Future<Long> duration = size == 0 ? Future.failedFuture(new ChatException(ErrorCode.BAD_REQUEST, "The body is empty: send the recording."))
        : claim.encrypted() ? Future.succeededFuture(claim.claimedDurationMs())
        : vertx.executeBlocking(() -> MediaProbe.durationMillis(incoming, claim), false);
    return duration.compose(millis -> {
      claim.kind().checkDuration(millis);
      Media media = new Media(id, owner, claim.kind(), claim.contentType(), millis, size, claim.encrypted(), null);
      return store.insertWithinQuota(media, quota, () -> vertx.executeBlocking(() -> {
        store.files().keep(incoming, id);
        return null;
      }, false)).map(media);
    }).eventually(() -> vertx.executeBlocking(() -> {
      MediaFiles.delete(incoming);
      return null;
    }, false));
  }
}
