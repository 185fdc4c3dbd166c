package io.streamroom.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Chat fan-out to browser sockets: the packaged server (run `mvn package` first) with N visitors' bridge
 * sockets (/eventbus/websocket, as the page's) in #lobby, and 4 signed-in senders saying, at a fixed total
 * rate for 10 s, messages that carry their send time; every socket measures send-to-receive latency.
 * The load generator is one Vert.x event loop for every socket, so it needs at most one core (printed).
 * Run: flock /tmp/bench.lock mvn -o -q test-compile exec:java -Dexec.classpathScope=test
 *   -Dexec.mainClass=io.streamroom.bench.BridgeFanoutBenchmark [-Dexec.args="100 200"] [-Dsockets=1000]
 */
public final class BridgeFanoutBenchmark {
  private static final int SENDERS = 4;
  private static final int SOCKETS = Integer.getInteger("sockets", 1000);
  private static final long MEASURE_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** Time after the last send for what is still on its way. */
  private static final long DRAIN_MILLIS = 10_000;
  private static final String CHANNEL = "#lobby";
  /** Marks a message's send time in its text. */
  private static final String STAMP = "@@";
  /** How the bridge frames a channel's event. */
  private static final String CHANNEL_EVENT = "{\"type\":\"rec\",\"address\":\"chat.channel.";
  /** Latency histogram: counts per 100 µs up to 60 s. */
  private static final int BUCKET_NANOS = 100_000;
  private static final long[] latency = new long[600_000];
  private static long delivered;
  private static long lastDeliveryNanos;
  /** When the generator last heard anything: the joins' news must be over before a run. */
  private static volatile long lastFrameNanos;
  private static long sent;
  private static long refused;
  private static String firstRefusal;

  /** Exits when done: a failure must not leave the generator's event loop holding the benchmark lock. */
  public static void main(String[] args) {
    try {
      bench(args);
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
    System.exit(0);
  }

  private static void bench(String[] args) throws Exception {
    int[] rates = args.length == 0 ? new int[] {100, 200} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    try (BenchServer server = BenchServer.start("off", "off", Map.of("STREAMROOM_RATE_MESSAGES", "1000000", "STREAMROOM_IRC_PORT", "0"))) {
      try {
        runAll(server, rates);
      } catch (Exception e) {
        server.lastOutput(60).forEach(System.out::println);
        throw e;
      }
    }
  }

  private static void runAll(BenchServer server, int[] rates) throws Exception {
    long run = System.currentTimeMillis() % 100_000;
    List<String> senderTokens = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) senderTokens.add(server.api.register("s" + run + "x" + s, "sender-pass-" + s));
    List<String> receiverTokens = new ArrayList<>();
    for (int i = 0; i < SOCKETS; i++) receiverTokens.add(server.api.visitor("v" + run + "x" + i));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20) // a join reply lists every member
        .setMaxConnections(SOCKETS + SENDERS + 10).setDefaultHost("127.0.0.1").setDefaultPort(server.httpPort));
    vertx.setPeriodic(5000, id -> BusSocket.pingAll()); // the bridge closes sockets silent for 15 s
    List<BusSocket> senders = new ArrayList<>();
    for (String token : senderTokens) senders.add(await(BusSocket.open(client, token, false)));
    long opening = System.nanoTime();
    for (int i = 0; i < SOCKETS; i += 50) { // in batches, as browsers arrive
      List<Future<BusSocket>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(SOCKETS, i + 50); j++) batch.add(BusSocket.open(client, receiverTokens.get(j), true));
      int first = i;
      await(Future.all(batch).recover(e -> Future.failedFuture(new IllegalStateException(
          "socket " + first + "+: " + e.getMessage() + " after " + (System.nanoTime() - opening) / 1_000_000 + " ms", e))));
    }
    // Each join told every member already there (half a million deliveries): measure once that is over.
    long settling = System.nanoTime();
    while (System.nanoTime() - lastFrameNanos < 2_000_000_000L && System.nanoTime() - settling < 120_000_000_000L) {
      Thread.sleep(200);
    }
    System.out.printf("%d bridge sockets in %s (opened in %d s, quiet after %d s more), %d senders, %d s per run%n",
        SOCKETS, CHANNEL, (settling - opening) / 1_000_000_000L, (System.nanoTime() - settling) / 1_000_000_000L,
        SENDERS, MEASURE_NANOS / 1_000_000_000L);
    System.out.println("offered msg/s | sent | refused | deliveries/s | lost | latency p50 / p99 / max"
        + " | server CPU (cores, µs/delivery) | client CPU | machine busy cores | server's busiest threads");
    for (int rate : rates) run(vertx, server, senders, rate);
  }

  private static void run(Vertx vertx, BenchServer server, List<BusSocket> senders, int rate) throws Exception {
    vertx.runOnContext(v -> {
      Arrays.fill(latency, 0);
      delivered = sent = refused = 0;
    });
    Thread.sleep(200);
    CpuMeter self = CpuMeter.self();
    CpuMeter.Sample serverBefore = server.cpu.sample();
    CpuMeter.Sample clientBefore = self.sample();
    long machineBefore = CpuMeter.machineBusyTicks();
    long start = System.nanoTime();
    long timer = vertx.setPeriodic(2, id -> {
      long due = Math.min(MEASURE_NANOS, System.nanoTime() - start) * rate / 1_000_000_000L;
      while (sent < due) {
        senders.get((int) (sent++ % SENDERS)).say(STAMP + System.nanoTime());
      }
    });
    Thread.sleep(MEASURE_NANOS / 1_000_000);
    vertx.cancelTimer(timer);
    long expected = (long) rate * MEASURE_NANOS / 1_000_000_000L * SOCKETS;
    long drainUntil = System.currentTimeMillis() + DRAIN_MILLIS;
    while (deliveredSoFar(vertx) < expected - refused * SOCKETS && System.currentTimeMillis() < drainUntil) Thread.sleep(50);
    CpuMeter.Usage serverCpu = server.cpu.between(serverBefore, server.cpu.sample());
    CpuMeter.Usage clientCpu = self.between(clientBefore, self.sample());
    long machineAfter = CpuMeter.machineBusyTicks();
    long got = deliveredSoFar(vertx);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%13d | %4d | %7d | %12.0f | %4d | %s / %s / %s ms | %.2f, %.2f µs | %.2f | %.2f | %s%n", rate, sent, refused,
        got / ((lastDeliveryNanos - start) / 1e9), (sent - refused) * SOCKETS - got,
        percentile(0.50), percentile(0.99), percentile(1.0), serverCpu.cores(),
        serverCpu.cores() * seconds * 1e6 / Math.max(got, 1), clientCpu.cores(),
        CpuMeter.machineBusyCores(machineBefore, machineAfter, seconds), serverCpu.busiest(4));
    if (firstRefusal != null) System.out.println("first refusal: " + firstRefusal);
    Thread.sleep(2000);
  }

  private static long deliveredSoFar(Vertx vertx) throws Exception {
    Promise<Long> count = Promise.promise();
    vertx.runOnContext(v -> count.complete(delivered));
    return await(count.future());
  }

  private static String percentile(double p) {
    long total = Arrays.stream(latency).sum();
    long rank = (long) Math.ceil(total * p);
    long seen = 0;
    for (int i = 0; i < latency.length; i++) {
      seen += latency[i];
      if (seen >= rank && seen > 0) return String.format("%.1f", (i + 1) * (double) BUCKET_NANOS / 1e6);
    }
    return "-";
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** One page's bridge socket; used on the client's one event loop only. */
  private static final class BusSocket {
    private static final List<BusSocket> all = new ArrayList<>();
    private static final String PING = "{\"type\":\"ping\"}";
    private static long nextReply;
    private final WebSocket ws;
    private final Map<String, Promise<JsonObject>> replies = new HashMap<>();
    private Promise<Void> registered;

    private BusSocket(WebSocket ws) {
      this.ws = ws;
      ws.handler(this::frame);
      ws.closeHandler(v -> { // the server refused or dropped it: whoever waits hears why
        String why = "closed: " + ws.closeStatusCode() + " " + ws.closeReason();
        replies.values().forEach(reply -> reply.tryFail(why));
        if (registered != null) registered.tryFail(why);
        all.remove(this);
      });
      all.add(this);
    }

    /** Connects, joins the channel and, for a receiver, listens to it. */
    static Future<BusSocket> open(WebSocketClient client, String token, boolean listen) {
      return client.connect("/eventbus/websocket?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
          .map(BusSocket::new)
          .compose(socket -> socket.send(new JsonObject().put("type", "join").put("channel", CHANNEL))
              .compose(joined -> joined.containsKey("error")
                  ? Future.failedFuture("join: " + joined.encode()) : listen ? socket.listen() : Future.succeededFuture())
              .map(socket));
    }

    static void pingAll() {
      for (BusSocket socket : all) socket.ws.writeTextMessage(PING);
    }

    private Future<Void> listen() {
      registered = Promise.promise();
      ws.writeTextMessage(new JsonObject().put("type", "register").put("address", "chat.channel." + CHANNEL).encode());
      return registered.future();
    }

    Future<JsonObject> send(JsonObject command) {
      String replyAddress = "r" + nextReply++;
      Promise<JsonObject> reply = Promise.promise();
      replies.put(replyAddress, reply);
      ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "chat.commands").put("body", command)
          .put("replyAddress", replyAddress).encode());
      return reply.future();
    }

    void say(String text) {
      send(new JsonObject().put("type", "say").put("channel", CHANNEL).put("text", text)).onComplete(reply -> {
        if (reply.succeeded() && reply.result().containsKey("id")) return;
        refused++;
        if (firstRefusal == null) firstRefusal = reply.succeeded() ? reply.result().encode() : reply.cause().getMessage();
      });
    }

    /** Channel messages are found by their stamp without parsing: the generator must stay cheaper than the server. */
    private void frame(Buffer frame) {
      lastFrameNanos = System.nanoTime();
      String text = frame.toString(StandardCharsets.UTF_8);
      int at = text.indexOf(STAMP);
      if (at >= 0 && text.startsWith(CHANNEL_EVENT)) {
        long now = System.nanoTime();
        int end = at + STAMP.length();
        while (end < text.length() && Character.isDigit(text.charAt(end))) end++;
        long nanos = now - Long.parseLong(text, at + STAMP.length(), end, 10);
        latency[(int) Math.min(latency.length - 1, nanos / BUCKET_NANOS)]++;
        delivered++;
        lastDeliveryNanos = now;
        return;
      }
      JsonObject json = new JsonObject(text);
      Promise<JsonObject> reply = replies.remove(json.getString("address", ""));
      switch (json.getString("type", "")) {
        case "rec" -> {
          if (reply != null) reply.complete(json.getJsonObject("body"));
        }
        case "registered" -> registered.tryComplete();
        case "err" -> {
          String why = json.getString("body", json.getString("message"));
          if (reply != null) reply.fail(why);
          else if (registered != null && !registered.future().isComplete()) registered.fail(why);
          else {
            refused++; // a refused send whose err names no reply address (max_handlers_reached)
            if (firstRefusal == null) firstRefusal = json.encode();
          }
        }
        default -> { }
      }
    }
  }
}
