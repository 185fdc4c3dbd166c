package io.streamroom.chat;

import io.streamroom.store.ChatStore.Channel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

import static io.streamroom.chat.ChatEvents.event;

/**
 * IRC's TAGMSG: client tags without text (a reaction, "typing..."), to a channel or a user. Relayed live to
 * those whose clients read tags, never stored, and counted like messages by the rate limit.
 */
final class TagMessages {
  private final Presence presence;
  private final Messages messages;
  private final RateLimits limits;
  private final ChatEvents events;

  TagMessages(Presence presence, Messages messages, RateLimits limits, ChatEvents events) {
    this.presence = presence;
    this.messages = messages;
    this.limits = limits;
    this.events = events;
  }

  /** {channel or to, tags}: the reply has the id the recipients see, and the tags as relayed. */
  Future<JsonObject> send(Session session, JsonObject args) {
    if (session.role == Session.Role.VISITOR) throw new ChatException(ErrorCode.READ_ONLY);
    JsonObject tags = Names.clientTags(args.getJsonObject("tags"));
    if (tags == null) throw new ChatException(ErrorCode.EMPTY_MESSAGE);
    String id = UUID.randomUUID().toString(); // not a stored message: an id of its own kind
    JsonObject tagged = new JsonObject().put("type", EventType.TAGMSG.wire()).put("id", id).put("from", session.name)
        .put("tags", tags).put("at", System.currentTimeMillis());
    if (session.hasMode(UserModes.BOT)) tagged.put("bot", true);
    if (args.getString("channel") != null) {
      // The same rules as a message in the channel: reactions and typing are talking too.
      Channel target = messages.channelToTalkIn(session, args);
      limits.checkMessage(session, messages.checkMayTalk(session, target));
      String channel = target.name();
      events.publish(channel, tagged.mergeIn(event(EventType.TAGMSG, channel)));
      return Future.succeededFuture(new JsonObject().put("id", id).put("to", channel));
    }
    String to = Names.nick(Args.string(args, "to", null));
    List<Session> targets = presence.sessionsOf(to);
    if (targets.isEmpty()) throw new ChatException(ErrorCode.NO_SUCH_USER, to + " is not online.");
    limits.checkMessage(session, false);
    String recipient = targets.get(0).name;
    targets.forEach(target -> events.toSession(target, tagged.copy().put("to", recipient)));
    return Future.succeededFuture(tagged.copy().put("to", recipient));
  }
}
