package io.streamroom.chat;

import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.store.ChatStore.Channel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static io.streamroom.chat.ChatEvents.event;

/**
 * What a channel's operators and moderators do to its members, IRC's way: make operators (+o), voice (+v),
 * kick out of the channel (the user stays connected and may come back) and invite. In a channel with
 * operators ({@link ChannelRoles#hasOperators}) +o makes any member an operator until they leave; elsewhere
 * it appoints an account as moderator ({@link Moderation#mod}).
 */
final class OperatorActions {
  private final Presence presence;
  private final Channels channels;
  private final ChannelRoles roles;
  private final ChannelAdmission admission;
  private final Moderation moderation;
  private final RateLimits limits;
  private final ChatEvents events;

  OperatorActions(Presence presence, Channels channels, ChannelRoles roles, ChannelAdmission admission, Moderation moderation,
      RateLimits limits, ChatEvents events) {
    this.presence = presence;
    this.channels = channels;
    this.roles = roles;
    this.admission = admission;
    this.moderation = moderation;
    this.limits = limits;
    this.events = events;
  }

  /** {channel, name, op}: moderators. */
  Future<JsonObject> op(Session actor, JsonObject args) {
    boolean op = !Boolean.FALSE.equals(Args.bool(args, "op"));
    return channels.moderatedBy(actor, args).compose(channel -> {
      if (!ChannelRoles.hasOperators(channel)) return op ? moderation.mod(actor, args) : moderation.unmod(actor, args);
      return Future.succeededFuture(mark(actor, channel, args, s -> s.operatorIn, op, EventType.MODERATOR, "moderator"));
    });
  }

  /** {channel, name, voice}: moderators; a voiced member may talk while the channel is moderated. */
  Future<JsonObject> voice(Session actor, JsonObject args) {
    boolean voice = !Boolean.FALSE.equals(Args.bool(args, "voice"));
    return channels.moderatedBy(actor, args)
        .map(channel -> mark(actor, channel, args, s -> s.voicedIn, voice, EventType.VOICE, "voiced"));
  }

  /**
   * Gives or takes a member's mark in the channel (operator, voice: channel names kept on the session, so every
   * adapter and a new leader see them); the channel hears of it once, if anything changed.
   */
  private JsonObject mark(Session actor, Channel channel, JsonObject args, Function<Session, Set<String>> marks, boolean on,
      EventType type, String field) {
    List<Session> targets = membersNamed(channel, args);
    boolean changed = false;
    for (Session s : targets) changed |= on ? marks.apply(s).add(channel.name()) : marks.apply(s).remove(channel.name());
    targets.forEach(presence::changed);
    if (changed) {
      events.publish(channel.name(), event(type, channel.name()).put("user", targets.get(0).name).put(field, on).put("by", actor.name));
    }
    return new JsonObject().put("channel", channel.name()).put("name", targets.get(0).name);
  }

  /**
   * {channel, name, reason?}: takes a member out of the channel (moderators, on anyone of their rank or below);
   * the channel sees a KICK and the user's sessions a PARTED with reason "kicked".
   */
  Future<JsonObject> kick(Session actor, JsonObject args) {
    String reason = Names.reason(Args.string(args, "reason", null));
    return channels.moderatedBy(actor, args).map(channel -> {
      List<Session> targets = membersNamed(channel, args);
      int rank = targets.stream().mapToInt(s -> roles.rank(channel, s)).max().orElse(ChannelRoles.EVERYONE);
      if (rank > roles.rank(channel, actor)) {
        throw new ChatException(ErrorCode.PROTECTED_USER, targets.get(0).name + " moderates " + channel.name() + " at a higher rank.");
      }
      String name = targets.get(0).name;
      events.publish(channel.name(), event(EventType.KICK, channel.name()).put("user", name).put("by", actor.name).put("reason", reason));
      for (Session s : targets) {
        presence.part(s, channel.name());
        events.toSession(s, event(EventType.PARTED, channel.name()).put("reason", "kicked").put("by", actor.name).put("message", reason));
      }
      events.record(ConnectionEvent.KICK, actor.source, actor.name + " kicked " + name + " from " + channel.name()
          + (reason.isEmpty() ? "" : ": " + reason));
      return new JsonObject().put("channel", channel.name()).put("name", name);
    });
  }

  /**
   * {channel, name}: a member invites someone online who is not in the channel (in an invite-only channel,
   * only moderators may); the invitation lets them past +i and +l once. Only the invited user is told.
   */
  Future<JsonObject> invite(Session actor, JsonObject args) {
    String target = Names.nick(Args.string(args, "name", null));
    limits.checkAction(actor.key());
    return channels.existing(Names.channel(Args.string(args, "channel", null))).map(channel -> {
      String name = channel.name();
      channels.memberChannel(actor, args);
      List<Session> invited = presence.sessionsOf(target);
      if (invited.isEmpty()) throw new ChatException(ErrorCode.NO_SUCH_USER, target + " is not online.");
      if (invited.stream().anyMatch(s -> s.channels.contains(name))) {
        throw new ChatException(ErrorCode.USER_IN_CHANNEL, invited.get(0).name + " is in " + name + " already.");
      }
      if (channel.modes().inviteOnly()) roles.requireModerator(channel, actor);
      admission.invite(name, invited.get(0).name, actor.name);
      JsonObject told = new JsonObject().put("type", EventType.INVITED.wire()).put("channel", name).put("by", actor.name);
      invited.forEach(s -> events.toSession(s, told));
      return new JsonObject().put("channel", name).put("name", invited.get(0).name);
    });
  }

  /** The sessions of the user named in {@code args} that are in the channel; refuses one offline or not there. */
  private List<Session> membersNamed(Channel channel, JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    List<Session> online = presence.sessionsOf(name);
    if (online.isEmpty()) throw new ChatException(ErrorCode.NO_SUCH_USER, name + " is not online.");
    List<Session> here = online.stream().filter(s -> s.channels.contains(channel.name())).toList();
    if (here.isEmpty()) throw new ChatException(ErrorCode.USER_NOT_IN_CHANNEL, online.get(0).name + " is not in " + channel.name() + ".");
    return here;
  }
}
