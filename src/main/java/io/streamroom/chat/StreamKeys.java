package io.streamroom.chat;

import io.streamroom.store.LiveStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Stream keys for OBS and ffmpeg: a channel's owner (or an admin) asks for one, and whoever publishes with
 * it over RTMP streams into that channel as the account that asked. Only the key's SHA-256 is stored. Also
 * who may delete what a stream left in the library.
 */
final class StreamKeys {
  /** 24 random bytes: 32 characters in the URL-safe alphabet, beyond any guessing. */
  private static final int KEY_BYTES = 24;
  private static final SecureRandom random = new SecureRandom();

  private final EventBus bus;
  private final LiveStore store;
  private final Channels channels;
  private final Sanctions sanctions;
  private final RateLimits limits;

  StreamKeys(EventBus bus, LiveStore store, Channels channels, Sanctions sanctions, RateLimits limits) {
    this.bus = bus;
    this.store = store;
    this.channels = channels;
    this.sanctions = sanctions;
    this.limits = limits;
  }

  /** {channel} → {channel, key}: a fresh key; the channel's previous key stops working. */
  Future<JsonObject> create(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    if (!session.hasAccount()) throw new ChatException(ErrorCode.READ_ONLY, "Only registered users can stream.");
    limits.checkAction(session.key());
    byte[] raw = new byte[KEY_BYTES];
    random.nextBytes(raw);
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    return channels.ownedOrAdmin(session, name)
        .compose(channel -> store.putKey(channel.id(), hash(key), session.name))
        .map(v -> new JsonObject().put("channel", name).put("key", key));
  }

  /** {key} → {channel, user}; a key that is unknown, replaced, of a deleted channel or of a banned user is refused. */
  Future<JsonObject> owner(JsonObject args) {
    String key = Args.string(args, "key", "");
    return store.keyOwner(hash(key)).compose(found -> {
      LiveStore.KeyOwner owner = found.orElseThrow(() -> new ChatException(ErrorCode.WRONG_STREAM_KEY));
      return channels.channel(owner.channel()).map(channel -> {
        sanctions.checkServer(owner.user(), true, null);
        sanctions.checkRead(channel.id(), channel.name(), owner.user(), true, null);
        return new JsonObject().put("channel", channel.name()).put("user", owner.user());
      });
    });
  }

  /** {title}: the recording's streamer, its channel's owner or an admin deletes it (files, then row). */
  Future<JsonObject> deleteRecording(Session session, JsonObject args) {
    String title = Args.string(args, "title", "");
    limits.checkAction(session.key());
    return store.recording(title).compose(found -> {
      LiveStore.Recording recording = found.orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_RECORDING));
      Future<Void> allowed = session.hasAccount() && session.name.equalsIgnoreCase(recording.streamer()) || session.admin
          ? Future.succeededFuture()
          : channels.ownedOrAdmin(session, recording.channel()).<Void>mapEmpty()
              .recover(e -> Future.failedFuture(new ChatException(ErrorCode.NOT_STREAMER)));
      return allowed.compose(v -> bus.request(Addresses.RECORDING_DELETE, new JsonObject().put("title", title)))
          .map(v -> new JsonObject().put("title", title));
    });
  }

  static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
