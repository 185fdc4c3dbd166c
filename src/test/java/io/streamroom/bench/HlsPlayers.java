package io.streamroom.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A load generator: N players of one live LL-HLS stream, each doing what hls.js does in low-latency mode at
 * the live edge: ask for the playlist that lists the part after the one it has (a blocking reload,
 * {@code ?_HLS_msn=M&_HLS_part=P}), then fetch that part, and again. A player starts at the newest part listed
 * and fetches the init segment once. Players are spread over the event loops (one verticle and one Vert.x
 * HttpClient each, a keep-alive connection per player) and start over a ramp, not all in one millisecond.
 */
final class HlsPlayers implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  /** After an error a player waits this long, as a player would, instead of hammering the server. */
  private static final long RETRY_MILLIS = 200;

  private final Vertx vertx;
  private final List<Group> groups = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private volatile boolean measuring;
  private volatile boolean stopped;

  /**
   * What all players did in a measured window: counts, latencies in microseconds, ages and lags in milliseconds
   * (sorted, for percentiles), media seconds each player received per second, and how many players kept up:
   * got at least 95% of the media time as it was made and, at the end, held a part captured under 1.5 s before.
   */
  record Result(double seconds, long parts, long partBytes, long playlists, long playlistBytes, long initBytes,
      long[] playlistMicros, long[] partMicros, long[] partAgeMillis, double[] mediaSecondsPerSecond, long[] behindMillis,
      long keptUp, long skips, Map<String, Integer> errors) {
    double megabitsPerSecond() {
      return (partBytes + playlistBytes + initBytes) * 8 / 1e6 / seconds;
    }

    /** Seconds of media all players received together. */
    double mediaSeconds() {
      return Arrays.stream(mediaSecondsPerSecond).sum() * seconds;
    }

    /** What a second of the stream costs a viewer, whether or not the stream kept up with the clock. */
    double megabitsPerMediaSecond(boolean withPlaylists) {
      return (partBytes + initBytes + (withPlaylists ? playlistBytes : 0)) * 8 / 1e6 / mediaSeconds();
    }
  }

  private HlsPlayers(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Starts {@code count} players of {@code /hls/<name>/index.m3u8} on {@code port}, the last one {@code ramp} after the first.
   * Waits until every group is deployed (not until every player plays).
   */
  static HlsPlayers start(Vertx vertx, int port, String name, int count, Duration ramp) throws Exception {
    HlsPlayers players = new HlsPlayers(vertx);
    int loops = Math.min(count, Math.max(1, Runtime.getRuntime().availableProcessors()));
    for (int g = 0; g < loops; g++) {
      Group group = players.new Group(port, "/hls/" + name + "/", g, loops, count, ramp.toMillis());
      players.groups.add(group);
      players.deployments.add(await(vertx.deployVerticle(group)));
    }
    return players;
  }

  /** Counts what the players do for {@code window}, then returns it (the players go on until closed). */
  Result measure(Duration window) throws Exception {
    long started = System.nanoTime();
    measuring = true;
    Thread.sleep(window.toMillis());
    measuring = false;
    double seconds = (System.nanoTime() - started) / 1e9;
    long endMillis = System.currentTimeMillis();
    List<Group.Counts> counts = new ArrayList<>();
    for (Group group : groups) counts.add(await(group.counts(endMillis)));
    return merge(counts, seconds);
  }

  @Override
  public void close() throws Exception {
    stopped = true;
    for (String id : deployments) await(vertx.undeploy(id)); // closes each group's HttpClient and its connections
  }

  private Result merge(List<Group.Counts> counts, double seconds) {
    Map<String, Integer> errors = new TreeMap<>();
    counts.forEach(c -> c.errors.forEach((k, v) -> errors.merge(k, v, Integer::sum)));
    return new Result(seconds, counts.stream().mapToLong(c -> c.parts).sum(), counts.stream().mapToLong(c -> c.partBytes).sum(),
        counts.stream().mapToLong(c -> c.playlists).sum(), counts.stream().mapToLong(c -> c.playlistBytes).sum(),
        counts.stream().mapToLong(c -> c.initBytes).sum(),
        sorted(counts.stream().map(c -> c.playlistMicros.toArray()).toList()), sorted(counts.stream().map(c -> c.partMicros.toArray()).toList()),
        sorted(counts.stream().map(c -> c.partAgeMillis.toArray()).toList()),
        counts.stream().flatMapToDouble(c -> Arrays.stream(c.mediaSeconds).map(s -> s / seconds)).toArray(),
        counts.stream().flatMapToLong(c -> Arrays.stream(c.behindMillis)).sorted().toArray(),
        counts.stream().mapToLong(c -> c.keptUp(seconds)).sum(), counts.stream().mapToLong(c -> c.skips).sum(), errors);
  }

  private static long[] sorted(List<long[]> arrays) {
    return arrays.stream().flatMapToLong(Arrays::stream).sorted().toArray();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Some of the players on one event loop, with one HttpClient; everything here runs on that loop. */
  private final class Group extends VerticleBase {
    private final int port;
    private final String base;
    private final List<Player> players = new ArrayList<>();
    private final int index;
    private final int stride;
    private final int total;
    private final long rampMillis;
    private HttpClientAgent client;
    private Counts counts = new Counts(0);

    /** One group's figures for the window. */
    final class Counts {
      long parts;
      long partBytes;
      long playlists;
      long playlistBytes;
      long initBytes;
      long skips;
      final Samples playlistMicros = new Samples();
      final Samples partMicros = new Samples();
      final Samples partAgeMillis = new Samples();
      final Map<String, Integer> errors = new TreeMap<>();
      final double[] mediaSeconds;
      long[] behindMillis;

      Counts(int players) {
        mediaSeconds = new double[players];
      }

      long keptUp(double seconds) {
        long count = 0;
        for (int i = 0; i < mediaSeconds.length; i++) if (mediaSeconds[i] / seconds >= 0.95 && behindMillis[i] < 1500) count++;
        return count;
      }
    }

    Group(int port, String base, int index, int stride, int total, long rampMillis) {
      this.port = port;
      this.base = base;
      this.index = index;
      this.stride = stride;
      this.total = total;
      this.rampMillis = rampMillis;
    }

    @Override
    public Future<?> start() {
      int count = (total - index + stride - 1) / stride;
      client = vertx.httpClientBuilder()
          .with(new HttpClientOptions().setDefaultHost(HOST).setDefaultPort(port).setKeepAlive(true))
          .with(new PoolOptions().setHttp1MaxSize(count + 1)) // a connection per player: each holds a blocking request
          .build();
      counts = new Counts(count);
      for (int i = 0; i < count; i++) {
        Player player = new Player(i);
        players.add(player);
        long global = index + (long) i * stride;
        vertx.setTimer(1 + rampMillis * global / Math.max(1, total), id -> player.playlist());
      }
      return Future.succeededFuture();
    }

    /** This window's figures (taken on the group's loop), and a fresh set for the next. */
    Future<Counts> counts(long endMillis) {
      Promise<Counts> promise = Promise.promise();
      context.runOnContext(v -> {
        Counts done = counts;
        done.behindMillis = players.stream().mapToLong(p -> p.lastCapturedEnd == 0 ? Long.MAX_VALUE : endMillis - p.lastCapturedEnd).toArray();
        counts = new Counts(players.size());
        promise.complete(done);
      });
      return promise.future();
    }

    private void error(String what) {
      if (measuring) counts.errors.merge(what, 1, Integer::sum);
    }

    /** One player; it has fetched part {@code part} of segment {@code msn} (-1 before its first). */
    private final class Player {
      private final int slot;
      private long msn = -1;
      private int part = -1;
      private String init;
      private long lastCapturedEnd;

      Player(int slot) {
        this.slot = slot;
      }

      void playlist() {
        if (stopped) return;
        String uri = base + (msn < 0 ? "index.m3u8" : "index.m3u8?_HLS_msn=" + msn + "&_HLS_part=" + (part + 1));
        long sent = System.nanoTime();
        client.request(HttpMethod.GET, uri).compose(HttpClientRequest::send)
            .compose(response -> response.body().map(body -> new Reply(response.statusCode(), body)))
            .onComplete(reply -> {
              if (reply.failed()) {
                retry("playlist: " + reply.cause().getClass().getSimpleName());
              } else if (reply.result().status != 200) {
                if (reply.result().status == 400) msn = -1; // too far ahead of the live edge: start again there
                retry("playlist: HTTP " + reply.result().status);
              } else {
                playlist(reply.result().body, sent);
              }
            });
      }

      private void playlist(Buffer body, long sent) {
        if (measuring) {
          counts.playlists++;
          counts.playlistBytes += body.length();
          counts.playlistMicros.add((System.nanoTime() - sent) / 1000);
        }
        LivePlaylist playlist = LivePlaylist.parse(body.toString());
        int next = msn < 0 ? playlist.size() - 1 : playlist.after(msn, part);
        if (next < 0) {
          vertx.setTimer(RETRY_MILLIS, id -> playlist()); // nothing listed yet: the stream is just starting
          return;
        }
        long m = playlist.msn(next);
        int p = playlist.index(next);
        boolean successor = m == msn && p == part + 1 || m == msn + 1 && p == 0;
        if (msn >= 0 && !successor && measuring) counts.skips++;
        Runnable fetchNext = () -> fetch(m, p, playlist.duration(next), playlist.capturedEnd(next));
        if (playlist.init != null && !playlist.init.equals(init)) fetchInit(playlist.init, fetchNext);
        else fetchNext.run();
      }

      private void fetchInit(String uri, Runnable then) {
        get(base + uri).onComplete(reply -> {
          if (reply.failed() || reply.result() < 0) {
            retry("init: " + (reply.failed() ? reply.cause().getClass().getSimpleName() : "HTTP error"));
            return;
          }
          init = uri;
          if (measuring) counts.initBytes += reply.result();
          then.run();
        });
      }

      private void fetch(long m, int p, double seconds, long capturedEnd) {
        long sent = System.nanoTime();
        get(base + "part-" + m + "-" + p + ".m4s").onComplete(reply -> {
          if (reply.failed()) {
            retry("part: " + reply.cause().getClass().getSimpleName());
            return;
          }
          if (reply.result() < 0) { // gone from the window: start again at the live edge
            msn = -1;
            retry("part: HTTP " + -reply.result());
            return;
          }
          msn = m;
          part = p;
          lastCapturedEnd = capturedEnd;
          if (measuring) {
            counts.parts++;
            counts.partBytes += reply.result();
            counts.partMicros.add((System.nanoTime() - sent) / 1000);
            counts.partAgeMillis.add(System.currentTimeMillis() - capturedEnd);
            counts.mediaSeconds[slot] += seconds;
          }
          playlist();
        });
      }

      /** The body's length, read as it comes and not kept; minus the status when it is not 200. */
      private Future<Long> get(String uri) {
        return client.request(HttpMethod.GET, uri).compose(HttpClientRequest::send).compose(response -> {
          long[] length = {0};
          response.handler(chunk -> length[0] += chunk.length());
          return response.end().map(v -> response.statusCode() == 200 ? length[0] : -(long) response.statusCode());
        });
      }

      private void retry(String what) {
        error(what);
        vertx.setTimer(RETRY_MILLIS, id -> playlist());
      }
    }
  }

  private record Reply(int status, Buffer body) {}

  /** A growable list of longs: a few hundred thousand latencies per window, without boxing them. */
  private static final class Samples {
    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  /** The value at percentile {@code p} (0-100) of sorted values, or -1 for none. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) return -1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1))];
  }
}
