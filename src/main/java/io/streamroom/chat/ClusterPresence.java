package io.streamroom.chat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.streamroom.chat.ChatEvents.event;

/**
 * In a cluster, the chat leader's copy of who is online and what is live, kept in the cluster's maps (each
 * entry has a backup on another node), so that the node that takes over when the leader dies goes on with
 * the same sessions: their adapters keep their session ids and notice nothing. Sessions and streams of
 * nodes that are gone by then are ended as a dead node's are. One event loop (the chat service's).
 */
final class ClusterPresence {
  /** Session id to the session as JSON. */
  private static final String SESSIONS = "streamroom.chat.sessions";
  /** Channel to the announcement of its live stream, with the node of its source. */
  private static final String LIVE = "streamroom.chat.live";

  private final Vertx vertx;
  private final Context context;
  private final Presence presence;
  private final Statuses statuses;
  private final Channels channels;
  private final LiveStreams live;
  private final ChatEvents events;
  /** Sessions changed since the last write: one write per session per turn of the loop, however much changed. */
  private final Set<Session> dirty = new LinkedHashSet<>();

  ClusterPresence(Vertx vertx, Presence presence, Statuses statuses, Channels channels, LiveStreams live, ChatEvents events) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.presence = presence;
    this.statuses = statuses;
    this.channels = channels;
    this.live = live;
    this.events = events;
  }

  /** Takes over what the cluster's copy holds (sessions of live nodes), ends the rest, then keeps the copy. */
  Future<Void> start() {
    return vertx.eventBus().<JsonObject>request(Addresses.CLUSTER_NODES, new JsonObject())
        .map(reply -> Set.copyOf(reply.body().getJsonArray("nodes").getList()))
        .compose(nodes -> restoreSessions(nodes).compose(v -> restoreStreams(nodes)))
        .onSuccess(v -> {
          presence.onChange(this::changed);
          vertx.eventBus().<JsonObject>consumer(Addresses.LIVE_ANNOUNCE, this::announced);
        });
  }

  private Future<Void> restoreSessions(Set<?> nodes) {
    return sessions().compose(map -> map.entries().compose(entries -> {
      List<JsonObject> gone = new ArrayList<>();
      Set<String> channelsIn = new LinkedHashSet<>();
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        JsonObject saved = new JsonObject(entry.getValue());
        if (nodes.contains(saved.getString("node"))) channelsIn.addAll(restore(saved).channels);
        else gone.add(saved);
      }
      gone.forEach(this::announceGone);
      List<Future<?>> done = new ArrayList<>();
      gone.forEach(s -> done.add(map.remove(s.getString("id"))));
      channelsIn.forEach(channel -> done.add(channels.channel(channel))); // the rules read the channels' rows from the cache
      return Future.all(done).mapEmpty();
    }));
  }

  private Session restore(JsonObject saved) {
    Session session = new Session(saved.getString("id"), saved.getString("ip"), saved.getBoolean("ipAdmin"),
        saved.getString("source"), saved.getString("node"));
    session.name = saved.getString("name");
    session.role = Session.Role.valueOf(saved.getString("role"));
    session.admin = saved.getBoolean("admin");
    session.username = saved.getString("username");
    session.realName = saved.getString("realName");
    saved.getString("modes", "").chars().forEach(mode -> session.modes.add((char) mode));
    presence.add(session);
    saved.getJsonArray("channels").forEach(channel -> presence.join(session, (String) channel));
    // Operator and voice in the channels it is in: IRC's roles, which last as long as the membership.
    saved.getJsonArray("operatorIn", new JsonArray()).forEach(channel -> session.operatorIn.add((String) channel));
    saved.getJsonArray("voicedIn", new JsonArray()).forEach(channel -> session.voicedIn.add((String) channel));
    statuses.restore(session, Status.of(saved.getString("status")));
    return session;
  }

  /** A session of a node that died with the leader: its user is shown leaving, unless still here elsewhere. */
  private void announceGone(JsonObject saved) {
    String name = saved.getString("name");
    if (presence.isOnline(name)) return;
    if (Status.of(saved.getString("status")) != Status.INVISIBLE) {
      for (Object channel : saved.getJsonArray("channels")) {
        events.publish((String) channel, event(EventType.PART, (String) channel).put("user", name).put("reason", "quit"));
      }
    }
    events.userGone(name);
  }

  private Future<Void> restoreStreams(Set<?> nodes) {
    return streams().compose(map -> map.entries().compose(entries -> {
      List<Future<Void>> removed = new ArrayList<>();
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        JsonObject announcement = new JsonObject(entry.getValue());
        if (nodes.contains(announcement.getString("node"))) {
          live.restore(announcement);
        } else {
          vertx.eventBus().publish(Addresses.LIVE_ANNOUNCE, announcement.put("live", false)); // hubs and the chat end it
          removed.add(map.remove(entry.getKey()).mapEmpty());
        }
      }
      return Future.all(removed).mapEmpty();
    }));
  }

  private void changed(Session session) {
    if (dirty.isEmpty()) context.runOnContext(v -> write());
    dirty.add(session);
  }

  private void write() {
    List<Session> written = List.copyOf(dirty);
    dirty.clear();
    sessions().onSuccess(map -> written.forEach(s -> {
      if (presence.session(s.id) == s) map.put(s.id, save(s).encode());
      else map.remove(s.id);
    }));
  }

  private JsonObject save(Session s) {
    return new JsonObject().put("id", s.id).put("ip", s.ip).put("ipAdmin", s.ipAdmin).put("source", s.source)
        .put("node", s.node).put("name", s.name).put("role", s.role.name()).put("admin", s.admin)
        .put("username", s.username).put("realName", s.realName).put("modes", UserModes.letters(s.modes))
        .put("status", statuses.of(s).wire()).put("channels", new JsonArray(List.copyOf(s.channels)))
        .put("operatorIn", new JsonArray(List.copyOf(s.operatorIn))).put("voicedIn", new JsonArray(List.copyOf(s.voicedIn)));
  }

  private void announced(Message<JsonObject> m) {
    String channel = m.body().getString("channel");
    String node = m.headers().get(Addresses.NODE_HEADER);
    streams().onSuccess(map -> {
      if (m.body().getBoolean("live", false)) map.put(channel, m.body().copy().put("node", node).encode());
      else map.remove(channel);
    });
  }

  private Future<AsyncMap<String, String>> sessions() {
    return vertx.sharedData().getAsyncMap(SESSIONS);
  }

  private Future<AsyncMap<String, String>> streams() {
    return vertx.sharedData().getAsyncMap(LIVE);
  }
}
