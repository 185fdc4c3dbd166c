package io.streamroom.web;

import io.streamroom.auth.TokenService;
import io.streamroom.auth.TokenService.Holder;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;
import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.connlog.ConnectionLog;
import io.streamroom.live.LiveHub;
import io.streamroom.record.StreamRecorder;
import io.streamroom.media.MediaAccess;
import io.streamroom.media.MediaStore;
import io.streamroom.media.MediaUploads;
import io.streamroom.metrics.Meters;
import io.streamroom.metrics.MetricsEndpoint;
import io.streamroom.store.ChatStore;
import io.streamroom.store.DatabaseWatch;
import io.streamroom.tls.Tls;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;


/**
 * The HTTP door: the page, the REST API, the event-bus bridge, live video for viewers, the video library
 * files (and as HLS), voice and video messages, /health and /metrics; over HTTPS only when {@link Tls} is on.
 * The routing table below is its map.
 */
public final class HttpVerticle extends VerticleBase {
  /** Vert.x's own limit for the health procedure; past it the handler answers 500, so we answer first. */
  private static final long DATABASE_CHECK_TIMEOUT_MILLIS = 2000;
  /** Our own ping limit, below the procedure's, so a hanging database is a 503 (KO), never a 500. */
  private static final long DATABASE_PING_TIMEOUT_MILLIS = 1500;
  /** API bodies are small JSON objects; anything bigger is refused before it is buffered. */
  private static final long MAX_API_BODY_BYTES = 16 * 1024;
  private static final String HOLDER = "holder";

  private final String host;
  private final int port;
  private final ChatStore store;
  private final MediaStore media;
  private final TokenService tokens;
  private final Config config;
  private final DatabaseWatch databaseWatch;
  private final ConnectionLog connectionLog;
  private final Meters meters;
  private final Tls tls;
  private final java.nio.file.Path videosDir;
  private final long requestTimeoutMillis;
  private final long idleTimeoutMillis;

  public HttpVerticle(Config config, ChatStore store, MediaStore media, TokenService tokens, DatabaseWatch databaseWatch,
      ConnectionLog connectionLog, Meters meters, Tls tls) {
    this.config = config;
    this.meters = meters;
    this.tls = tls;
    this.media = media;
    this.host = config.string(Setting.HOST);
    this.port = config.port(Setting.HTTP_PORT);
    this.store = store;
    this.tokens = tokens;
    this.databaseWatch = databaseWatch;
    this.connectionLog = connectionLog;
    this.videosDir = config.path(Setting.VIDEOS_DIR).toAbsolutePath();
    this.requestTimeoutMillis = config.integer(Setting.HTTP_REQUEST_TIMEOUT_SECONDS) * 1000L;
    this.idleTimeoutMillis = config.integer(Setting.HTTP_IDLE_TIMEOUT_SECONDS) * 1000L;
  }

  @Override
  public Future<?> start() {
    ChatClient chat = ChatClient.withoutSession(vertx.eventBus());
    AuthApi auth = new AuthApi(chat, store, tokens);
    ChannelApi channels = new ChannelApi(vertx.eventBus());
    DirectApi direct = new DirectApi();
    AdminApi admin = new AdminApi();
    LiveHub live = new LiveHub(vertx, tokens, new StreamRecorder(vertx, config), meters);
    LiveApi liveApi = new LiveApi(live, vertx.eventBus(), config.port(Setting.RTMP_PORT));
    VideoApi videos = new VideoApi(vertx, videosDir);
    VodHlsApi vod = new VodHlsApi(vertx.eventBus());
    MediaApi recordings = new MediaApi(new MediaUploads(vertx, media, config), new MediaAccess(media), media.files(), tokens,
        config.integer(Setting.MEDIA_UPLOAD_TIMEOUT_SECONDS) * 1000L);
    ConnectionTimeouts timeouts = new ConnectionTimeouts(vertx, requestTimeoutMillis, idleTimeoutMillis);
    BridgeFanout fanout = new BridgeFanout(meters.webDeliveries());

    Router router = Router.router(vertx);
    router.route().handler(timeouts::requestArrived);
    SecurityHeaders.install(router);
    // Recordings stream to disk, so they come before the API's body handler, which would buffer them.
    router.post("/api/media").handler(MediaApi::pause).handler(this::requireToken).handler(recordings::upload);
    router.route("/api/*").handler(timeouts::bodyDeadline);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_API_BODY_BYTES));
    router.route("/api/*").handler(timeouts::bodyArrived);
    router.post("/api/register").handler(auth::register);
    router.post("/api/login").handler(auth::login);
    router.post("/api/visitor").handler(auth::visitor);
    router.route("/api/channels*").handler(this::requireToken);
    router.get("/api/channels").handler(channels::list);
    router.post("/api/channels").handler(channels::create);
    router.get("/api/channels/:name/messages").handler(channels::messages);
    router.delete("/api/channels/:name/messages/:id").handler(channels::deleteMessage);
    router.delete("/api/channels/:name").handler(channels::delete);
    router.get("/api/channels/:name/peers").handler(liveApi::peers);
    router.post("/api/channels/:name/streamkey").handler(liveApi::streamKey);
    router.route("/api/keys*").handler(this::requireToken);
    router.route("/api/users/*").handler(this::requireToken);
    router.route("/api/conversations*").handler(this::requireToken);
    router.put("/api/keys").handler(direct::publishKey);
    router.get("/api/keys/:id").handler(direct::key);
    router.delete("/api/keys/:id").handler(direct::revokeKey);
    router.get("/api/users/:name/keys").handler(direct::keys);
    router.get("/api/conversations").handler(direct::conversations);
    router.get("/api/conversations/:name/messages").handler(direct::conversation);
    router.get("/api/live").handler(liveApi::list);
    router.get("/api/videos").handler(videos::list);
    router.route("/api/videos/*").handler(this::requireToken);
    router.delete("/api/videos/:title").handler(videos::delete);
    // The admin page (/admin) reads and controls webhooks here; the chat service checks that the token's account is an admin.
    router.route("/api/admin/*").handler(this::requireToken);
    router.get("/api/admin/users").handler(admin::users);
    router.get("/api/admin/accounts").handler(admin::accounts);
    router.get("/api/admin/connections").handler(admin::connections);
    router.get("/api/admin/webhooks").handler(admin::webhooks);
    router.post("/api/admin/webhooks").handler(admin::addWebhook);
    router.delete("/api/admin/webhooks/:id").handler(admin::removeWebhook);
    router.route("/api/*").handler(ctx -> ApiResponses.error(ctx, 404, "NOT_FOUND", "No such API endpoint."));
    router.route("/api/*").failureHandler(this::apiFailure);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(ChatBridge.options(),
        new ChatBridge(vertx, tokens, connectionLog, meters, fanout)));
    router.get("/live/:name/ws").handler(live::webSocket);
    router.get("/live/:name/ingest").handler(live.browsers()::ingest);
    router.get("/live/:name/ingest/media").handler(live.browsers()::mediaIngest);
    router.get("/live/:name/media").handler(live.browsers()::media);
    router.get("/live/:file").handler(live::mjpeg);
    router.get("/videos/:file").handler(videos::checkFile);
    router.get("/videos/*").handler(videos.files());
    // Before the live streams' /hls/:name routes; the catch-all keeps every /hls/vod path from reaching them.
    router.get("/hls/vod/:title/master.m3u8").handler(vod::master);
    router.get("/hls/vod/:title/:resolution/:file").handler(vod::file);
    router.route("/hls/vod/*").handler(vod::notFound);
    router.get("/hls/:name/index.m3u8").handler(live.hls()::playlist);
    router.get("/hls/:name/:file").handler(live.hls()::file);
    router.route("/media/:id").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(recordings::serve);
    router.get("/health").handler(healthCheck());
    if (meters.enabled()) router.get("/metrics").handler(MetricsEndpoint.from(config, meters, tokens)::handle);
    router.get("/admin").handler(ctx -> ctx.reroute("/admin.html")); // a static page; its API calls are what is guarded
    router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")); // hls.js
    router.route().handler(StaticHandler.create("webroot"));

    // Without h2c Vert.x opens the HTTP/1 connection (and calls the connection handler) at once, instead of
    // after the first request head has been read to look for an upgrade: the timeouts must see it first.
    HttpServerOptions options = tls.secure(new HttpServerOptions().setHttp2ClearTextEnabled(false)
        .setMaxWebSocketFrameSize(LiveHub.MAX_INGEST_FRAME_BYTES).setMaxWebSocketMessageSize(LiveHub.MAX_INGEST_FRAME_BYTES));
    // A worker context: never this verticle's event loop, whatever loops the other verticles were given.
    return vertx.deployVerticle(fanout, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .compose(v -> live.start()).compose(v -> vertx.createHttpServer(options)
        .connectionHandler(timeouts::connected)
        .requestHandler(router)
        .listen(port, host))
        .recover(e -> Future.failedFuture(ConfigException.of(
            Setting.HTTP_PORT, "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")")));
  }

  /** Puts the token's holder on the request, or answers 401 (before an upload's body: then the connection ends). */
  private void requireToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
    tokens.verify(token)
        .onSuccess(holder -> {
          ctx.put(HOLDER, holder);
          ctx.next();
        })
        .onFailure(e -> {
          String message = "Sign in first: the token is missing, expired or invalid.";
          if (ctx.request().isEnded()) ApiResponses.error(ctx, 401, "UNAUTHORIZED", message);
          else ApiResponses.errorAndClose(ctx, 401, "UNAUTHORIZED", message);
        });
  }

  static Holder holder(RoutingContext ctx) {
    return ctx.get(HOLDER);
  }

  /** The chat, on behalf of the token's account; visitors have none, so may not delete, publish keys or read conversations. */
  static ChatClient asAccount(RoutingContext ctx) {
    Holder holder = holder(ctx);
    if (holder.visitor()) throw new ChatException(ErrorCode.READ_ONLY, "Visitors have no account: sign up for that.");
    return ChatClient.forAccount(ctx.vertx().eventBus(), holder.name(), ctx.request().remoteAddress().hostAddress());
  }

  private void apiFailure(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return; // already answered (a body that was too slow), and the connection is closing
    } else if (ctx.statusCode() == 413) {
      // Closed after the answer: the rest of an oversized body is never read.
      ApiResponses.errorAndClose(ctx, 413, "TOO_LARGE", "Request bodies are at most " + MAX_API_BODY_BYTES + " bytes.");
    } else if (ctx.failure() instanceof DecodeException) {
      ApiResponses.error(ctx, 400, "BAD_REQUEST", "The body must be a JSON object.");
    } else if (ctx.failure() != null) {
      ApiResponses.failure(ctx, ctx.failure());
    } else {
      ApiResponses.error(ctx, ctx.statusCode(), "HTTP_" + ctx.statusCode(), "Request failed.");
    }
  }

  /**
   * 200 with {"status":"UP","checks":[{"id":"database","status":"UP"}]}; 503 when the watch knows the
   * database is down, or it does not answer SELECT 1 within {@link #DATABASE_PING_TIMEOUT_MILLIS}.
   */
  private HealthCheckHandler healthCheck() {
    return HealthCheckHandler.create(vertx).register("database", DATABASE_CHECK_TIMEOUT_MILLIS, promise -> {
      if (!databaseWatch.isUp()) {
        promise.complete(Status.KO());
        return;
      }
      long timer = vertx.setTimer(DATABASE_PING_TIMEOUT_MILLIS, t -> promise.tryComplete(Status.KO()));
      store.ping().onComplete(result -> {
        vertx.cancelTimer(timer);
        promise.tryComplete(result.succeeded() ? Status.OK() : Status.KO());
      });
    });
  }
}
