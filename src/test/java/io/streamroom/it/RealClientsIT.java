package io.streamroom.it;

import io.streamroom.support.ChildProcess;
import io.streamroom.support.Programs;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * The chat with the clients people actually use: Debian's telnet (CRLF, and it may negotiate) and
 * OpenBSD nc (bare LF). .ci/run installs both; elsewhere the test is skipped when they are missing.
 */
class RealClientsIT {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void ncUserChatsWithOthers() {
    Programs.require("/usr/bin/nc");
    try (TelnetClient peer = app.user("peer1");
         ChildProcess nc = ChildProcess.run("/usr/bin/nc", "127.0.0.1", String.valueOf(app.tcpPort()))) {
      nc.awaitOutput("Choose a nickname", Duration.ofSeconds(10));
      nc.type("ncuser\n");
      nc.awaitOutput("You joined #lobby", Duration.ofSeconds(10));
      nc.type("hello from nc\n");
      peer.expect("ncuser: hello from nc");
      peer.send("hello back");
      nc.awaitOutput("peer1: hello back", Duration.ofSeconds(10));
      nc.type("/msg peer1 psst\n");
      peer.expect("[private] ncuser: psst");
    }
  }

  @Test
  void telnetUserChatsWithOthers() {
    Programs.require("/usr/bin/telnet");
    try (TelnetClient peer = app.user("peer2");
         ChildProcess telnet = ChildProcess.run("/usr/bin/telnet", "127.0.0.1", String.valueOf(app.tcpPort()))) {
      telnet.awaitOutput("Choose a nickname", Duration.ofSeconds(10));
      telnet.type("telnetuser\n");
      telnet.awaitOutput("You joined #lobby", Duration.ofSeconds(10));
      telnet.type("hello from telnet\n");
      peer.expect("telnetuser: hello from telnet");
      peer.send("welcome");
      telnet.awaitOutput("peer2: welcome", Duration.ofSeconds(10));
      telnet.type("/quit\n");
      telnet.awaitOutput("Bye.", Duration.ofSeconds(10));
      peer.expect("* telnetuser quit");
    }
  }
}
