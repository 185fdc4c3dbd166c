package io.streamroom.chat;

import io.streamroom.auth.AdminRules;
import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.store.ChatStore;
import io.streamroom.store.ChatStore.Channel;
import io.streamroom.store.ModerationStore;
import io.streamroom.store.ModerationStore.Kind;
import io.streamroom.store.ModerationStore.Sanction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

import static io.streamroom.chat.ChatEvents.event;

/**
 * What moderators do to users and messages: appoint and remove moderators, time out, ban (in a channel,
 * or server-wide for admins), lift both, and delete messages. Each action is stored first, then applied
 * to {@link ChannelRoles} or {@link Sanctions} and announced to the channel.
 */
final class Moderation {
  /** Twitch's default timeout. */
  static final long DEFAULT_TIMEOUT_SECONDS = 600;
  /** Twitch's longest: two weeks. Longer is a ban. */
  static final long MAX_TIMEOUT_SECONDS = 14 * 24 * 3600;

  /** Whom an action is aimed at: online (with their sessions) or an account that is offline. */
  private record Target(String name, boolean account, boolean admin, String address) {
    /** The session is this user's, or a guest's from the address the target (a guest) was banned at. */
    boolean hits(Session s) {
      return s.key().equals(Names.key(name)) || (!s.hasAccount() && address != null && address.equals(s.ip));
    }
  }

  private final ModerationStore store;
  private final ChatStore chatStore;
  private final AdminRules adminRules;
  private final Presence presence;
  private final Channels channels;
  private final ChannelRoles roles;
  private final Sanctions sanctions;
  private final AdminActions admin;
  private final RateLimits limits;
  private final ChatEvents events;
  private final Recordings recordings;

  Moderation(ModerationStore store, ChatStore chatStore, AdminRules adminRules, Presence presence, Channels channels,
      ChannelRoles roles, Sanctions sanctions, AdminActions admin, RateLimits limits, ChatEvents events, Recordings recordings) {
    this.recordings = recordings;
    this.store = store;
    this.chatStore = chatStore;
    this.adminRules = adminRules;
    this.presence = presence;
    this.channels = channels;
    this.roles = roles;
    this.sanctions = sanctions;
    this.admin = admin;
    this.limits = limits;
    this.events = events;
  }

  Future<JsonObject> mod(Session actor, JsonObject args) {
    return channels.ownedBy(actor, args).compose(channel -> target(args).compose(t -> {
      if (!t.account()) throw new ChatException(ErrorCode.BAD_REQUEST, "Only accounts can be moderators; " + t.name() + " is a guest.");
      return store.addModerator(channel.id(), t.name(), actor.name).map(added -> {
        if (!added) throw new ChatException(ErrorCode.BAD_REQUEST, t.name() + " is a moderator of " + channel.name() + " already.");
        roles.appointed(channel.id(), t.name());
        return announceModerator(actor, channel, t.name(), true);
      });
    }));
  }

  Future<JsonObject> unmod(Session actor, JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    return channels.ownedBy(actor, args).compose(channel -> store.removeModerator(channel.id(), name).map(removed -> {
      if (!removed) throw new ChatException(ErrorCode.BAD_REQUEST, name + " is not a moderator of " + channel.name() + ".");
      roles.removed(channel.id(), name);
      return announceModerator(actor, channel, name, false);
    }));
  }

  private JsonObject announceModerator(Session actor, Channel channel, String name, boolean moderator) {
    events.publish(channel.name(), event(EventType.MODERATOR, channel.name()).put("user", name).put("moderator", moderator)
        .put("by", actor.name));
    return new JsonObject().put("channel", channel.name()).put("name", name);
  }

  Future<JsonObject> timeout(Session actor, JsonObject args) {
    long seconds = Args.number(args, "seconds", DEFAULT_TIMEOUT_SECONDS);
    if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "A timeout is 1-" + MAX_TIMEOUT_SECONDS + " seconds; longer is a ban.");
    }
    String reason = Names.reason(Args.string(args, "reason", null));
    return channels.moderatedBy(actor, args).compose(channel -> target(args).compose(t -> {
      requireRankAbove(actor, channel, t);
      Sanction timeout = new Sanction(Kind.TIMEOUT, channel.id(), t.name(), t.address(), reason, actor.name,
          Instant.now().plusSeconds(seconds));
      return store.putSanction(timeout).map(v -> {
        sanctions.put(timeout);
        events.record(ConnectionEvent.TIMEOUT, actor.source, actor.name + " timed out " + t.name() + " in " + channel.name()
            + " for " + seconds + " s" + (reason.isEmpty() ? "" : ": " + reason));
        events.publish(channel.name(), event(EventType.TIMEOUT, channel.name()).put("user", t.name()).put("seconds", seconds)
            .put("reason", reason).put("by", actor.name));
        return new JsonObject().put("channel", channel.name()).put("name", t.name()).put("seconds", seconds);
      });
    }));
  }

  Future<JsonObject> untimeout(Session actor, JsonObject args) {
    return lift(actor, args, Kind.TIMEOUT, EventType.UNTIMEOUT, "timed out in");
  }

  Future<JsonObject> ban(Session actor, JsonObject args) {
    String reason = Names.reason(Args.string(args, "reason", null));
    if (Boolean.TRUE.equals(Args.bool(args, "server"))) return serverBan(actor, args, reason);
    // A nickname nobody uses yet can be banned too (IRC's +b nick!*@*), as a guest's name.
    return channels.moderatedBy(actor, args).compose(channel -> target(args, true).compose(t -> {
      requireRankAbove(actor, channel, t);
      Sanction ban = new Sanction(Kind.BAN, channel.id(), t.name(), t.address(), reason, actor.name, null);
      return store.putSanction(ban).map(v -> {
        sanctions.put(ban);
        events.record(ConnectionEvent.BAN, actor.source, actor.name + " banned " + t.name() + " from " + channel.name()
            + (t.address() == null ? "" : " (and " + t.address() + ")") + (reason.isEmpty() ? "" : ": " + reason));
        boolean present = presence.allSessionsIn(channel.name()).stream().anyMatch(s -> t.hits(s) && !s.key().equals(actor.key()));
        events.publish(channel.name(), event(EventType.BAN, channel.name()).put("user", t.name()).put("reason", reason)
            .put("by", actor.name).put("present", present));
        JsonObject banned = new JsonObject().put("type", EventType.BANNED.wire()).put("channel", channel.name())
            .put("by", actor.name).put("reason", reason);
        for (Session s : presence.allSessionsIn(channel.name())) {
          if (!t.hits(s) || s.key().equals(actor.key())) continue; // a guest's address may be the actor's too
          events.toSession(s, banned);
          channels.removeMember(s, channel.name());
        }
        return new JsonObject().put("channel", channel.name()).put("name", t.name());
      });
    }));
  }

  /** Admins only: the user's sessions are closed, and new ones (a guest's from the same address too) refused. */
  private Future<JsonObject> serverBan(Session actor, JsonObject args, String reason) {
    actor.requireAdmin();
    limits.checkAction(actor.key());
    return target(args).compose(t -> {
      if (Names.key(t.name()).equals(actor.key())) throw new ChatException(ErrorCode.BAD_REQUEST, "You cannot ban yourself.");
      if (t.admin()) throw new ChatException(ErrorCode.PROTECTED_USER, "Admins cannot be banned; remove their admin role first.");
      Sanction ban = new Sanction(Kind.BAN, null, t.name(), t.address(), reason, actor.name, null);
      return store.putSanction(ban).map(v -> {
        sanctions.put(ban);
        events.record(ConnectionEvent.BAN, actor.source, actor.name + " banned " + t.name() + " from the server"
            + (t.address() == null ? "" : " (and " + t.address() + ")") + (reason.isEmpty() ? "" : ": " + reason));
        events.server(EventType.BAN, t.name(), actor.name, reason);
        String why = "Banned from the server" + (reason.isEmpty() ? "" : ": " + reason);
        for (Session user : presence.onlineUsers()) { // one session per user: a guest name has only one
          if (t.hits(user)) admin.disconnect(List.copyOf(presence.sessionsOf(user.name)), actor.name, why);
        }
        return new JsonObject().put("name", t.name()).put("server", true);
      });
    });
  }

  Future<JsonObject> unban(Session actor, JsonObject args) {
    if (!Boolean.TRUE.equals(Args.bool(args, "server"))) return lift(actor, args, Kind.BAN, EventType.UNBAN, "banned from");
    actor.requireAdmin();
    String name = Names.nick(Args.string(args, "name", null));
    return store.removeSanction(Kind.BAN, null, name).map(removed -> {
      sanctions.remove(Kind.BAN, null, name);
      if (!removed) throw new ChatException(ErrorCode.BAD_REQUEST, name + " is not banned from the server.");
      events.server(EventType.UNBAN, name, actor.name, null);
      return new JsonObject().put("name", name).put("server", true);
    });
  }

  /** Ends a timeout or a channel ban early. */
  private Future<JsonObject> lift(Session actor, JsonObject args, Kind kind, EventType announced, String what) {
    String name = Names.nick(Args.string(args, "name", null));
    return channels.moderatedBy(actor, args).compose(channel -> store.removeSanction(kind, channel.id(), name).map(removed -> {
      sanctions.remove(kind, channel.id(), name);
      if (!removed) throw new ChatException(ErrorCode.BAD_REQUEST, name + " is not " + what + " " + channel.name() + ".");
      events.publish(channel.name(), event(announced, channel.name()).put("user", name).put("by", actor.name));
      return new JsonObject().put("channel", channel.name()).put("name", name);
    }));
  }

  /** Its author may delete a message, and so may whoever moderates its channel. */
  Future<JsonObject> delete(Session actor, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    long id = Args.number(args, "id", 0);
    if (id < 1) throw new ChatException(ErrorCode.BAD_REQUEST, "Say which message: its id.");
    limits.checkAction(actor.key());
    ChatException noSuch = new ChatException(ErrorCode.NO_SUCH_MESSAGE, "No message " + id + " in " + name + ".");
    return channels.channel(name).compose(channel -> store.findMessage(id).compose(found -> {
      var message = found.filter(m -> m.channelId() == channel.id() && m.id() > channel.clearedThrough()).orElseThrow(() -> noSuch);
      if (!Names.key(message.sender()).equals(actor.key()) && !roles.moderates(channel, actor)) {
        throw new ChatException(ErrorCode.NOT_MODERATOR, "Only its author, moderators of " + name + ", its owner or an admin can delete that message.");
      }
      return store.deleteMessage(id, actor.name).compose(deleted -> {
        if (!deleted) throw noSuch;
        events.publish(name, event(EventType.DELETE, name).put("id", id).put("by", actor.name));
        return recordings.messageDeleted(id).map(new JsonObject().put("channel", name).put("id", id));
      });
    }));
  }

  private void requireRankAbove(Session actor, Channel channel, Target t) {
    if (Names.key(t.name()).equals(actor.key())) throw new ChatException(ErrorCode.BAD_REQUEST, "You cannot do that to yourself.");
    if (roles.rank(channel, actor) <= roles.rank(channel, t.name(), t.account(), t.admin())) {
      throw new ChatException(ErrorCode.PROTECTED_USER, t.name() + " moderates " + channel.name() + " at your rank or above.");
    }
  }

  private Future<Target> target(JsonObject args) {
    return target(args, false);
  }

  /**
   * The user named {@code name}: online, or else an account, or else (when {@code anyName}) a guest's name
   * nobody uses now; a guest's address is kept for bans.
   */
  private Future<Target> target(JsonObject args, boolean anyName) {
    String name = Names.nick(Args.string(args, "name", null));
    List<Session> online = presence.sessionsOf(name);
    if (!online.isEmpty()) {
      boolean account = online.stream().anyMatch(Session::hasAccount);
      return Future.succeededFuture(new Target(online.get(0).name, account, online.stream().anyMatch(s -> s.admin),
          account ? null : online.get(0).ip));
    }
    return chatStore.findAccount(name).map(found -> {
      if (found.isEmpty() && anyName) return new Target(name, false, false, null);
      ChatStore.Account account = found.orElseThrow(() ->
          new ChatException(ErrorCode.NO_SUCH_USER, name + " is neither online nor an account."));
      return new Target(account.name(), true, account.admin() || adminRules.isAdminAccount(account.name()), null);
    });
  }
}
