package io.streamroom.it;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.DatabaseProcesses;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * "Nothing acknowledged is ever lost": users send as fast as their lines are echoed (the echo comes only
 * after the commit), while the embedded database is killed three times and then the server itself.
 * After a restart on the same data dir, every echoed line is in the database exactly once.
 */
class DurabilityIT {
  private static final Duration START = Duration.ofSeconds(60);
  /** Enough parallel senders to keep batches of several rows in flight when the database dies. */
  private static final int SENDERS = 10;
  /** Database kills while the server runs; the supervisor must bring it back each time. */
  private static final int DATABASE_KILLS = 3;

  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean sending = new AtomicBoolean(true);

  @Test
  void everyAcknowledgedLineSurvivesDatabaseKillsAndAServerKill() throws Exception {
    Path data = TestApp.tempDir();
    Path pgDir = data.resolve("postgres");
    Map<String, String> env = env(data);
    int tcp = Integer.parseInt(env.get("STREAMROOM_TCP_PORT"));
    int http = Integer.parseInt(env.get("STREAMROOM_HTTP_PORT"));
    List<Thread> senders = new ArrayList<>();
    try (ChildProcess server = ChildProcess.jar(env)) {
      server.awaitOutput("Started in", START);
      for (int i = 0; i < SENDERS; i++) {
        Thread sender = new Thread(sender(tcp, "u" + i, "#d" + i), "sender-" + i);
        sender.setDaemon(true);
        sender.start();
        senders.add(sender);
      }
      awaitAcks(50, Duration.ofSeconds(15));
      for (int kill = 0; kill < DATABASE_KILLS; kill++) {
        awaitHealthy(http, Duration.ofSeconds(20));
        int before = acknowledged.size();
        awaitAcks(before + 20, Duration.ofSeconds(10)); // killed under load, not while idle
        DatabaseProcesses.kill(pgDir);
        Thread.sleep(500);
      }
      awaitHealthy(http, Duration.ofSeconds(20));
      awaitAcks(acknowledged.size() + 50, Duration.ofSeconds(15)); // sending resumed after the last restart
      server.kill(); // kill -9 of the JVM, mid-stream
      server.awaitExit(Duration.ofSeconds(10));
    }
    sending.set(false);
    for (Thread sender : senders) sender.join(5000);
    Set<String> acked = Set.copyOf(acknowledged);
    System.out.println("DurabilityIT: " + acked.size() + " lines acknowledged before the server was killed");

    Map<String, String> again = env(data);
    try (ChildProcess server = ChildProcess.jar(again)) {
      server.awaitOutput("Started in", START);
      Map<String, Integer> stored = storedBodies(DatabaseProcesses.port(pgDir));
      List<String> lost = acked.stream().filter(text -> !stored.containsKey(text)).sorted().toList();
      List<String> doubled = stored.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).sorted().toList();
      assertTrue(lost.isEmpty(), lost.size() + " of " + acked.size() + " acknowledged lines are missing: "
          + lost.subList(0, Math.min(20, lost.size())));
      assertEquals(List.of(), doubled, "lines stored more than once");
      assertTrue(acked.size() > 200, "too little traffic to prove anything: " + acked.size());
      server.terminate();
      assertEquals(143, server.awaitExit(Duration.ofSeconds(30)));
    }
  }

  private static Map<String, String> env(Path data) {
    Map<String, String> env = CrashRestartIT.env(data);
    env.put("STREAMROOM_RATE_MESSAGES", "1000000");
    return env;
  }

  /** One user in a channel of their own, one line in flight: send, wait for its echo or a refusal, repeat. */
  private Runnable sender(int port, String nick, String channel) {
    return () -> {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(60_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        awaitLine(in, "Choose a nickname");
        write(out, nick);
        awaitLine(in, "You joined #lobby");
        write(out, "/join " + channel);
        awaitLine(in, "You joined " + channel);
        for (int n = 0; sending.get(); n++) {
          String text = nick + "-" + n;
          write(out, text);
          String echo = nick + ": " + text;
          String line;
          do {
            line = in.readLine();
            if (line == null) return; // the server was killed
          } while (!line.equals(echo) && !line.startsWith("! "));
          if (line.equals(echo)) acknowledged.add(text);
        }
      } catch (IOException e) {
        // connection reset by the killed server: stop collecting
      }
    };
  }

  private static void awaitLine(BufferedReader in, String text) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) throw new IOException("closed before '" + text + "'");
    } while (!line.contains(text));
  }

  private static void write(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void awaitAcks(int count, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (acknowledged.size() < count) {
      if (System.nanoTime() > deadline) fail("only " + acknowledged.size() + " of " + count + " lines acknowledged within " + within);
      Thread.sleep(20);
    }
  }

  private static void awaitHealthy(int http, Duration within) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/health")).timeout(Duration.ofSeconds(5)).build();
      if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      Thread.sleep(100);
    }
    fail("/health did not come back to 200 within " + within);
  }

  /** Every message body the senders could have written, with how many rows hold it. */
  private static Map<String, Integer> storedBodies(int port) throws Exception {
    Map<String, Integer> bodies = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT body, count(*) FROM messages WHERE body ~ '^u[0-9]+-[0-9]+$' GROUP BY body")) {
      while (rs.next()) bodies.put(rs.getString(1), rs.getInt(2));
    }
    return bodies;
  }
}
