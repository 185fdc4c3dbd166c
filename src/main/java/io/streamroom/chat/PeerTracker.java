package io.streamroom.chat;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.streamroom.chat.ChatEvents.event;

/**
 * The tracker of peer-to-peer browser streams. A browser that goes live names its chat session (see
 * {@link LiveStreams#canStream}); viewers ask to {@code watch} and are told how: the first
 * {@code live.direct.viewers} directly from the streamer's browser (WebRTC), the rest, and those whose
 * direct connection fails, through the server. Offers, answers and ICE candidates pass through here, and
 * only between a stream's browser and its direct viewers in that channel; the media never does.
 */
final class PeerTracker {
  /** An SDP offer with sound and picture is 3-6 kB; an ICE candidate a few hundred bytes. */
  private static final int MAX_SIGNAL_CHARS = 16_384;

  private enum Path { DIRECT, RELAY }

  /** One channel's stream: its browser and its viewers (by session identity), in the order they came. */
  private record Swarm(Session streamer, Map<Session, Path> viewers) {
    long count(Path path) {
      return viewers.values().stream().filter(p -> p == path).count();
    }
  }

  private final Presence presence;
  private final Channels channels;
  private final RateLimits limits;
  private final ChatEvents events;
  private final int directLimit;
  private final JsonArray iceServers;
  private final Map<String, Swarm> swarms = new HashMap<>();

  PeerTracker(Config config, Presence presence, Channels channels, RateLimits limits, ChatEvents events) {
    this.presence = presence;
    this.channels = channels;
    this.limits = limits;
    this.events = events;
    this.directLimit = config.integer(Setting.LIVE_DIRECT_VIEWERS);
    this.iceServers = IceServers.parse(config.list(Setting.ICE_SERVERS));
    presence.onPart(this::parted);
  }

  /** A browser stream started in the channel from this session (null: a source with no peers, e.g. the camera). */
  void started(String channel, String sessionId) {
    Session streamer = presence.session(sessionId);
    if (streamer != null && streamer.channels.contains(channel)) swarms.put(channel, new Swarm(streamer, new LinkedHashMap<>()));
    else swarms.remove(channel);
  }

  /** Everyone hears "stream stopped" from the channel; their connections end with it. */
  void stopped(String channel) {
    swarms.remove(channel);
  }

  Future<JsonObject> watch(Session session, JsonObject args) {
    String channel = channels.memberChannel(session, args);
    Swarm swarm = swarms.get(channel);
    JsonObject reply = new JsonObject().put("channel", channel);
    // No browser to connect to (the camera, a video), or its own page: the pictures the server has.
    if (swarm == null || swarm.streamer == session) return Future.succeededFuture(reply.put("path", "frames"));
    Path path = swarm.viewers.get(session);
    if (path == null) {
      path = swarm.count(Path.DIRECT) < directLimit ? Path.DIRECT : Path.RELAY;
      add(channel, swarm, session, path);
    }
    return Future.succeededFuture(reply.put("path", path.name().toLowerCase(java.util.Locale.ROOT))
        .put("streamer", swarm.streamer.name).put("peer", swarm.streamer.id).put("iceServers", iceServers));
  }

  /** A viewer whose direct connection failed: its slot is freed, and it watches through the server. */
  Future<JsonObject> relay(Session session, JsonObject args) {
    String channel = channels.memberChannel(session, args);
    Swarm swarm = watched(channel, session);
    if (swarm.viewers.get(session) == Path.DIRECT) {
      remove(channel, swarm, session);
      add(channel, swarm, session, Path.RELAY);
    }
    return Future.succeededFuture(new JsonObject().put("channel", channel).put("path", "relay"));
  }

  Future<JsonObject> unwatch(Session session, JsonObject args) {
    String channel = channels.memberChannel(session, args);
    Swarm swarm = swarms.get(channel);
    if (swarm != null && swarm.viewers.containsKey(session)) remove(channel, swarm, session);
    return Future.succeededFuture(new JsonObject().put("channel", channel));
  }

  /** Passes {@code data} on, between the stream's browser and one of its direct viewers only. */
  Future<JsonObject> signal(Session session, JsonObject args) {
    String channel = channels.memberChannel(session, args);
    String peer = Args.string(args, "peer", "");
    JsonObject data = args.getJsonObject("data");
    if (data == null || data.isEmpty()) throw new ChatException(ErrorCode.BAD_REQUEST, "data is the offer, answer or candidate to pass on.");
    if (data.encode().length() > MAX_SIGNAL_CHARS) {
      throw new ChatException(ErrorCode.TOO_LARGE, "A signal is at most " + MAX_SIGNAL_CHARS + " characters.");
    }
    Swarm swarm = swarms.get(channel);
    Session target = swarm == null ? null : target(swarm, session, peer);
    if (target == null) throw new ChatException(ErrorCode.NOT_PEER, "You are not connected to that peer in " + channel + ".");
    limits.checkSignal(session);
    events.toSession(target, event(EventType.SIGNAL, channel).put("peer", session.id).put("from", session.name).put("data", data));
    return Future.succeededFuture(new JsonObject().put("channel", channel));
  }

  /** For {@code GET /api/channels/{name}/peers}: names only, and only for a member of the channel. */
  Future<JsonObject> peers(JsonObject args) {
    String channel = Names.channel(Args.string(args, "channel", null));
    String name = Names.nick(Args.string(args, "name", null));
    if (presence.sessionsOf(name).stream().noneMatch(s -> s.channels.contains(channel))) {
      throw new ChatException(ErrorCode.NOT_IN_CHANNEL, "Join " + channel + " to see who streams and watches there.");
    }
    Swarm swarm = swarms.get(channel);
    JsonArray direct = new JsonArray();
    JsonArray relayed = new JsonArray();
    if (swarm != null) swarm.viewers.forEach((viewer, path) -> (path == Path.DIRECT ? direct : relayed).add(viewer.name));
    return Future.succeededFuture(new JsonObject().put("channel", channel)
        .put("streamer", swarm == null ? null : swarm.streamer.name).put("direct", direct).put("relayed", relayed));
  }

  /** {"#c": {"direct": n, "relayed": m}} for every peer-to-peer stream, for {@code GET /api/live}. */
  Future<JsonObject> counts(JsonObject args) {
    JsonObject out = new JsonObject();
    swarms.forEach((channel, swarm) -> out.put(channel,
        new JsonObject().put("direct", swarm.count(Path.DIRECT)).put("relayed", swarm.count(Path.RELAY))));
    return Future.succeededFuture(out);
  }

  /** However a session left a channel: as its streamer the stream's peers are closed, as a viewer its connection. */
  private void parted(Session session, String channel) {
    Swarm swarm = swarms.get(channel);
    if (swarm == null) return;
    if (swarm.streamer == session) {
      swarms.remove(channel);
      swarm.viewers.forEach((viewer, path) -> {
        if (path == Path.DIRECT) events.toSession(viewer, peerEvent(channel, session, "close"));
      });
    } else if (swarm.viewers.containsKey(session)) {
      remove(channel, swarm, session);
    }
  }

  private Swarm watched(String channel, Session session) {
    Swarm swarm = swarms.get(channel);
    if (swarm == null || !swarm.viewers.containsKey(session)) {
      throw new ChatException(ErrorCode.NOT_PEER, "You are not watching the stream in " + channel + ".");
    }
    return swarm;
  }

  private static Session target(Swarm swarm, Session from, String peer) {
    if (from == swarm.streamer) {
      return swarm.viewers.entrySet().stream().filter(e -> e.getValue() == Path.DIRECT && e.getKey().id.equals(peer))
          .map(Map.Entry::getKey).findFirst().orElse(null);
    }
    return swarm.viewers.get(from) == Path.DIRECT && swarm.streamer.id.equals(peer) ? swarm.streamer : null;
  }

  /** A direct viewer makes the streamer connect; the first relayed one makes it send to the server. */
  private void add(String channel, Swarm swarm, Session viewer, Path path) {
    swarm.viewers.put(viewer, path);
    if (path == Path.DIRECT) events.toSession(swarm.streamer, peerEvent(channel, viewer, "connect").put("iceServers", iceServers));
    else if (swarm.count(Path.RELAY) == 1) events.toSession(swarm.streamer, event(EventType.RELAY, channel).put("wanted", true));
  }

  private void remove(String channel, Swarm swarm, Session viewer) {
    Path path = swarm.viewers.remove(viewer);
    if (path == Path.DIRECT) events.toSession(swarm.streamer, peerEvent(channel, viewer, "close"));
    else if (swarm.count(Path.RELAY) == 0) events.toSession(swarm.streamer, event(EventType.RELAY, channel).put("wanted", false));
  }

  private static JsonObject peerEvent(String channel, Session peer, String action) {
    return event(EventType.PEER, channel).put("peer", peer.id).put("name", peer.name).put("action", action);
  }
}
