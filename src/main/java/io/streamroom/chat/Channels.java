package io.streamroom.chat;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.store.ChatStore;
import io.streamroom.store.ChatStore.Channel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.streamroom.chat.ChatEvents.event;

/**
 * Channels: the cache of their rows, creation (explicit, or by joining a missing one), join and part,
 * membership and member lists with roles, which are live, history, and who may control a channel (its
 * owner or an admin). What owners and moderators change about a channel is {@link ChannelControls}.
 */
final class Channels {
  private final ChatStore store;
  private final Presence presence;
  private final Statuses statuses;
  private final RateLimits limits;
  private final ChatEvents events;
  private final ChannelRoles roles;
  private final Sanctions sanctions;
  private final ChannelAdmission admission;
  private final int historyOnJoin;
  private final Map<String, Channel> channelCache = new HashMap<>();
  /** channel -> what is streaming there, from the live announcements */
  private final Map<String, String> liveSources = new HashMap<>();
  /**
   * Highest message id published per channel; history on join stops there, and newer messages arrive
   * live. Per channel, because a channel's messages are committed and published in id order by one writer,
   * while writers of other channels may be ahead or behind.
   */
  private final Map<String, Long> lastPublished = new HashMap<>();
  /** The newest id when the service started: every channel's boundary until it publishes. */
  private long lastIdAtStart;

  Channels(Config config, ChatStore store, Presence presence, Statuses statuses, RateLimits limits, ChatEvents events,
      ChannelRoles roles, Sanctions sanctions, ChannelAdmission admission) {
    this.admission = admission;
    this.store = store;
    this.presence = presence;
    this.statuses = statuses;
    this.limits = limits;
    this.events = events;
    this.roles = roles;
    this.sanctions = sanctions;
    this.historyOnJoin = config.integer(Setting.HISTORY_ON_JOIN);
    presence.onPart((session, channel) -> {
      ChannelRoles.left(session, channel);
      admission.left(channel, session.key());
    });
    presence.onEmptied(this::emptied);
  }

  /** The last member left: an unowned channel (not the lobby) forgets its rules as an IRC channel ends; its messages stay. */
  private void emptied(String name) {
    admission.emptied(name);
    Channel channel = channelCache.get(name);
    if (channel != null && ChannelRoles.hasOperators(channel)) forget(channel);
  }

  private Channel forget(Channel channel) {
    Channel forgotten = channel.forgotten();
    channelCache.put(channel.name(), forgotten);
    sanctions.channelDeleted(channel.id());
    store.forgetRules(channel.id());
    return forgotten;
  }

  /** A channel that exists for commands naming it: as on IRC, an unowned one nobody is in does not (its row stays). */
  Future<Channel> existing(String name) {
    return channel(name).map(channel -> {
      if (ChannelRoles.hasOperators(channel) && presence.memberSessions(name).isEmpty()) {
        throw new ChatException(ErrorCode.NO_SUCH_CHANNEL, "No such channel: " + name);
      }
      return channel;
    });
  }

  /** A message with this id was published in the channel: a join from now on gets it as history, not live. */
  void published(String channel, long messageId) {
    lastPublished.merge(channel, messageId, Math::max);
  }

  void startAfter(long lastId) {
    lastIdAtStart = lastId;
  }

  /** The newest message id members of the channel have been sent. */
  long lastPublished(String channel) {
    return lastPublished.getOrDefault(channel, lastIdAtStart);
  }

  /** A stream started ({@code source} set) or stopped (null) in the channel. */
  void setLive(String channel, String source) {
    if (source == null) liveSources.remove(channel);
    else liveSources.put(channel, source);
  }

  Future<Channel> channel(String name) {
    Channel known = channelCache.get(name);
    if (known != null) return Future.succeededFuture(known);
    return store.findChannel(name).map(found -> {
      Channel channel = found.orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_CHANNEL, "No such channel: " + name));
      // Once cached, only update() changes an entry: a read that started before a change must not undo it.
      return channelCache.computeIfAbsent(name, n -> channel);
    });
  }

  /** A stored change to a channel's row (its topic, mode, slow mode, clearing). */
  void update(Channel changed) {
    channelCache.put(changed.name(), changed);
  }

  /** The channel was deleted: its members are removed (and told by whom) and its name is free again. */
  void deleted(Channel channel, String by) {
    for (Session s : presence.allSessionsIn(channel.name())) {
      presence.part(s, channel.name());
      events.toSession(s, event(EventType.PARTED, channel.name()).put("reason", "deleted").put("by", by));
    }
    channelCache.remove(channel.name());
    lastPublished.remove(channel.name());
    liveSources.remove(channel.name());
  }

  /** Takes a session out of a channel without a part notice (the ban or deletion that caused it was announced). */
  void removeMember(Session session, String channel) {
    presence.part(session, channel);
    events.toSession(session, event(EventType.PARTED, channel));
  }

  /** A channel the session is in, so its row is cached. */
  Channel cached(String name) {
    return channelCache.get(name);
  }

  /** Joining a channel that does not exist creates it: owned and registered-only for an account, open for a guest. */
  private Future<Channel> channelForJoin(Session session, String name) {
    return channel(name).recover(missing -> {
      if (!(missing instanceof ChatException e) || e.code() != ErrorCode.NO_SUCH_CHANNEL) return Future.failedFuture(missing);
      if (session.role == Session.Role.VISITOR) {
        throw new ChatException(ErrorCode.READ_ONLY, "Visitors cannot create channels; " + name + " does not exist.");
      }
      boolean account = session.hasAccount();
      return store.createChannel(name, "", account ? session.name : null, account).compose(created -> channel(name));
    });
  }

  Future<JsonObject> create(JsonObject args) {
    String name = Names.channel(Args.string(args, "name", null));
    String topic = Names.topic(Args.string(args, "topic", ""));
    String owner = Names.nick(Args.string(args, "owner", null));
    limits.checkAction(Names.key(owner));
    return store.createChannel(name, topic, owner, true).compose(created -> {
      if (!created) throw new ChatException(ErrorCode.CHANNEL_EXISTS, name + " exists already.");
      return channel(name);
    }).map(this::describe);
  }

  private JsonObject describe(Channel channel) {
    return new JsonObject().put("name", channel.name()).put("topic", channel.topic())
        .put("members", visibleMembers(null, channel.name()).size())
        .put("owner", channel.owner()).put("registeredOnly", channel.registeredOnly()).put("secret", channel.modes().secret());
  }

  Future<JsonObject> join(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    // A session in no channel is not flooding anyone: its first join (the automatic #lobby) is free, so
    // quick reconnects never leave a user outside every channel.
    if (!session.channels.isEmpty()) limits.checkAction(session.key());
    return channelForJoin(session, name).compose(found -> {
      presence.requireLive(session);
      int members = presence.memberSessions(name).size();
      // Rules an empty unowned channel still has were left by a stop or a take-over before it emptied here.
      boolean stale = members == 0 && ChannelRoles.hasOperators(found) && !found.equals(found.forgotten());
      Channel channel = stale ? forget(found) : found;
      sanctions.checkJoin(session, channel.id(), name);
      if (!session.channels.contains(name)) {
        admission.check(session, channel, Args.string(args, "key", null), members, roles.moderates(channel, session));
      }
      roles.joining(channel, session, members == 0);
      admission.joined(session, name);
      long historyBefore = lastPublished(name) + 1;
      if (presence.join(session, name) && statuses.of(session) != Status.INVISIBLE) {
        JsonObject joined = event(EventType.JOIN, name).put("user", session.name);
        String away = statuses.awayMessage(session); // for IRC's away-notify
        events.publish(name, away == null ? joined : joined.put("away", away));
      }
      events.toSession(session, event(EventType.JOINED, name));
      // The join has happened; history that cannot be read now does not undo it.
      return store.history(channel, historyBefore, historyOnJoin).map(ChannelListings::oldestFirst)
          .otherwise(failure -> null)
          .map(history -> new JsonObject()
              .put("channel", name)
              .put("topic", channel.topic())
              .put("topicBy", channel.topicSet() == null ? null : channel.topicSet().by())
              .put("topicAt", channel.topicSet() == null ? null : channel.topicSet().atSeconds())
              .put("secret", channel.modes().secret())
              .put("registeredOnly", channel.registeredOnly())
              .put("members", new JsonArray(visibleMembers(session, name).stream().map(s -> s.name).toList()))
              .put("roles", memberRoles(session, channel))
              .put("history", history == null ? new JsonArray() : history)
              .put("historyUnavailable", history == null)
              .put("role", roles.roleName(channel, session))
              .put("owner", channel.owner())
              .put("moderators", new JsonArray(roles.moderatorsOf(channel)))
              .put("slowSeconds", channel.slowSeconds())
              .put("live", liveSources.containsKey(name) ? new JsonObject().put("source", liveSources.get(name)) : null));
    });
  }

  Future<JsonObject> part(Session session, JsonObject args) {
    String channel = memberChannel(session, args);
    limits.checkAction(session.key());
    String message = Names.reason(Args.string(args, "message", null));
    if (presence.part(session, channel) && statuses.of(session) != Status.INVISIBLE) {
      JsonObject part = event(EventType.PART, channel).put("user", session.name).put("reason", "part");
      events.publish(channel, message.isEmpty() ? part : part.put("message", message));
    }
    events.toSession(session, event(EventType.PARTED, channel));
    return Future.succeededFuture(new JsonObject().put("channel", channel));
  }

  Future<JsonObject> member(Session session, JsonObject args) {
    return Future.succeededFuture(new JsonObject()
        .put("member", session.channels.contains(Names.channel(Args.string(args, "channel", null)))));
  }

  /** The command's channel, which the session must be in. */
  String memberChannel(Session session, JsonObject args) {
    String channel = Names.channel(Args.string(args, "channel", null));
    if (!session.channels.contains(channel)) {
      throw new ChatException(ErrorCode.NOT_IN_CHANNEL, "You are not in " + channel + ".");
    }
    return channel;
  }

  List<Session> visibleMembers(Session viewer, String channel) {
    return presence.memberSessions(channel).stream().filter(s -> statuses.visibleTo(viewer, s)).toList();
  }

  /** The visible members with their card, role there and whether they are voiced (shown as IRC's prefixes). */
  JsonArray memberRoles(Session viewer, Channel channel) {
    JsonArray members = new JsonArray();
    visibleMembers(viewer, channel.name()).forEach(s -> members.add(UserQueries.card(s)
        .put("status", statuses.of(s).wire()).put("role", roles.roleName(channel, s))
        .put("voiced", s.voicedIn.contains(channel.name()))));
    return members;
  }

  /** The role a member of the channel shows there (see {@link ChannelRoles#roleName}). */
  String roleIn(String channel, Session member) {
    Channel row = channelCache.get(channel); // cached while anyone is in it
    return row == null ? member.roleName() : roles.roleName(row, member);
  }

  /** Every channel, and with each its members online and visible. */
  Future<List<JsonObject>> described() {
    return store.channels().map(all -> all.stream().map(c -> describe(channelCache.computeIfAbsent(c.name(), n -> c))).toList());
  }

  /** The command's channel, which the session must moderate; counts as one of its actions. */
  Future<Channel> moderatedBy(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    limits.checkAction(session.key());
    return existing(name).map(channel -> {
      roles.requireModerator(channel, session);
      return channel;
    });
  }

  /** The command's channel, which the session must own (or be an admin); counts as one of its actions. */
  Future<Channel> ownedBy(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    limits.checkAction(session.key());
    return ownedOrAdmin(session, name);
  }

  /** Succeeds when the session may control the channel: its owner, or an admin. */
  Future<Channel> ownedOrAdmin(Session session, String name) {
    return channel(name).map(channel -> {
      if (!ChannelRoles.isOwner(channel, session.name, session.hasAccount()) && !session.admin) {
        throw new ChatException(ErrorCode.NOT_OWNER);
      }
      return channel;
    });
  }
}
