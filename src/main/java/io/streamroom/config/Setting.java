package io.streamroom.config;

import java.util.Locale;

/**
 * Every configuration key, in one place. A key {@code http.port} is read from the config file as
 * {@code "http.port"}, from the environment as {@code STREAMROOM_HTTP_PORT} and from the command line as
 * {@code -Dstreamroom.http.port=...}; later sources win.
 */
public enum Setting {
  HOST("host", "0.0.0.0", "Address the HTTP and TCP servers bind to"),
  HTTP_PORT("http.port", "8080", "HTTP port (web page, API, /health)"),
  TCP_PORT("tcp.port", "12345", "TCP chat port (telnet, nc, and IRC clients, told apart by their first line)"),
  IRC_PORT("irc.port", "6667", "Dedicated IRC port (plain text, RFC 1459/2812 and IRCv3); 0 turns it off (IRC still works on the TCP chat port)"),
  IRC_SERVER_NAME("irc.server.name", "streamroom", "The server's name in IRC replies and notices (a host name or a word, no spaces)"),
  IRC_PASSWORD("irc.password", "", "A connection password every IRC client must send with PASS before registering (464 and disconnected otherwise); accounts then log in with SASL. Empty: none, and PASS logs in to an account"),
  IRC_SERVER_DESCRIPTION("irc.server.description", "Streamroom live streams and chat", "The server's description in IRC's WHOIS, WHOWAS and INFO replies"),
  IRC_PING_SECONDS("irc.ping.seconds", "120", "Seconds an IRC client may be silent before the server sends PING; it is disconnected if it stays silent as long again"),
  TCP_INSTANCES("tcp.instances", "0", "TCP adapter verticle instances; 0 means one per core"),
  DATA_DIR("data.dir", "./data", "Where runtime data lives (embedded database under <data dir>/postgres)"),
  DB_URL("db.url", "", "postgresql://user:password@host:5432/db of an external PostgreSQL; empty starts the embedded one"),
  CONNECTION_LOG_MAX_RECORDS("connection.log.max.records", "10000", "Records <data dir>/connection_log.txt holds before it is rotated (moved to connection_log.1.txt)"),
  CONNECTION_LOG_FILES("connection.log.files", "5", "Rotated connection logs kept: connection_log.1.txt (newest) to connection_log.<n>.txt (oldest); older ones are deleted, 0 keeps none"),
  ADMINS("admins", "", "Comma-separated account names that are always admins"),
  ADMIN_IPS("admin.ips", "", "Comma-separated client IP addresses whose telnet users are admins; any loopback address covers all loopback"),
  WEBHOOKS("webhooks", "", "Comma-separated webhooks, each <secret>@<URL>, followed by ' messages' for one that also gets every chat message; the secret (16+ characters) signs each POST"),
  HISTORY_ON_JOIN("history.on.join", "20", "Messages of history shown when joining a channel"),
  RATE_MESSAGES("rate.messages", "20", "Messages a user may send per rate window"),
  RATE_MESSAGES_MODERATOR("rate.messages.moderator", "100", "Messages a channel's moderators, owner and admins may send there per rate window (Twitch: 100 per 30 s); never fewer than rate.messages"),
  RATE_ACTIONS("rate.actions", "30", "Joins, parts, status, mode and moderation changes a user may make per rate window (plenty for a person, few for a flood)"),
  RATE_WINDOW_SECONDS("rate.window.seconds", "30", "Length of the rate window in seconds"),
  NICK_TIMEOUT_SECONDS("nick.timeout.seconds", "60", "A TCP connection that has not chosen a nickname by then is closed"),
  MAX_PENDING_OUTPUT("tcp.max.pending.bytes", "1048576", "Unsent output a TCP client may fall behind by before it is disconnected"),
  TCP_FLUSH_MILLIS("tcp.flush.millis", "20", "Under load, how long a TCP chat connection's output may wait to go out with what follows it (fewer system calls for more latency); 0 sends at the end of every event-loop turn"),
  TCP_KEEPALIVE_SECONDS("tcp.keepalive.seconds", "60", "Seconds a TCP chat connection may be silent before the kernel probes the peer (TCP keepalive); a peer that answers no probe is dropped"),
  HTTP_REQUEST_TIMEOUT_SECONDS("http.request.timeout.seconds", "10", "Seconds an HTTP request's head (and, for /api/*, its body) has to arrive in full; slower ones get 408 or are closed"),
  HTTP_IDLE_TIMEOUT_SECONDS("http.idle.timeout.seconds", "60", "Seconds a keep-alive HTTP connection may wait for its next request before it is closed (streams and WebSockets are not idle)"),
  METRICS("metrics.enabled", "STREAMROOM_METRICS", "true", "Serve GET /metrics in the Prometheus text format (Vert.x's, the JVM's and Streamroom's series); false turns metrics off"),
  METRICS_ALLOW("metrics.allow", "all", "Who may read /metrics: all, admins (an admin account's token as Authorization: Bearer), or comma-separated client IP addresses (may be combined with admins)"),
  TLS_CERT("tls.cert", "", "PEM file with the server's certificate (chain); with tls.key the web is served over HTTPS and WSS only, and the chat also listens with TLS"),
  TLS_KEY("tls.key", "", "PEM file with the private key of tls.cert (PKCS#8 or PKCS#1, unencrypted)"),
  TLS_CHAT_PORT("tls.chat.port", "6697", "Chat port with TLS (telnet and IRC clients, told apart as on the plain chat port); used only with tls.cert and tls.key; 0 turns it off"),
  JWT_SECRET("jwt.secret", "", "Secret that signs login tokens (HS256); empty generates one on first start and keeps it in <data dir>/jwt-secret"),
  TOKEN_HOURS("token.hours", "12", "How long a login token is valid, in hours"),
  LOGIN_MAX_FAILURES("login.max.failures", "10", "Failed logins allowed per account and client address within the login window (five times as many per address, ten times as many per account from everywhere); successful logins do not count"),
  LOGIN_WINDOW_MINUTES("login.window.minutes", "10", "The login-failure window in minutes"),
  SIGNUPS_PER_HOUR("signups.per.hour", "5", "New accounts one client address may create per hour (web sign-up and telnet /register)"),
  LIVE_DIRECT_VIEWERS("live.direct.viewers", "4", "Viewers a browser streamer sends to directly (peer to peer); further viewers, and those whose direct connection fails, watch through the server"),
  ICE_SERVERS("ice.servers", "", "Comma-separated STUN/TURN servers for peer-to-peer streams (stun:host:port, turn:user:password@host:port); empty: host candidates only (a LAN, one machine)"),
  CAMERA("camera", "auto", "Live source: auto (webcam if present, else test), test, off, a device (/dev/video0), a video file, or a URL (rtsp://, http://)"),
  CAMERA_CHANNEL("camera.channel", "#lobby", "Channel the capture streams into"),
  CAMERA_FPS("camera.fps", "30", "Frames per second captured (also the most JPEG frames per second made of an OBS stream)"),
  CAMERA_WIDTH("camera.width", "1280", "Width of captured frames (even)"),
  CAMERA_HEIGHT("camera.height", "720", "Height of captured frames (even)"),
  CAMERA_QUALITY("camera.quality", "80", "JPEG quality, 1-100 (the camera's and OBS streams' frames)"),
  CAMERA_AUDIO("camera.audio", "auto", "Sound of the server's camera: auto (a tone with the test pattern; a video file's or stream's own sound track; with a webcam, the default ALSA microphone when the machine has sound devices), off, tone, or an FFmpeg input as <format>:<device> (alsa:default, pulse:default)"),
  RTMP_PORT("rtmp.port", "1935", "RTMP port for OBS and ffmpeg (rtmp://<host>:<port>/live/<stream key>); 0 turns RTMP ingest off"),
  RECORD("record", "true", "Keep every stream from OBS or a browser in the video library when it ends (<channel>-<yyyy-MM-dd-HHmm>)"),
  RECORD_RENDITIONS("record.renditions", "480,240", "Lower renditions (lines) transcoded in the background for each recording; only those below the source's height are made; empty for none"),
  RECORD_QUOTA_BYTES("record.quota.bytes", "10737418240", "Disk space all recordings may use together; past it the oldest recordings are deleted"),
  MEDIA_DIR("media.dir", "", "Voice and video message files; empty means <data dir>/media. In a cluster, a folder every node shares (as videos.dir)"),
  VIDEOS_DIR("videos.dir", "./videos", "The video library: <title>_<resolution>.mp4 files; recordings of live streams go here too. In a cluster, a folder every node shares"),
  VIDEOS_DEMO("videos.demo", "true", "On first start with an empty library, generate a short demo title in two resolutions"),
  VIDEOS_SCAN_SECONDS("videos.scan.seconds", "2", "How often the library folder is checked for added or removed files"),
  MEDIA_MAX_BYTES("media.max.bytes", "8388608", "Largest voice or video message upload, in bytes; a bigger body is refused (413) without being read"),
  MEDIA_QUOTA_BYTES("media.quota.bytes", "104857600", "Bytes of voice and video messages one account may keep stored (deleted ones do not count)"),
  MEDIA_UPLOAD_TIMEOUT_SECONDS("media.upload.timeout.seconds", "60", "Seconds a voice or video message's body has to arrive in full once its request head is in; slower uploads get 408"),
  CLUSTER("cluster.enabled", "STREAMROOM_CLUSTER", "false", "Run as one node of a cluster (Vert.x over Hazelcast); needs STREAMROOM_DB_URL and STREAMROOM_JWT_SECRET, the same on every node"),
  CLUSTER_HOST("cluster.host", "127.0.0.1", "Address this node's cluster and event-bus ports bind to and other nodes reach it at"),
  CLUSTER_PORT("cluster.port", "5701", "This node's cluster (Hazelcast) port"),
  CLUSTER_BUS_PORT("cluster.bus.port", "0", "This node's event-bus port, over which nodes send each other messages; 0 picks a free one"),
  CLUSTER_MEMBERS("cluster.members", "", "Comma-separated host:port (cluster ports) of other nodes to join; TCP-IP join, no multicast");

  private final String key;
  private final String envName;
  private final String defaultValue;
  private final String description;

  Setting(String key, String defaultValue, String description) {
    this(key, "STREAMROOM_" + key.replace('.', '_').toUpperCase(Locale.ROOT), defaultValue, description);
  }

  /** For a setting whose environment name is not derived from its key (the issue's {@code STREAMROOM_CLUSTER}). */
  Setting(String key, String envName, String defaultValue, String description) {
    this.key = key;
    this.envName = envName;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() { return key; }
  public String defaultValue() { return defaultValue; }
  public String description() { return description; }

  public String envName() {
    return envName;
  }

  public String propertyName() {
    return "streamroom." + key;
  }
}
