package io.streamroom.webhook;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One hook's deliveries, on the webhook verticle's event loop: a bounded queue (the oldest event goes when it is
 * full, counted), one POST at a time in order, each retried with backoff until it succeeds or runs out of
 * attempts. An endpoint that fails is logged once when it starts failing and once when it works again, not per
 * event.
 */
final class HookDelivery {
  private static final Logger log = LoggerFactory.getLogger(HookDelivery.class);
  /** Events waiting per hook: minutes of moderation and stream events, seconds of a busy chat's messages. */
  static final int QUEUE_CAPACITY = 1000;
  /** Tries per event: the first, then retries after 1, 2, 4, 8 and 16 s (half a minute for an endpoint to come back). */
  static final int MAX_ATTEMPTS = 6;
  static final long FIRST_RETRY_MILLIS = 1000;
  /** An endpoint that has not answered in this long is failing: the next attempt, or event, goes on. */
  static final long TIMEOUT_MILLIS = 10_000;

  private record Pending(WebhookEvent type, Buffer body, String signature) {}

  private final Vertx vertx;
  private final WebClient client;
  final Hook hook;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private Pending inFlight;
  private int attempts;
  private long retryTimer = -1;
  private boolean failing;
  private boolean closed;
  private String lastError;
  private long delivered;
  private long dropped;
  private long abandoned;

  HookDelivery(Vertx vertx, WebClient client, Hook hook) {
    this.vertx = vertx;
    this.client = client;
    this.hook = hook;
  }

  void offer(WebhookEvent type, Buffer body) {
    if (closed) return;
    if (queue.size() >= QUEUE_CAPACITY) {
      queue.pollFirst();
      dropped++;
    }
    queue.addLast(new Pending(type, body, WebhookSignature.sign(hook.secret(), body.getBytes())));
    if (inFlight == null) next();
  }

  private void next() {
    inFlight = queue.pollFirst();
    attempts = 0;
    if (inFlight != null) attempt();
  }

  private void attempt() {
    retryTimer = -1;
    if (closed) return;
    attempts++;
    try {
      client.postAbs(hook.url()).timeout(TIMEOUT_MILLIS)
          .putHeader("Content-Type", "application/json")
          .putHeader("User-Agent", "Streamroom-Webhooks")
          .putHeader("X-Streamroom-Event", inFlight.type().wire)
          .putHeader(WebhookSignature.HEADER, inFlight.signature())
          .sendBuffer(inFlight.body())
          .onComplete(this::answered);
    } catch (RuntimeException e) { // a URL the client cannot use (a port out of range): a failure like any other
      answered(Future.failedFuture(e));
    }
  }

  private void answered(AsyncResult<HttpResponse<Buffer>> result) {
    if (closed) return;
    int status = result.succeeded() ? result.result().statusCode() : 0;
    if (status >= 200 && status < 300) {
      if (failing) log.info("Webhook {} works again ({} events dropped or given up meanwhile in all)", hook.shownUrl(), dropped + abandoned);
      failing = false;
      delivered++;
      next();
      return;
    }
    lastError = result.succeeded() ? "HTTP " + status
        : Objects.requireNonNullElse(result.cause().getMessage(), result.cause().getClass().getSimpleName());
    if (!failing) {
      log.warn("Webhook {} is failing ({}): events are retried with backoff, up to {} wait", hook.shownUrl(), lastError, QUEUE_CAPACITY);
      failing = true;
    }
    if (attempts < MAX_ATTEMPTS) {
      retryTimer = vertx.setTimer(FIRST_RETRY_MILLIS << (attempts - 1), t -> attempt());
    } else {
      abandoned++;
      next();
    }
  }

  /** For the admin page: never the secret. */
  JsonObject state() {
    return new JsonObject().put("key", hook.key()).put("id", hook.id()).put("url", hook.shownUrl()).put("messages", hook.messages())
        .put("origin", hook.id() == null ? "setting" : "admin").put("failing", failing).put("lastError", lastError)
        .put("waiting", queue.size() + (inFlight == null ? 0 : 1)).put("delivered", delivered).put("dropped", dropped)
        .put("abandoned", abandoned);
  }

  /** The hook was removed: what waits is dropped, and an answer still to come is ignored. */
  void close() {
    closed = true;
    queue.clear();
    if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
  }
}
