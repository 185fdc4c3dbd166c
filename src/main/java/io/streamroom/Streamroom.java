package io.streamroom;

import io.streamroom.auth.AdminRules;
import io.streamroom.auth.PasswordHasher;
import io.streamroom.auth.TokenService;
import io.streamroom.chat.ChatService;
import io.streamroom.cluster.ClusterNode;
import io.streamroom.cluster.ClusterSettings;
import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.connlog.ConnectionLog;
import io.streamroom.live.CaptureSettings;
import io.streamroom.live.CaptureVerticle;
import io.streamroom.record.RecordingVerticle;
import io.streamroom.rtmp.RtmpIngestVerticle;
import io.streamroom.media.MediaFiles;
import io.streamroom.media.MediaStore;
import io.streamroom.media.MediaVerticle;
import io.streamroom.metrics.Meters;
import io.streamroom.store.ChatStore;
import io.streamroom.store.Database;
import io.streamroom.store.DatabaseWatch;
import io.streamroom.store.Stores;
import io.streamroom.store.WebhookStore;
import io.streamroom.tcp.TcpChatVerticle;
import io.streamroom.tls.Tls;
import io.streamroom.vod.VideoVerticle;
import io.streamroom.web.HttpVerticle;
import io.streamroom.webhook.WebhookVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The whole application in one process: database, chat service, then the adapters. {@link #stop()}
 * undoes it in reverse, so adapters can still tell users goodbye through a working chat service.
 * Both block the calling thread: they are for {@code main}, the shutdown hook and tests, never an event loop.
 */
public final class Streamroom {
  private static final Logger log = LoggerFactory.getLogger(Streamroom.class);
  private final Config config;
  private final Vertx vertx;
  /** This node of a cluster, or null on a single node. */
  private final ClusterNode cluster;
  private final Meters meters;
  private final Tls tls;
  private final Deque<String> deployments = new ConcurrentLinkedDeque<>(); // a cluster's take-over adds from another thread
  private Database database;
  private DatabaseWatch databaseWatch;
  private Pool pool;
  private MediaStore media;
  private ConnectionLog connectionLog;

  private Streamroom(Config config, Meters meters, Tls tls, ClusterNode cluster) {
    this.config = config;
    this.meters = meters;
    this.tls = tls;
    this.cluster = cluster;
    this.vertx = cluster == null ? meters.install(Vertx.builder(), new VertxOptions().setPreferNativeTransport(true)).build() : cluster.vertx();
  }

  /** Time for the database to start (first start includes initdb) and every verticle to deploy. */
  private static final long START_TIMEOUT_SECONDS = 120;
  /** Time for users to get their goodbye and Postgres to checkpoint. */
  private static final long STOP_TIMEOUT_SECONDS = 30;

  /**
   * Starts everything, or stops again whatever did start and throws the reason: a {@link ConfigException}
   * for problems the user can fix (ports, database, settings).
   */
  public static Streamroom start(Config config) {
    ClusterSettings clustering = ClusterSettings.from(config);
    Tls tls = Tls.load(config); // here, where reading files blocks no event loop
    Meters meters = Meters.create(config.bool(Setting.METRICS));
    Streamroom app = new Streamroom(config, meters, tls,
        clustering == null ? null : await(ClusterNode.start(clustering, meters), START_TIMEOUT_SECONDS));
    try {
      await(app.boot(), START_TIMEOUT_SECONDS);
      return app;
    } catch (RuntimeException e) {
      app.stop();
      throw e;
    }
  }

  private Future<Void> boot() {
    AdminRules adminRules;
    try {
      adminRules = new AdminRules(config.list(Setting.ADMINS), config.list(Setting.ADMIN_IPS));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ConfigException.of(Setting.ADMIN_IPS, e.getMessage()));
    }
    int tcpInstances = config.integer(Setting.TCP_INSTANCES) > 0
        ? config.integer(Setting.TCP_INSTANCES) : Runtime.getRuntime().availableProcessors();
    return vertx.executeBlocking(() -> {
      database = Database.start(config);
      connectionLog = ConnectionLog.open(config); // after the embedded database's data dir lock: one server writes it
      return TokenService.create(vertx, config);
    }).compose(tokens -> {
      pool = database.pool(vertx);
      databaseWatch = DatabaseWatch.start(vertx, database);
      Stores stores = Stores.on(pool);
      ChatStore store = stores.chat();
      PasswordHasher hasher = new PasswordHasher(vertx);
      media = new MediaStore(vertx, pool, MediaFiles.in(config));
      Supplier<ChatService> chatService = () -> new ChatService(config, stores, media, hasher, adminRules, databaseWatch::isUp, connectionLog, meters);
      // In a cluster only the leader runs the chat service; the other nodes' adapters send it their commands.
      if (cluster != null) cluster.onTakeOver(() -> takeOver(chatService));
      Future<Void> chat = cluster != null && !cluster.leads() ? Future.succeededFuture() : deploy(chatService, 1);
      return chat
          .compose(v -> deploy(() -> new WebhookVerticle(config, new WebhookStore(pool)), 1)) // every node: sends what the chat publishes there
          .compose(v -> deploy(() -> new VideoVerticle(config, meters), 1))
          .compose(v -> deploy(() -> new MediaVerticle(media), 1))
          .compose(v -> deploy(() -> new RecordingVerticle(config, stores.live()), 1))
          .compose(v -> deploy(() -> new HttpVerticle(config, store, media, tokens, databaseWatch, connectionLog, meters, tls), 1))
          .compose(v -> deploy(TcpChatVerticle.factory(config, vertx, connectionLog, meters, tls), tcpInstances))
          .compose(v -> config.port(Setting.RTMP_PORT) > 0 ? deploy(() -> new RtmpIngestVerticle(config), 1) : Future.succeededFuture())
          .compose(v -> CaptureSettings.from(config).enabled() ? deploy(() -> new CaptureVerticle(config), 1)
              : Future.succeededFuture());
    });
  }

  /** The leader died and this node is the oldest now: it runs the chat service, with the sessions the cluster kept. */
  private void takeOver(Supplier<ChatService> chatService) {
    log.info("This node now runs the chat service (the node that ran it left the cluster)");
    vertx.deployVerticle(chatService, new DeploymentOptions())
        .onSuccess(deployments::addLast) // stopped after the adapters, as if deployed first
        .onFailure(e -> log.error("Could not take over the chat service: {}", e.toString()));
  }

  private Future<Void> deploy(Supplier<? extends Deployable> verticle, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
        .onSuccess(deployments::push)
        .mapEmpty();
  }

  /**
   * Stops adapters first, then the chat service, the connection log (once the adapters' last records are
   * in), the database watch, the pool, the database and Vert.x.
   */
  public void stop() {
    if (databaseWatch != null) databaseWatch.stop(); // no restarts of a database being stopped on purpose
    Future<Void> undeployed = Future.succeededFuture();
    while (!deployments.isEmpty()) {
      String id = deployments.pop();
      undeployed = undeployed.eventually(() -> vertx.undeploy(id));
    }
    Future<Void> stopped = undeployed
        .eventually(() -> connectionLog == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
          connectionLog.close(); // writes what is queued
          return null;
        }))
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close())
        .eventually(() -> database == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
          database.stop();
          return null;
        }));
    try {
      await(stopped, STOP_TIMEOUT_SECONDS);
    } finally {
      // Closed from this (non Vert.x) thread so the result is not delivered to an event loop that is gone.
      await(vertx.close(), STOP_TIMEOUT_SECONDS);
    }
  }

  /** Blocks for a future; its failure is rethrown as is when unchecked, so ConfigExceptions reach main. */
  private static <T> T await(Future<T> future, long seconds) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) throw runtime;
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + seconds + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public Config config() {
    return config;
  }

  /** Whether the database answers, for anyone who must not wait on a dead one; null before start-up. */
  public DatabaseWatch databaseWatch() {
    return databaseWatch;
  }

  /** Where connections, logins, messages and moderation are recorded; null before start-up. */
  public ConnectionLog connectionLog() {
    return connectionLog;
  }

  /** The pool every component shares (tests read its session settings). */
  public Pool pool() {
    return pool;
  }

  /** Voice and video messages (tests attach and delete them as the chat service would). */
  public MediaStore media() {
    return media;
  }

  public String databaseDescription() {
    return database.describe();
  }
}
