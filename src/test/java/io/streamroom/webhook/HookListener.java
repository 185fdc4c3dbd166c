package io.streamroom.webhook;

import io.streamroom.support.TestApp;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A webhook receiver, as an operator's service would be: a real HTTP server (Vert.x) on a free port that keeps
 * every POST it gets. {@code answer} says, for each POST, which status to give, or {@link #HANG} to never answer.
 */
final class HookListener implements AutoCloseable {
  static final int HANG = -1;
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** One POST as it arrived: the raw body (what the signature covers), its headers and when it came. */
  record Received(byte[] body, MultiMap headers, long atNanos) {
    JsonObject json() {
      return new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    String type() {
      return json().getString("type");
    }

    /** The signature checked the way a receiver would: the HMAC of the raw body with the shared secret. */
    void assertSignedWith(String secret) {
      assertEquals(WebhookSignature.sign(secret, body), headers.get("X-Streamroom-Signature"), "the signature of " + json());
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  /** Every POST ever received, for what a test asserts over all of them. */
  private final java.util.List<Received> all = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  final int port = TestApp.freePort();

  HookListener(ToIntFunction<Received> answer) {
    vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      Received post = new Received(body.getBytes(), request.headers(), System.nanoTime());
      count.incrementAndGet();
      all.add(post);
      received.add(post);
      int status = answer.applyAsInt(post);
      if (status != HANG) request.response().setStatusCode(status).end();
    })).listen(port, "127.0.0.1").await();
  }

  static HookListener answering200() {
    return new HookListener(post -> 200);
  }

  String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  /** Waits for the next POST that matches, passing over others. */
  Received next(Predicate<Received> test, String description) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (true) {
        Received r = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (r == null) {
          fail("no webhook POST with " + description + " within " + WAIT + "; all received: "
              + all.stream().map(p -> p.json().encode()).toList());
        }
        if (test.test(r)) return r;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Received next(String type) {
    return next(r -> type.equals(r.type()), "type " + type);
  }

  /** The next POST, whatever it is. */
  Received next() {
    return next(r -> true, "any event");
  }

  /** Asserts that nothing arrives for a while. */
  void expectNothing(Duration within) {
    try {
      Received r = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
      if (r != null) fail("expected no webhook POST, got " + r.json());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int requests() {
    return count.get();
  }

  /** How many POSTs so far match. */
  long count(Predicate<Received> test) {
    return all.stream().filter(test).count();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
