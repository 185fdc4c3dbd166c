package io.streamroom.hls;

import io.streamroom.hls.Fmp4Samples.Split;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An HTTP server with nothing but the hub's two routes, fed over a real event bus as sources feed it, and
 * asked over real HTTP as players ask: what the HLS tests share.
 */
final class HlsTestServer implements AutoCloseable {
  /** A 12 s clip with sound, 200 ms fragments, a keyframe a second. */
  final Split av;
  private final Vertx vertx = Vertx.vertx();
  private final HlsVerticle verticle = new HlsVerticle();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** The synthetic fragments' decode time: one clock for every channel, since it only has to go forward. */
  private long syntheticClock;

  HlsTestServer() throws Exception {
    byte[] stream = Fmp4Samples.audioVideo(12);
    av = Fmp4Samples.split(stream, stream.length);
    vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  Vertx vertx() {
    return vertx;
  }

  int port() {
    return verticle.port;
  }

  void publishInit(String channel, Buffer init) {
    HlsMessages.publishInit(vertx.eventBus(), channel, init);
  }

  void publishFragment(String channel, Fmp4Fragment fragment, long capturedAt) {
    HlsMessages.publishFragment(vertx.eventBus(), channel, fragment, capturedAt);
  }

  /** Publishes the clip's fragments from {@code from} (inclusive) to {@code to}, as fast as the bus takes them. */
  void publish(String channel, int from, int to) {
    av.fragments.subList(from, to).forEach(fragment -> publishFragment(channel, fragment, System.currentTimeMillis()));
  }

  /** A fragment of noise that the hub takes for what it says it is: it does not look inside. */
  void publishSynthetic(String channel, int bytes, double seconds, boolean independent) {
    byte[] noise = new byte[bytes];
    new Random(bytes).nextBytes(noise);
    publishFragment(channel, new Fmp4Fragment(Buffer.buffer(noise), syntheticClock, 1000, seconds, independent), System.currentTimeMillis());
    syntheticClock += Math.round(seconds * 1000);
  }

  /** The whole clip, each fragment when its last sample would have been captured, as a live source sends it. */
  void publishInRealTime(String channel, Split clip) {
    long start = System.currentTimeMillis();
    publishInit(channel, clip.init());
    double at = 0;
    for (Fmp4Fragment fragment : clip.fragments) {
      try {
        Thread.sleep(Math.max(0, start + Math.round((at + fragment.durationSeconds()) * 1000) - System.currentTimeMillis()));
      } catch (InterruptedException stopped) {
        return;
      }
      publishFragment(channel, fragment, start + Math.round(at * 1000));
      at += fragment.durationSeconds();
    }
  }

  String awaitPlaylist(String name, Predicate<String> ready) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      HttpResponse<byte[]> response = get("/hls/" + name + "/index.m3u8");
      if (response.statusCode() == 200 && ready.test(text(response))) return text(response);
      if (System.currentTimeMillis() > deadline) throw new AssertionError("playlist never ready: " + text(response));
      Thread.sleep(20);
    }
  }

  HttpResponse<byte[]> get(String path) throws Exception {
    return getAsync(path).get(20, TimeUnit.SECONDS);
  }

  CompletableFuture<HttpResponse<byte[]>> getAsync(String path) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  String url(String path) {
    return "http://127.0.0.1:" + verticle.port + path;
  }

  /** Runs on the verticle's event loop, where the hub lives, and waits for it. */
  <T> T ask(Function<HlsHub, T> action) throws Exception {
    return verticle.ask(action);
  }

  void on(Consumer<HlsHub> action) throws Exception {
    ask(hub -> {
      action.accept(hub);
      return null;
    });
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static byte[] concat(List<Fmp4Fragment> fragments) {
    Buffer all = Buffer.buffer();
    fragments.forEach(fragment -> all.appendBuffer(fragment.bytes()));
    return all.getBytes();
  }

  static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** An HTTP verticle with nothing but the hub's two routes. */
  private static final class HlsVerticle extends VerticleBase {
    private HlsHub hub;
    volatile int port;

    @Override
    public Future<?> start() {
      hub = new HlsHub(vertx);
      Router router = Router.router(vertx);
      router.get("/hls/:name/index.m3u8").handler(hub::playlist);
      router.get("/hls/:name/:file").handler(hub::file);
      return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").onSuccess(listening -> port = listening.actualPort());
    }

    <T> T ask(Function<HlsHub, T> action) throws Exception {
      CompletableFuture<T> done = new CompletableFuture<>();
      context.runOnContext(v -> {
        try {
          done.complete(action.apply(hub));
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      });
      return done.get(10, TimeUnit.SECONDS);
    }
  }
}
