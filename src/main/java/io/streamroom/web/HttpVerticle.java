package io.streamroom.web;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.store.ChatStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/** The HTTP door. For now: {@code GET /health}. */
public final class HttpVerticle extends VerticleBase {
  /** A database that cannot answer SELECT 1 this fast is as good as down for chat. */
  private static final long DATABASE_CHECK_TIMEOUT_MILLIS = 2000;

  private final String host;
  private final int port;
  private final ChatStore store;

  public HttpVerticle(Config config, ChatStore store) {
    this.host = config.string(Setting.HOST);
    this.port = config.port(Setting.HTTP_PORT);
    this.store = store;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(healthCheck());
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .recover(e -> Future.failedFuture(ConfigException.of(
            Setting.HTTP_PORT, "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")")));
  }

  /** 200 with {"status":"UP","checks":[{"id":"database","status":"UP"}]}, 503 when the database is down. */
  private HealthCheckHandler healthCheck() {
    return HealthCheckHandler.create(vertx).register("database", DATABASE_CHECK_TIMEOUT_MILLIS,
        promise -> store.ping().onComplete(result -> promise.complete(result.succeeded() ? Status.OK() : Status.KO())));
  }
}
