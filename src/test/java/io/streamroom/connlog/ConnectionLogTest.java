package io.streamroom.connlog;

import io.streamroom.config.Setting;
import io.streamroom.live.IngestClient;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.streamroom.connlog.ConnectionEvent.CONNECTION_CLOSED;
import static io.streamroom.connlog.ConnectionEvent.CONNECTION_ESTABLISHED;
import static io.streamroom.connlog.ConnectionEvent.KICK;
import static io.streamroom.connlog.ConnectionEvent.LOGIN;
import static io.streamroom.connlog.ConnectionEvent.MESSAGE_SENT;
import static io.streamroom.connlog.ConnectionEvent.NOTIFICATION_SENT;
import static io.streamroom.connlog.ConnectionEvent.STREAM_START;
import static io.streamroom.connlog.ConnectionEvent.STREAM_STOP;
import static io.streamroom.connlog.LogFiles.awaitRecord;
import static io.streamroom.connlog.LogFiles.details;
import static io.streamroom.connlog.LogFiles.find;
import static io.streamroom.connlog.LogFiles.source;
import static io.streamroom.connlog.LogFiles.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What telnet users, browsers, admins and streamers leave in {@code <data dir>/connection_log.txt}. */
class ConnectionLogTest {
  private static TestApp app;
  private static ApiClient api;
  private static Path dataDir;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.ADMINS, "logboss"));
    api = new ApiClient(app.httpPort());
    dataDir = app.config.path(Setting.DATA_DIR);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** The records that came from one connection, in order. */
  private static List<String> from(List<String> records, String source) {
    return records.stream().filter(r -> source(r).equals(source)).toList();
  }

  private static void assertOneLineEach(List<String> records) {
    for (String record : records) assertTrue(LogFiles.FORMAT.matcher(record).matches(), "not in the log's form: " + record);
  }

  @Test
  void aTelnetSessionIsRecordedFromConnectionToQuitWithoutWhatWasSaid() {
    try (TelnetClient tina = app.user("logtina"); TelnetClient tom = app.user("logtom")) {
      tina.send("a secret telnet line");
      tina.expect("logtina: a secret telnet line");
      tina.send("/msg logtom a secret private line");
      tom.expect("a secret private line");
      tina.send("/quit");
      tina.expect("Bye.");
      tina.expectClosed();
    }
    List<String> records = awaitRecord(dataDir, r -> r.endsWith("Details: logtina, quit"), "of logtina quitting");

    String said = find(records, MESSAGE_SENT, "logtina in #lobby, message ").get(0);
    String tina = source(said);
    assertTrue(tina.matches("127\\.0\\.0\\.1:\\d+ telnet"), tina);
    List<String> hers = from(records, tina);
    assertEquals(List.of("CONNECTION_ESTABLISHED", "MESSAGE_SENT", "MESSAGE_SENT", "CONNECTION_CLOSED"),
        hers.stream().map(LogFiles::type).toList(), hers.toString());
    assertEquals("nickname prompt", details(hers.get(0)));
    assertTrue(details(hers.get(2)).matches("logtina to logtom \\(private\\), message \\d+"), hers.get(2));
    assertEquals("logtina, quit", details(hers.get(3)));
    assertOneLineEach(records);
    assertTrue(records.stream().noneMatch(r -> r.contains("secret")), "message text must never be written");
  }

  @Test
  void aWebSignInAndABridgeSocketAreRecordedWithoutWhatWasSaid() {
    api.register("logweb", "logweb-pass");
    ApiClient.Response login = api.post("/api/login", new JsonObject().put("username", "logweb").put("password", "logweb-pass"), null);
    assertEquals(200, login.status(), login.body());
    try (BridgeClient web = BridgeClient.signedIn(app.httpPort(), login.json().getString("token"))) {
      web.join("#lobby");
      assertTrue(web.say("#lobby", "a secret web line").containsKey("id"));
    }
    List<String> records = awaitRecord(dataDir, r -> type(r).equals("CONNECTION_CLOSED") && details(r).startsWith("logweb (user)"),
        "of logweb's socket closing");

    assertTrue(source(find(records, LOGIN, "logweb as user (web sign-up, new account)").get(0)).matches("127\\.0\\.0\\.1:\\d+ web"));
    assertEquals(1, find(records, LOGIN, "logweb as user (web sign-in)").size(), records.toString());
    String opened = find(records, CONNECTION_ESTABLISHED, "logweb (user)").get(0);
    String socket = source(opened);
    assertTrue(socket.matches("127\\.0\\.0\\.1:\\d+ web"), socket);
    List<String> fromSocket = from(records, socket);
    assertEquals(List.of("CONNECTION_ESTABLISHED", "LOGIN", "MESSAGE_SENT", "CONNECTION_CLOSED"),
        fromSocket.stream().map(LogFiles::type).toList(), fromSocket.toString());
    assertEquals("logweb as user (token)", details(fromSocket.get(1)));
    assertTrue(details(fromSocket.get(2)).matches("logweb in #lobby, message \\d+"), fromSocket.get(2));
    assertTrue(details(fromSocket.get(3)).startsWith("logweb (user), "), fromSocket.get(3));
    assertOneLineEach(records);
    assertTrue(records.stream().noneMatch(r -> r.contains("secret") || r.contains("logweb-pass")), "no text, no password");
  }

  @Test
  void aKickIsRecordedWithWhoKickedWhomAndWhy() {
    try (TelnetClient boss = app.user("logboss"); TelnetClient victim = app.user("logvictim")) {
      boss.send("/register logboss-pass");
      boss.expect("is now your account");
      boss.send("/kick logvictim flooding the lobby");
      boss.expect("Kicked logvictim.");
      victim.expectClosed();
    }
    List<String> records = awaitRecord(dataDir, r -> r.endsWith("Details: logvictim, kicked by logboss"), "of logvictim's connection");
    String kick = find(records, KICK, "logboss kicked logvictim: flooding the lobby").get(0);
    String boss = source(kick);
    assertTrue(boss.matches("127\\.0\\.0\\.1:\\d+ telnet"), kick);
    assertEquals(1, find(from(records, boss), LOGIN, "logboss as admin (/register, new account)").size(), records.toString());
  }

  @Test
  void aStreamStartingAndStoppingIsRecordedWithTheNoticesItsChannelGot() {
    String token = api.register("logcaster", "logcaster-pass");
    try (BridgeClient page = BridgeClient.signedIn(app.httpPort(), token)) {
      page.join("#logstudio");
      try (IngestClient camera = new IngestClient(app.httpPort(), "logstudio", token)) {
        camera.sendFrame();
        awaitRecord(dataDir, r -> type(r).equals("STREAM_START") && details(r).equals("#logstudio"), "of the stream starting");
      }
      List<String> records = awaitRecord(dataDir, r -> type(r).equals("STREAM_STOP") && details(r).equals("#logstudio"),
          "of the stream stopping");
      assertEquals("logcaster's webcam", source(find(records, STREAM_START, "#logstudio").get(0)));
      assertEquals("logcaster's webcam", source(find(records, STREAM_STOP, "#logstudio").get(0)));
      assertEquals(1, find(records, NOTIFICATION_SENT, "to #logstudio: live now (logcaster's webcam)").size(), records.toString());
      assertEquals(1, find(records, NOTIFICATION_SENT, "to #logstudio: the live stream stopped (logcaster's webcam)").size());
      assertFalse(find(records, CONNECTION_CLOSED, "logcaster").size() > 0, "the page is still open");
    }
  }
}
