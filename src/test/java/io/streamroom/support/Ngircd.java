package io.streamroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's ngIRCd (26.1), an established IRC server to prove the client drivers against: in the
 * foreground, with a generated configuration, on a free loopback port. The first user in a channel is
 * its operator.
 */
public final class Ngircd implements AutoCloseable {
  public static final String PROGRAM = "/usr/sbin/ngircd";
  /** ngIRCd reads its configuration and binds in well under a second; a loaded machine gets some slack. */
  private static final Duration START_WAIT = Duration.ofSeconds(15);

  private final ChildProcess process;
  private final int port;
  private final Path dir;

  private Ngircd(ChildProcess process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static Ngircd start() {
    return start("");
  }

  /**
   * For a load generator: any number of connections from loopback, no flood penalties (its senders would be
   * throttled to a message per second or two) and no limit on channels per user.
   */
  public static Ngircd startForLoad() {
    return start("""
        [Limits]
            MaxConnectionsIP = 0
            MaxPenaltyTime = 0
            MaxJoins = 0
        """);
  }

  private static Ngircd start(String limits) {
    int port = TestApp.freePort();
    Path dir = TestApp.tempDir();
    Path config = dir.resolve("ngircd.conf");
    try {
      // No DNS or ident look-ups: on loopback they only delay registration. PAM would ask the system for passwords.
      Files.writeString(config, """
          [Global]
              Name = irc.test
              Info = ngIRCd for the client drivers' tests
              Listen = 127.0.0.1
              Ports = %d
              MotdPhrase = ngIRCd under test
              PidFile = %s
          [Options]
              DNS = no
              Ident = no
              PAM = no
          """.formatted(port, dir.resolve("ngircd.pid")) + limits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Ngircd server = new Ngircd(ChildProcess.run(PROGRAM, "--nodaemon", "--config", config.toString()), port, dir);
    Poll.until("ngIRCd listening on " + port, START_WAIT, server::acceptsConnections);
    return server;
  }

  private Boolean acceptsConnections() {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException notYet) {
      return null;
    }
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.close();
    dir.resolve("ngircd.conf").toFile().delete();
    dir.toFile().delete();
  }
}
