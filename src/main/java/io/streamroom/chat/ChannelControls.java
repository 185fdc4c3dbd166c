package io.streamroom.chat;

import io.streamroom.store.ChatStore;
import io.streamroom.store.ChatStore.Channel;
import io.streamroom.store.ChatStore.Modes;
import io.streamroom.store.ChatStore.Topic;
import io.streamroom.store.ModerationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.streamroom.chat.ChatEvents.event;

/**
 * What owners and moderators change about a channel: who may talk (mode), the topic, slow mode, clearing
 * the chat, and deleting the channel. Each change is stored, then cached and announced to its members.
 */
final class ChannelControls {
  /** Twitch's slow mode goes up to two minutes; an hour is as slow as a chat can usefully be. */
  static final int MAX_SLOW_SECONDS = 3600;
  /** RFC 2812's longest channel key. */
  static final int MAX_KEY_LENGTH = 23;
  /** No spaces (a JOIN line separates keys with them), commas (they separate keys) or control characters. */
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x2B\\x2D-\\x7E]{1," + MAX_KEY_LENGTH + "}");
  /** Far more members than one channel's fan-out is measured for. */
  static final int MAX_LIMIT = 100_000;

  private final ChatStore chatStore;
  private final ModerationStore store;
  private final Channels channels;
  private final ChannelRoles roles;
  private final RateLimits limits;
  private final Sanctions sanctions;
  private final ChatEvents events;

  ChannelControls(ChatStore chatStore, ModerationStore store, Channels channels, ChannelRoles roles, Sanctions sanctions,
      ChatEvents events, RateLimits limits) {
    this.chatStore = chatStore;
    this.limits = limits;
    this.store = store;
    this.channels = channels;
    this.roles = roles;
    this.sanctions = sanctions;
    this.events = events;
  }

  /**
   * Changes any of the channel's modes given: registeredOnly (owner or admin); key ("" removes it), limit (0
   * removes it), inviteOnly, secret, moderated, noExternal, topicLock (moderators). One MODE event says what
   * changed; nothing is announced when nothing did.
   */
  Future<JsonObject> mode(Session session, JsonObject args) {
    Boolean registeredOnly = Args.bool(args, "registeredOnly");
    String key = Args.string(args, "key", null);
    long limit = Args.number(args, "limit", -1);
    if (key != null && !key.isEmpty() && !KEY.matcher(key).matches()) {
      throw new ChatException(ErrorCode.BAD_MODE, "A channel key is 1-" + MAX_KEY_LENGTH + " characters, without spaces or commas.");
    }
    if (limit != -1 && (limit < 0 || limit > MAX_LIMIT)) {
      throw new ChatException(ErrorCode.BAD_MODE, "A member limit is 1-" + MAX_LIMIT + ", or 0 for none.");
    }
    Future<Channel> allowed = registeredOnly != null ? channels.ownedBy(session, args) : channels.moderatedBy(session, args);
    return allowed.compose(channel -> {
      Modes was = channel.modes();
      Modes now = new Modes(key == null ? was.key() : key.isEmpty() ? null : key, limit == -1 ? was.limit() : (int) limit,
          flag(args, "inviteOnly", was.inviteOnly()), flag(args, "secret", was.secret()), flag(args, "moderated", was.moderated()),
          flag(args, "noExternal", was.noExternal()), flag(args, "topicLock", was.topicLock()));
      boolean registered = registeredOnly == null ? channel.registeredOnly() : registeredOnly;
      JsonObject event = event(EventType.MODE, channel.name()).put("by", session.name);
      if (registered != channel.registeredOnly()) event.put("registeredOnly", registered);
      describeChanges(was, now, event);
      JsonObject reply = new JsonObject().put("channel", channel.name()).put("registeredOnly", registered);
      if (event.size() == 3) return Future.succeededFuture(reply.put("changed", false));
      Channel changed = channel.withRegisteredOnly(registered).withModes(now);
      Future<Void> stored = registered != channel.registeredOnly() ? chatStore.setRegisteredOnly(channel.id(), registered)
          : Future.succeededFuture();
      return stored.compose(v -> was.equals(now) ? Future.succeededFuture() : chatStore.setModes(channel.id(), now))
          .map(v -> changed(changed, event, r -> reply.put("changed", true)));
    });
  }

  /** Puts into the event each mode that differs: its new value ("" for a removed key, 0 for a removed limit). */
  private static void describeChanges(Modes was, Modes now, JsonObject event) {
    if (!Objects.equals(was.key(), now.key())) event.put("key", now.key() == null ? "" : now.key());
    if (was.limit() != now.limit()) event.put("limit", now.limit());
    if (was.inviteOnly() != now.inviteOnly()) event.put("inviteOnly", now.inviteOnly());
    if (was.secret() != now.secret()) event.put("secret", now.secret());
    if (was.moderated() != now.moderated()) event.put("moderated", now.moderated());
    if (was.noExternal() != now.noExternal()) event.put("noExternal", now.noExternal());
    if (was.topicLock() != now.topicLock()) event.put("topicLock", now.topicLock());
  }

  private static boolean flag(JsonObject args, String name, boolean was) {
    Boolean value = Args.bool(args, name);
    return value == null ? was : value;
  }

  /** With the topic lock (+t) moderators set the topic; without it, any member. */
  Future<JsonObject> topic(Session session, JsonObject args) {
    String topic = Names.topic(Args.string(args, "topic", ""));
    String name = Names.channel(Args.string(args, "channel", null));
    limits.checkAction(session.key()); // a stored write and a notice to every member, locked or not
    Future<Channel> allowed = channels.existing(name).map(channel -> {
      if (channel.modes().topicLock()) roles.requireModerator(channel, session);
      else channels.memberChannel(session, args);
      return channel;
    });
    return allowed.compose(channel -> store.setTopic(channel.id(), topic, session.name)
        .map(v -> changed(channel.withTopic(topic, new Topic(session.name, System.currentTimeMillis() / 1000)),
            event(EventType.TOPIC, channel.name()).put("topic", topic).put("by", session.name), reply -> reply.put("topic", topic))));
  }

  /** Slow mode: one message per user per that many seconds; moderators are exempt. 0 turns it off. */
  Future<JsonObject> slow(Session session, JsonObject args) {
    long seconds = Args.number(args, "seconds", -1);
    if (seconds < 0 || seconds > MAX_SLOW_SECONDS) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "Slow mode is 1-" + MAX_SLOW_SECONDS + " seconds, or 0 for off.");
    }
    int slow = (int) seconds;
    return channels.moderatedBy(session, args).compose(channel -> store.setSlowSeconds(channel.id(), slow)
        .map(v -> changed(channel.withSlowSeconds(slow), event(EventType.SLOW, channel.name()).put("seconds", slow)
            .put("by", session.name), reply -> reply.put("seconds", slow))));
  }

  /**
   * Hides every message sent to the channel so far: history starts after the newest one its members were
   * sent, so what is hidden is exactly what was on screen before the clear event.
   */
  Future<JsonObject> clear(Session session, JsonObject args) {
    return channels.moderatedBy(session, args).compose(channel -> {
      long through = channels.lastPublished(channel.name());
      return store.clearThrough(channel.id(), through).map(v -> changed(channel.withClearedThrough(Math.max(through, channel.clearedThrough())),
          event(EventType.CLEAR, channel.name()).put("by", session.name), reply -> reply));
    });
  }

  /** Owner or admin; #lobby stays. Members are removed; the name is free for a new channel. */
  Future<JsonObject> delete(Session session, JsonObject args) {
    return channels.ownedBy(session, args).compose(channel -> {
      if (Names.LOBBY.equals(channel.name())) throw new ChatException(ErrorCode.BAD_REQUEST, Names.LOBBY + " cannot be deleted.");
      return store.deleteChannel(channel.id()).map(deleted -> {
        if (!deleted) throw new ChatException(ErrorCode.NO_SUCH_CHANNEL, "No such channel: " + channel.name());
        events.publish(channel.name(), event(EventType.CHANNELDELETED, channel.name()).put("by", session.name));
        channels.deleted(channel, session.name);
        roles.channelDeleted(channel.id());
        sanctions.channelDeleted(channel.id());
        return new JsonObject().put("channel", channel.name());
      });
    });
  }

  private JsonObject changed(Channel changed, JsonObject event, Function<JsonObject, JsonObject> reply) {
    channels.update(changed);
    events.publish(changed.name(), event);
    return reply.apply(new JsonObject().put("channel", changed.name()));
  }
}
