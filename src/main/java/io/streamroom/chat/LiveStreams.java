package io.streamroom.chat;

import io.streamroom.connlog.ConnectionEvent;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.streamroom.chat.ChatEvents.event;

/**
 * The chat's side of live video: who may go live where, who may stop a stream or play a video into a
 * channel (its owner or an admin), and telling a channel's members when a stream starts or stops. The
 * live hub and the video verticle carry the decisions out.
 */
final class LiveStreams {
  private final EventBus bus;
  private final Presence presence;
  private final Channels channels;
  private final RateLimits limits;
  private final ChatEvents events;
  private final PeerTracker peers;
  /** In a cluster: each live channel's announcement with the node its source is on, so a dead node's streams end. */
  private final Map<String, JsonObject> liveOnNodes = new HashMap<>();

  LiveStreams(EventBus bus, Presence presence, Channels channels, RateLimits limits, ChatEvents events, PeerTracker peers) {
    this.peers = peers;
    this.bus = bus;
    this.presence = presence;
    this.channels = channels;
    this.limits = limits;
    this.events = events;
  }

  /**
   * Streams are started by capture and ingest; the channel's members hear about it from here, after the
   * tracker knows whether viewers can connect to the stream's browser (its session).
   */
  void announced(Message<JsonObject> m) {
    String channel = m.body().getString("channel");
    String node = m.headers().get(Addresses.NODE_HEADER);
    if (m.body().getBoolean("live") && node != null) liveOnNodes.put(channel, m.body().copy().put("node", node));
    else liveOnNodes.remove(channel);
    if (m.body().getBoolean("live")) peers.started(channel, m.body().getString("session"));
    else peers.stopped(channel);
    channels.setLive(channel, m.body().getBoolean("live") ? m.body().getString("source") : null);
    events.publish(channel,
        event(EventType.STREAM, m.body().getString("channel")).put("live", m.body().getBoolean("live"))
            .put("source", m.body().getString("source")));
    recordStream(m.body().getString("channel"), Boolean.TRUE.equals(m.body().getBoolean("live")), m.body().getString("source"));
  }

  /**
   * A stream live before this node took over the chat service (from the cluster's copy; its streamer's session
   * is restored already). A browser's stream gets its tracker entry back, so new viewers connect to it directly
   * again; viewers already connected directly keep their connection and are counted when they next ask.
   */
  void restore(JsonObject announcement) {
    String channel = announcement.getString("channel");
    liveOnNodes.put(channel, announcement);
    peers.started(channel, announcement.getString("session"));
    channels.setLive(channel, announcement.getString("source"));
  }

  /** {streams: [...]}: every live announcement in a cluster, for a node that joins late. */
  void now(Message<JsonObject> m) {
    m.reply(new JsonObject().put("streams", new JsonArray(List.copyOf(liveOnNodes.values()))));
  }

  /** A cluster node died: its streams stop everywhere, as if each source had said "live: false" with its claim. */
  void nodeLeft(String node) {
    liveOnNodes.values().stream().filter(a -> node.equals(a.getString("node"))).toList()
        .forEach(a -> bus.publish(Addresses.LIVE_ANNOUNCE, a.copy().put("live", false)));
  }

  /** The stream itself, by its source (a camera, a user's webcam, a video), and the notice its channel got. */
  private void recordStream(String channel, boolean live, String source) {
    events.record(live ? ConnectionEvent.STREAM_START : ConnectionEvent.STREAM_STOP, source, channel);
    events.record(ConnectionEvent.NOTIFICATION_SENT, "server", "to " + channel + ": "
        + (live ? "live now (" : "the live stream stopped (") + source + ")");
  }

  Future<JsonObject> canStream(JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    String channel = Names.channel(Args.string(args, "channel", null));
    List<Session> sessions = presence.sessionsOf(name);
    if (sessions.stream().noneMatch(Session::hasAccount)) {
      throw new ChatException(ErrorCode.READ_ONLY, "Only registered users can go live.");
    }
    if (sessions.stream().noneMatch(s -> s.channels.contains(channel))) {
      throw new ChatException(ErrorCode.NOT_IN_CHANNEL, "Join " + channel + " before going live there.");
    }
    String peer = Args.string(args, "session", null); // the page that will send to viewers peer to peer
    if (peer != null && sessions.stream().noneMatch(s -> s.id.equals(peer) && s.channels.contains(channel))) {
      throw new ChatException(ErrorCode.NOT_IN_CHANNEL, "That chat session is not yours or not in " + channel + ".");
    }
    return Future.succeededFuture(new JsonObject().put("channel", channel));
  }

  Future<JsonObject> stop(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    limits.checkAction(session.key());
    JsonObject stop = new JsonObject().put("channel", name).put("by", session.name);
    return channels.ownedOrAdmin(session, name)
        .compose(v -> StreamStops.stop(bus, stop, sourceNode(name)))
        .map(stopped -> {
          if (!stopped) {
            throw new ChatException(ErrorCode.NOT_LIVE, "No stream from a browser or OBS, nor a video, is live in " + name
                + " (the server's camera is not stopped from the chat).");
          }
          return new JsonObject().put("channel", name);
        });
  }

  /** The cluster node a channel's stream comes from, or null (a single node, or nothing live there). */
  private String sourceNode(String channel) {
    JsonObject announcement = liveOnNodes.get(channel);
    return announcement == null ? null : announcement.getString("node");
  }

  Future<JsonObject> play(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    limits.checkAction(session.key()); // each play opens a file and starts a decoder
    JsonObject play = new JsonObject().put("channel", name).put("title", Args.string(args, "title", ""))
        .put("resolution", Args.string(args, "resolution", null)).put("by", session.name);
    return channels.ownedOrAdmin(session, name)
        .compose(v -> bus.<JsonObject>request(Addresses.VIDEO_PLAY, play))
        .map(reply -> {
          ChatException refusal = ChatException.fromReply(reply.body());
          if (refusal != null) throw refusal;
          return reply.body();
        });
  }
}
