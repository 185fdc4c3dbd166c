package io.streamroom.chat;

import io.streamroom.store.ChatStore;
import io.streamroom.store.ChatStore.Channel;
import io.streamroom.store.ModerationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

import static io.streamroom.chat.ChatEvents.event;

/**
 * What owners and moderators change about a channel: who may talk (mode), the topic, slow mode, clearing
 * the chat, and deleting the channel. Each change is stored, then cached and announced to its members.
 */
final class ChannelControls {
  /** Twitch's slow mode goes up to two minutes; an hour is as slow as a chat can usefully be. */
  static final int MAX_SLOW_SECONDS = 3600;

  private final ChatStore chatStore;
  private final ModerationStore store;
  private final Channels channels;
  private final ChannelRoles roles;
  private final Sanctions sanctions;
  private final ChatEvents events;

  ChannelControls(ChatStore chatStore, ModerationStore store, Channels channels, ChannelRoles roles, Sanctions sanctions,
      ChatEvents events) {
    this.chatStore = chatStore;
    this.store = store;
    this.channels = channels;
    this.roles = roles;
    this.sanctions = sanctions;
    this.events = events;
  }

  /** Owner or admin: registered users only, or guests too. */
  Future<JsonObject> mode(Session session, JsonObject args) {
    Boolean registeredOnly = Args.bool(args, "registeredOnly");
    if (registeredOnly == null) throw new ChatException(ErrorCode.BAD_REQUEST, "Say whether the channel is registeredOnly.");
    return channels.ownedBy(session, args).compose(channel -> chatStore.setRegisteredOnly(channel.id(), registeredOnly)
        .map(v -> changed(channel.withRegisteredOnly(registeredOnly),
            event(EventType.MODE, channel.name()).put("registeredOnly", registeredOnly).put("by", session.name),
            reply -> reply.put("registeredOnly", registeredOnly))));
  }

  Future<JsonObject> topic(Session session, JsonObject args) {
    String topic = Names.topic(Args.string(args, "topic", ""));
    return channels.moderatedBy(session, args).compose(channel -> store.setTopic(channel.id(), topic)
        .map(v -> changed(channel.withTopic(topic), event(EventType.TOPIC, channel.name()).put("topic", topic)
            .put("by", session.name), reply -> reply.put("topic", topic))));
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
