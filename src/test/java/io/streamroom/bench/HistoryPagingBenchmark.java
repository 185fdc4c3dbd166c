package io.streamroom.bench;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.TestApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;

/**
 * How fast GET /api/channels/{name}/messages pages through a channel with a million messages, interleaved
 * with a million messages of another channel (so neither the table order nor the primary key alone helps).
 * Run: mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.streamroom.bench.HistoryPagingBenchmark
 * Prints the latency of the newest page, a page from the middle and the oldest page (limit 50), each
 * measured over 300 sequential requests on loopback after 50 warm-up requests.
 */
public final class HistoryPagingBenchmark {
  private static final int MESSAGES = 1_000_000;
  private static final int WARMUP = 50;
  private static final int REQUESTS = 300;

  public static void main(String[] args) throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String url = "postgresql://postgres@localhost:" + pg.getPort() + "/postgres";
      try (TestApp app = TestApp.start(Map.of(Setting.DB_URL, url))) {
        ApiClient api = new ApiClient(app.httpPort());
        String token = api.register("bencher", "bencher-password");
        api.post("/api/channels", new io.vertx.core.json.JsonObject().put("name", "big"), token);
        api.post("/api/channels", new io.vertx.core.json.JsonObject().put("name", "noise"), token);
        long[] ids = fill(pg.getPort());
        System.out.printf("channel #big: %,d messages among %,d (ids %d..%d)%n", MESSAGES, 2 * MESSAGES, ids[0], ids[1]);
        measure(api, token, "newest page", "/api/channels/big/messages?limit=50");
        measure(api, token, "middle page", "/api/channels/big/messages?limit=50&before=" + (ids[0] + MESSAGES));
        measure(api, token, "oldest page", "/api/channels/big/messages?limit=50&before=" + (ids[0] + 101));
        try (Connection c = jdbc(pg.getPort()); Statement st = c.createStatement();
             ResultSet plan = st.executeQuery("EXPLAIN ANALYZE SELECT id, sender, body, created FROM messages "
                 + "WHERE channel_id = (SELECT id FROM channels WHERE name = '#big') AND id < " + (ids[0] + MESSAGES)
                 + " ORDER BY id DESC LIMIT 50")) {
          System.out.println("query plan (middle page):");
          while (plan.next()) System.out.println("  " + plan.getString(1));
        }
      }
    }
  }

  /** Inserts the messages straight into the table (fast), then updates the planner's statistics. */
  private static long[] fill(int port) throws Exception {
    try (Connection c = jdbc(port); Statement st = c.createStatement()) {
      long start = System.nanoTime();
      st.execute("INSERT INTO messages (channel_id, sender, body) SELECT (SELECT id FROM channels WHERE name = "
          + "CASE WHEN i % 2 = 0 THEN '#big' ELSE '#noise' END), 'user' || (i % 500), 'message number ' || i "
          + "FROM generate_series(1, " + 2 * MESSAGES + ") i");
      st.execute("ANALYZE messages");
      System.out.printf("inserted in %.1f s%n", (System.nanoTime() - start) / 1e9);
      try (ResultSet r = st.executeQuery("SELECT min(id), max(id) FROM messages")) {
        r.next();
        return new long[] {r.getLong(1), r.getLong(2)};
      }
    }
  }

  private static Connection jdbc(int port) throws Exception {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
  }

  private static void measure(ApiClient api, String token, String label, String path) {
    for (int i = 0; i < WARMUP; i++) check(api.get(path, token));
    long[] micros = new long[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      long start = System.nanoTime();
      check(api.get(path, token));
      micros[i] = (System.nanoTime() - start) / 1000;
    }
    Arrays.sort(micros);
    System.out.printf("%-12s p50 %5.2f ms   p99 %5.2f ms   max %5.2f ms%n", label,
        micros[REQUESTS / 2] / 1000.0, micros[REQUESTS * 99 / 100] / 1000.0, micros[REQUESTS - 1] / 1000.0);
  }

  private static void check(ApiClient.Response response) {
    if (response.status() != 200 || response.json().getJsonArray("messages").size() != 50) {
      throw new IllegalStateException("unexpected answer " + response.status() + " " + response.body());
    }
  }
}
