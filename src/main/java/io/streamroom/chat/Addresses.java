package io.streamroom.chat;

/** Every event-bus address and header, in one place. */
public final class Addresses {
  /** Request/reply: every command of every adapter goes here, with the {@link #SESSION_HEADER}. */
  public static final String COMMANDS = "chat.commands";
  /**
   * Request/reply, on each node only: a page's command as the web bridge lets it through, with the socket's
   * {@link #SESSION_HEADER}; the web adapter sends it on to {@link #COMMANDS} through {@link ChatClient}, so in a
   * cluster it waits out a take-over of the chat service like every other adapter's command.
   */
  public static final String BRIDGED_COMMANDS = "web.commands";
  /** Header naming the session a command comes from; set by the adapter that owns the connection. */
  public static final String SESSION_HEADER = "session";
  /**
   * Headers naming the account (and its address) a command without a session acts for: an adapter that
   * verified the account itself (REST, by token) sets them. Clients never can: the web bridge replaces
   * every header a client writes.
   */
  public static final String ACTOR_HEADER = "actor";
  public static final String ACTOR_IP_HEADER = "actor-ip";
  /**
   * Header naming the cluster node a command or live announcement comes from, set by that node's event bus
   * (io.streamroom.cluster.ClusterNode), never by a client; absent on a single node.
   */
  public static final String NODE_HEADER = "node";
  /** Publish, on each node only (local consumers): {node} a cluster node left or died; its sessions and streams end. */
  public static final String NODE_LEFT = "cluster.node.left";
  /** Request/reply, on each node only: {} answers {nodes: [id, ...]}, the cluster's members as this node sees them. */
  public static final String CLUSTER_NODES = "cluster.nodes";

  /** Publish: {channel, live, source} when a live stream starts or stops (capture and ingest announce it). */
  public static final String LIVE_ANNOUNCE = "live.announce";
  /**
   * Request/reply: {channel, claim} takes a channel for one source before it announces itself, so only
   * one source streams into a channel; answers {granted}. {@link #LIVE_RELEASE} gives it back unused,
   * and the source's "live: false" announcement gives it back after use.
   */
  public static final String LIVE_CLAIM = "live.claim";
  /**
   * Request/reply: {} answers {streams: [announcement, ...]}, the streams live now on a cluster's nodes (the chat
   * leader keeps them), so a node that joins late knows what is live.
   */
  public static final String LIVE_NOW = "live.now";
  /** Request/reply: {channel, claim}. */
  public static final String LIVE_RELEASE = "live.release";
  /** Publish: {name} a user left or was kicked; their browser streams end. */
  public static final String LIVE_USER_GONE = "live.user.gone";
  /** Request/reply: {} answers {streams: [...]} with what this node's live hub serves. */
  public static final String LIVE_LIST = "live.list";
  /** Request/reply: {channel, by} asks the live hubs to end a browser's stream; answers {stopped}. */
  public static final String LIVE_STOP = "live.stop";
  /** Publish {title}: a live recording is complete under the data dir; the recordings verticle puts it in the library. */
  public static final String RECORDING_ENDED = "record.ended";
  /** Request {title}: deletes a recording's files and row (the chat service checked who may); replies {}. */
  public static final String RECORDING_DELETE = "record.delete";
  /** Request {channel, by}: stops an RTMP (OBS) stream in the channel; replies {stopped}. */
  public static final String INGEST_STOP = "live.ingest.stop";
  /** Request/reply, node-local: {} answers {titles: [...]} from the video library. */
  public static final String VIDEO_LIST = "video.list";
  /** Request/reply, node-local: {title} answers {playlist}, the title's HLS master playlist; fails 404 for an unknown title. */
  public static final String VIDEO_HLS_MASTER = "video.hls.master";
  /**
   * Request/reply, node-local: {title, resolution, file} answers {path} of a file of the rendition's HLS folder once it
   * is prepared (the first request may wait minutes); fails 404 for a name the library or playlist lacks.
   */
  public static final String VIDEO_HLS_FILE = "video.hls.file";
  /** Request/reply: {channel, title, resolution?, by} plays a library video into a channel's live stream. */
  public static final String VIDEO_PLAY = "video.play";
  /** Request/reply: {channel, by} stops a video playing into a channel; answers {stopped}. */
  public static final String VIDEO_STOP = "video.stop";
  /** Headers of a frame message: its sequence number and capture time (epoch ms). */
  public static final String FRAME_SEQ_HEADER = "seq";
  public static final String FRAME_TIME_HEADER = "at";

  private Addresses() {}

  /** Publish: JPEG frames of a channel's live stream (Buffer body, sequence and capture time in headers). */
  public static String liveFrames(String channel) {
    return "live.frames." + channel;
  }

  /** Publish {}: someone asked for the channel's HLS playlist; a source that encodes only on demand starts (or keeps) encoding. */
  public static String liveHlsWanted(String channel) {
    return "live.hls.wanted." + channel;
  }

  /**
   * Publish {}: someone watches the channel's JPEG frames (MJPEG, the page's picture viewer); a source that
   * makes them only on demand (an OBS stream, decoded from H.264) starts (or keeps) making them.
   */
  public static String liveFramesWanted(String channel) {
    return "live.frames.wanted." + channel;
  }

  /** Publish: a channel's live stream as fragmented MP4, for its LL-HLS window (see io.streamroom.hls.HlsMessages). */
  public static String liveHls(String channel) {
    return "live.hls." + channel;
  }

  /**
   * Request/reply, in a cluster: {channel, by} asks one node's live hub, video verticle and RTMP ingest to stop the
   * channel's stream (see {@link StreamStops}); answers {stopped}.
   */
  public static String streamStop(String node) {
    return "live.stop.node." + node;
  }

  /** Publish: events of one channel (messages, joins, parts, kicks, renames). */
  public static String channel(String channel) {
    return "chat.channel." + channel;
  }

  /**
   * Publish: events for one connection (private messages, kicked, promoted). Published, not sent, because
   * an adapter may listen there twice (the web bridge for the page, and itself to close kicked sockets).
   */
  public static String session(String sessionId) {
    return "chat.session." + sessionId;
  }
}
