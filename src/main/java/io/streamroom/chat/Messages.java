package io.streamroom.chat;

import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.store.ChatStore.Channel;
import io.streamroom.store.ChatStore.NewMessage;
import io.streamroom.store.ChatStore.StoredMessage;
import io.streamroom.store.MessageWriter;
import io.streamroom.store.MessageWriters;
import io.streamroom.media.Media;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static io.streamroom.chat.ChatEvents.event;

/**
 * Messages to a channel and private messages: who may send them, their rate limit, storing them through
 * the {@link MessageWriters} and publishing them once committed, and what the sender is told.
 */
final class Messages {
  private final MessageWriters writer;
  private final Presence presence;
  private final Statuses statuses;
  private final Channels channels;
  private final RateLimits limits;
  private final ChannelRoles roles;
  private final Sanctions sanctions;
  private final ChatEvents events;
  private final Recordings recordings;

  Messages(MessageWriters writer, Presence presence, Statuses statuses, Channels channels, RateLimits limits, ChannelRoles roles,
      Sanctions sanctions, ChatEvents events, Recordings recordings) {
    this.recordings = recordings;
    this.writer = writer;
    this.presence = presence;
    this.statuses = statuses;
    this.channels = channels;
    this.limits = limits;
    this.roles = roles;
    this.sanctions = sanctions;
    this.events = events;
  }

  Future<JsonObject> say(Session session, JsonObject args) {
    Channel channel = channelToTalkIn(session, args);
    boolean moderator = checkMayTalk(session, channel);
    String name = channel.name();
    String recording = Args.string(args, "media", null);
    String text = recording == null ? Names.text(Args.string(args, "text", null)) : Names.caption(Args.string(args, "text", null));
    String key = Names.messageKey(Args.string(args, "key", null));
    JsonObject marks = marks(session, args);
    if (!moderator) limits.checkSlowMode(channel.id(), name, channel.slowSeconds(), session);
    limits.checkMessage(session, moderator);
    return recordings.claim(session, recording, false).compose(media -> store(session, channel, text, key, media, marks));
  }

  /** The command's channel, if the session may send there: as a member, or from outside where -n is off. */
  Channel channelToTalkIn(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    if (session.channels.contains(name)) return channels.cached(name);
    // From outside: only into a channel that allows it (-n), which has members, so its row is cached.
    Channel outside = channels.cached(name);
    if (outside == null || outside.modes().noExternal()) channels.memberChannel(session, args);
    return outside;
  }

  /**
   * Refuses a sender the channel does not let talk now: a visitor, a guest where only accounts talk, a ban or
   * timeout, anyone but moderators and voiced members while it is moderated. @return whether it moderates there
   */
  boolean checkMayTalk(Session session, Channel channel) {
    String name = channel.name();
    if (session.role == Session.Role.VISITOR) {
      throw new ChatException(ErrorCode.READ_ONLY, "Visitors can read and watch but not send; sign up to talk.");
    }
    if (channel.registeredOnly() && !session.hasAccount()) {
      throw new ChatException(ErrorCode.READ_ONLY, name + " is for registered users: /register to talk here.");
    }
    sanctions.checkSay(session, channel.id(), name);
    boolean moderator = roles.moderates(channel, session);
    if (channel.modes().moderated() && !moderator && !session.voicedIn.contains(name)) {
      throw new ChatException(ErrorCode.READ_ONLY, name + " is moderated: only its moderators and voiced members talk.");
    }
    return moderator;
  }

  /**
   * Writes and, once committed, publishes; a message carrying a recording attaches it first, so nobody is
   * sent a link that does not open yet. Published when committed even after the sender was told it is
   * not confirmed yet.
   */
  private Future<JsonObject> store(Session session, Channel channel, String text, String key, Media media, JsonObject marks) {
    NewMessage message = new NewMessage(channel.id(), session.name, null, text, key);
    if (media == null) {
      // The usual case, on the hot path: published in the writer's callback, nothing to wait for.
      return reply(confirmed(writer.write(message, stored -> publish(session, channel, stored, null, marks))));
    }
    Promise<Void> published = Promise.promise();
    Future<StoredMessage> written = writer.write(message, stored ->
        recordings.attach(media, session.name, stored.id()).otherwise(false).onComplete(attached -> {
          publish(session, channel, stored, attached.result() ? media : null, marks);
          published.complete();
        }));
    return reply(confirmed(written).compose(stored -> stored.repeat() ? Future.succeededFuture(stored) : published.future().map(stored)));
  }

  /**
   * What a message carries besides its text, live only (history does not keep it): notice for an IRC
   * NOTICE (clients never answer one automatically), the client's own tags, and bot for a user with +B.
   */
  private static JsonObject marks(Session session, JsonObject args) {
    JsonObject marks = new JsonObject();
    if (Boolean.TRUE.equals(Args.bool(args, "notice"))) marks.put("notice", true);
    JsonObject tags = Names.clientTags(args.getJsonObject("tags"));
    if (tags != null) marks.put("tags", tags);
    if (session.hasMode(UserModes.BOT)) marks.put("bot", true);
    return marks;
  }

  private void publish(Session session, Channel channel, StoredMessage stored, Media media, JsonObject marks) {
    String name = channel.name();
    channels.published(name, stored.id());
    events.record(ConnectionEvent.MESSAGE_SENT, session.source, stored.sender() + " in " + name + ", message " + stored.id());
    JsonObject event = event(EventType.MESSAGE, name).put("id", stored.id()).put("from", stored.sender())
        .put("text", stored.body()).put("at", stored.created().toInstant().toEpochMilli());
    if (session.hasAccount()) event.put("account", true); // IRC's account-tag
    event.mergeIn(marks);
    events.publish(name, media == null ? event : event.put("media", media.toJson()));
  }

  private static Future<JsonObject> reply(Future<StoredMessage> stored) {
    return stored.map(m -> new JsonObject().put("id", m.id()).put("repeat", m.repeat()));
  }

  Future<JsonObject> privateMessage(Session session, JsonObject args) {
    if (session.role == Session.Role.VISITOR) {
      throw new ChatException(ErrorCode.READ_ONLY, "Visitors can read and watch but not send; sign up to talk.");
    }
    String to = Names.nick(Args.string(args, "to", null));
    String text = Names.text(Args.string(args, "text", null));
    List<Session> targets = presence.sessionsOf(to);
    if (targets.isEmpty()) throw new ChatException(ErrorCode.NO_SUCH_USER, to + " is not online.");
    limits.checkMessage(session, false);
    String recipient = targets.get(0).name;
    String key = Names.messageKey(Args.string(args, "key", null));
    JsonObject marks = marks(session, args);
    Future<StoredMessage> written = writer.write(new NewMessage(null, session.name, recipient, text, key), stored -> {
      JsonObject event = new JsonObject().put("type", EventType.PRIVATE.wire()).put("id", stored.id())
          .put("from", session.name).put("to", recipient).put("text", text)
          .put("at", stored.created().toInstant().toEpochMilli());
      event.mergeIn(marks);
      presence.sessionsOf(recipient).forEach(target -> events.toSession(target, event));
      events.record(ConnectionEvent.MESSAGE_SENT, session.source, session.name + " to " + recipient + " (private), message " + stored.id());
    });
    String away = statuses.awayMessage(targets.get(0)); // IRC tells the sender (RPL_AWAY)
    return confirmed(written).map(stored -> {
      JsonObject reply = new JsonObject().put("id", stored.id()).put("to", recipient).put("repeat", stored.repeat()).mergeIn(marks);
      return away == null ? reply : reply.put("away", away);
    });
  }

  /**
   * The sender's answer: committed, certainly not stored, or not known yet (the write goes on and its
   * message appears if it is stored).
   */
  static Future<StoredMessage> confirmed(Future<StoredMessage> written) {
    return written.recover(failure -> {
      if (failure instanceof MessageWriter.UnconfirmedException || failure instanceof MessageWriter.UnknownFateException) {
        return Future.failedFuture(new ChatException(ErrorCode.UNCONFIRMED));
      }
      if (failure instanceof MessageWriter.NotStoredException e) {
        return Future.failedFuture(new ChatException(switch (e.reason()) {
          case DATABASE_DOWN -> ErrorCode.DATABASE_DOWN;
          case QUEUE_FULL -> ErrorCode.BUSY;
          case REFUSED -> ErrorCode.INTERNAL;
        }));
      }
      return Future.failedFuture(failure);
    });
  }
}
