package io.streamroom.chat;

import io.streamroom.store.ChatStore;
import io.streamroom.store.ChatStore.Channel;
import io.streamroom.store.ChatStore.Modes;
import io.streamroom.store.ChatStore.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What anyone may ask about channels: the list, a channel's members, history, topic, modes and bans. A secret
 * channel (+s) is listed and shown only to its members; to everyone else it is as if it did not exist.
 */
final class ChannelListings {
  /** Most history one request may read; a page of a scroll-back. */
  static final int MAX_HISTORY = 100;

  private final Channels channels;
  private final Sanctions sanctions;
  private final ChatStore store;
  private final int historyOnJoin;

  ChannelListings(Channels channels, Sanctions sanctions, ChatStore store, int historyOnJoin) {
    this.channels = channels;
    this.sanctions = sanctions;
    this.store = store;
    this.historyOnJoin = historyOnJoin;
  }

  /** {channel, limit?, before?, reader?, account?, ip?}: a page of history, oldest first; banned readers are refused. */
  Future<JsonObject> history(JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    long limit = Args.number(args, "limit", historyOnJoin);
    if (limit < 1 || limit > MAX_HISTORY) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "History size must be 1-" + MAX_HISTORY + ".");
    }
    long before = Args.number(args, "before", Long.MAX_VALUE);
    // A web reader: an account's name, or a visitor's; banned readers are refused.
    String reader = Args.string(args, "reader", null);
    boolean account = Boolean.TRUE.equals(Args.bool(args, "account"));
    String ip = Args.string(args, "ip", null);
    return channels.channel(name)
        .compose(channel -> {
          sanctions.checkRead(channel.id(), name, reader, account, ip);
          return store.history(channel, before, (int) limit);
        })
        .map(history -> new JsonObject().put("channel", name).put("messages", oldestFirst(history)));
  }


  /** {channel}: the names banned from it (IRC's ban list). */
  Future<JsonObject> bans(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    return channels.existing(name).map(channel -> new JsonObject().put("channel", name)
        .put("names", new JsonArray(sanctions.bannedFrom(channel.id()))));
  }

  /** Every channel; without a session (the web's directory) or for a session, secret ones only to their members. */
  Future<JsonObject> list(JsonObject args) {
    return listFor(null, args);
  }

  Future<JsonObject> listFor(Session viewer, JsonObject args) {
    return channels.described().map(all -> {
      JsonArray out = new JsonArray();
      all.stream().filter(c -> !c.getBoolean("secret") || (viewer != null && viewer.channels.contains(c.getString("name"))))
          .forEach(out::add);
      return new JsonObject().put("channels", out);
    });
  }

  /** {channel}: its members with their roles; none for a secret channel the asker is not in. */
  Future<JsonObject> who(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    Channel row = channels.cached(name); // cached while anyone is in it
    JsonObject reply = new JsonObject().put("channel", name);
    if (row == null) return Future.succeededFuture(reply.put("members", new JsonArray()));
    boolean hidden = row.modes().secret() && !session.channels.contains(name);
    return Future.succeededFuture(reply.put("secret", row.modes().secret())
        .put("members", hidden ? new JsonArray() : channels.memberRoles(session, row)));
  }

  /**
   * {channel}: topic (who set it and when), creation time and modes (the key only to members). NO_SUCH_CHANNEL
   * for one that does not exist, an unowned one nobody is in, or a secret one the asker is not in.
   */
  Future<JsonObject> info(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    return channels.existing(name).map(channel -> {
      boolean member = session.channels.contains(name);
      Modes modes = channel.modes();
      if (modes.secret() && !member) throw new ChatException(ErrorCode.NO_SUCH_CHANNEL, "No such channel: " + name);
      JsonObject reply = new JsonObject().put("channel", name).put("topic", channel.topic()).put("member", member)
          .put("created", channel.createdSeconds()).put("registeredOnly", channel.registeredOnly())
          .put("inviteOnly", modes.inviteOnly()).put("secret", modes.secret()).put("moderated", modes.moderated())
          .put("noExternal", modes.noExternal()).put("topicLock", modes.topicLock()).put("limit", modes.limit())
          .put("hasKey", modes.key() != null);
      if (member && modes.key() != null) reply.put("key", modes.key());
      if (channel.topicSet() != null) reply.put("topicBy", channel.topicSet().by()).put("topicAt", channel.topicSet().atSeconds());
      return reply;
    });
  }

  /** Stored messages, newest first, as the history replies list them: oldest first. */
  static JsonArray oldestFirst(List<StoredMessage> newestFirst) {
    JsonArray out = new JsonArray();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      StoredMessage m = newestFirst.get(i);
      JsonObject message = new JsonObject().put("id", m.id()).put("from", m.sender()).put("text", m.body())
          .put("at", m.created().toInstant().toEpochMilli());
      out.add(m.media() == null ? message : message.put("media", m.media().toJson()));
    }
    return out;
  }
}
