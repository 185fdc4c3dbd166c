package io.streamroom.tcp;

import io.streamroom.config.Setting;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The chat port probes silent peers with TCP keepalive on our timing, as the kernel itself reports it (ss). */
class TcpKeepAliveTest {
  private static final int KEEPALIVE_SECONDS = 2;
  private static final Path SS = Path.of("/usr/bin/ss");
  /** ss -o prints a socket's timer as timer:(keepalive,1.9sec,0), (keepalive,950ms,0) or (keepalive,119min,0). */
  private static final Pattern KEEPALIVE_TIMER = Pattern.compile("timer:\\(keepalive,([0-9.]+)(ms|sec|min),\\d+\\)");
  private static TestApp app;

  @BeforeAll
  static void start() {
    boolean present = Files.isExecutable(SS);
    if (!present && "true".equals(System.getenv("CI"))) throw new AssertionError(SS + " is missing: .ci/run installs iproute2");
    assumeTrue(present, SS + " is not installed (apt-get install iproute2)");
    app = TestApp.start(Map.of(Setting.TCP_KEEPALIVE_SECONDS, String.valueOf(KEEPALIVE_SECONDS)));
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
  }

  @Test
  void theServerSideOfAChatConnectionProbesAfterTheConfiguredSilence() throws Exception {
    try (TelnetClient quiet = app.user("quietkeep")) {
      // While output is unacknowledged ss shows the retransmit timer instead: look again until it is quiet.
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      List<String> sockets;
      Matcher timer;
      do {
        sockets = serverSockets();
        assertEquals(1, sockets.size(), "one accepted chat socket: " + sockets);
        timer = KEEPALIVE_TIMER.matcher(sockets.get(0));
      } while (!timer.find() && System.nanoTime() < deadline && pause());
      assertTrue(timer.find(0), "keepalive timer on the server's socket: " + sockets.get(0));
      assertTrue(seconds(timer) <= KEEPALIVE_SECONDS, "first probe within the configured idle time: " + sockets.get(0));
    }
  }

  @Test
  void aQuietButLiveUserOutlastsSeveralKeepAlivePeriods() throws Exception {
    try (TelnetClient quiet = app.user("stillhere"); TelnetClient other = app.user("otherone")) {
      quiet.expectNo("Bye", Duration.ofSeconds(4L * KEEPALIVE_SECONDS)); // silent through several probes
      other.send("are you there?");
      quiet.expect("otherone: are you there?");
      quiet.send("yes");
      other.expect("stillhere: yes");
    }
  }

  /** The server's end of each established chat connection, as ss prints it. */
  private static List<String> serverSockets() throws IOException, InterruptedException {
    Process ss = new ProcessBuilder(SS.toString(), "-tnoH", "state", "established", "( sport = :" + app.tcpPort() + " )")
        .redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, ss.waitFor(), out);
    return out.lines().filter(line -> !line.isBlank()).toList();
  }

  private static boolean pause() throws InterruptedException {
    Thread.sleep(100);
    return true;
  }

  private static double seconds(Matcher timer) {
    double value = Double.parseDouble(timer.group(1));
    return switch (timer.group(2)) {
      case "ms" -> value / 1000;
      case "min" -> value * 60;
      default -> value;
    };
  }
}
