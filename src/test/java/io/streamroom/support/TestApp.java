package io.streamroom.support;

import io.streamroom.Streamroom;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The whole application on free ports, with its own embedded Postgres in a temporary data dir. */
public final class TestApp implements AutoCloseable {
  private final Streamroom app;
  public final Config config;

  private TestApp(Streamroom app, Config config) {
    this.app = app;
    this.config = config;
  }

  public static TestApp start() {
    return start(Map.of());
  }

  public static TestApp start(Map<Setting, String> overrides) {
    Map<Setting, String> settings = new EnumMap<>(Setting.class);
    settings.put(Setting.HOST, "127.0.0.1");
    settings.put(Setting.HTTP_PORT, String.valueOf(freePort()));
    settings.put(Setting.TCP_PORT, String.valueOf(freePort()));
    settings.put(Setting.DATA_DIR, tempDir().toString());
    settings.put(Setting.CAMERA, "off"); // live tests turn it on; the rest need no video
    settings.put(Setting.RTMP_PORT, "0"); // RTMP tests give it a free port
    settings.put(Setting.IRC_PORT, "0"); // IRC tests give it a free port (IRC also works on the TCP port)
    settings.put(Setting.VIDEOS_DIR, tempDir().toString());
    settings.put(Setting.VIDEOS_DEMO, "false");
    settings.put(Setting.SIGNUPS_PER_HOUR, "100000"); // every test user signs up from 127.0.0.1
    settings.putAll(overrides);
    return start(Config.of(settings));
  }

  public static TestApp start(Config config) {
    return new TestApp(Streamroom.start(config), config);
  }

  public int tcpPort() {
    return config.port(Setting.TCP_PORT);
  }

  public int ircPort() {
    return config.port(Setting.IRC_PORT);
  }

  public int httpPort() {
    return config.port(Setting.HTTP_PORT);
  }

  public Streamroom app() {
    return app;
  }

  /** Runs SQL against the app's database (to check what it stored) and waits for the rows, at most 10 s. */
  public RowSet<Row> query(String sql, Object... params) {
    try {
      return app.pool().preparedQuery(sql).execute(Tuple.from(params)).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("query failed: " + sql, e);
    }
  }

  /** A telnet user who has picked {@code nick} and landed in #lobby. */
  public TelnetClient user(String nick) {
    TelnetClient client = TelnetClient.connect(tcpPort());
    client.expect("Choose a nickname");
    client.send(nick);
    client.expect("You joined #lobby");
    return client;
  }

  public TelnetClient connect() {
    return TelnetClient.connect(tcpPort());
  }

  @Override
  public void close() {
    app.stop();
  }

  /**
   * A port nothing listens on, from this test JVM's own range below the kernel's ephemeral ports (32768 and
   * up): Surefire runs two test JVMs at once, and a port the kernel picked for one JVM could be picked for the
   * other before the first one listens on it. Ports go round within the range, skipping those in use.
   */
  public static int freePort() {
    for (int tries = 0; tries < PORTS_PER_JVM; tries++) {
      int port = FIRST_PORT + Math.floorMod(nextPort.getAndIncrement(), PORTS_PER_JVM);
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
        return port;
      } catch (IOException inUse) {
        // taken (another program, or a server of this JVM still on it): the next one
      }
    }
    throw new IllegalStateException("no free port in " + FIRST_PORT + "-" + (FIRST_PORT + PORTS_PER_JVM - 1));
  }

  /** Ports each test JVM hands out; three ranges (failsafe's JVM and two Surefire forks) fit below 32768. */
  private static final int PORTS_PER_JVM = 4000;
  /** Surefire's fork number (1, 2), or 0 for a JVM that is not a numbered fork. */
  private static final int FIRST_PORT = 20_000 + Integer.getInteger("streamroom.test.fork", 0) * PORTS_PER_JVM;
  private static final AtomicInteger nextPort = new AtomicInteger();

  /**
   * A fresh folder (data dirs, libraries, media) inside this test JVM's own root, which goes when the JVM ends:
   * a suite makes hundreds of embedded databases, and tests that restart on the same data dir still find it.
   */
  public static Path tempDir() {
    try {
      return Files.createTempDirectory(TempRoot.PATH, "streamroom-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Made on first use; deleted at exit, as far as it can be (a file still open stays, with its folder). */
  private static final class TempRoot {
    static final Path PATH = create();

    private static Path create() {
      try {
        Path root = Files.createTempDirectory("streamroom-tests");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root), "delete " + root));
        return root;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void delete(Path root) {
      try (var paths = Files.walk(root)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // a folder left behind in the system's temp dir; nothing else depends on it
      }
    }
  }
}
