package io.streamroom.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code openssl s_client} as a person would use it on a TLS chat port: it checks the server's certificate
 * against the given one (and the address against it), then what is typed goes to the server (CRLF line
 * ends) and what the server says comes out, line by line.
 */
public final class OpensslClient implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final ChildProcess process;
  /** Output lines already matched by {@link #expect}: each line is matched once. */
  private int consumed;

  private OpensslClient(ChildProcess process) {
    this.process = process;
  }

  public static OpensslClient connect(int port, Path trustedCert) {
    Programs.require(TestCertificate.OPENSSL);
    return new OpensslClient(ChildProcess.run(TestCertificate.OPENSSL, "s_client", "-connect", "127.0.0.1:" + port, "-quiet",
        "-nocommands", "-crlf", "-CAfile", trustedCert.toString(), "-verify_ip", "127.0.0.1", "-verify_return_error"));
  }

  public OpensslClient send(String line) {
    process.type(line + "\n");
    return this;
  }

  /** The first line not matched before that contains {@code text}. */
  public String expect(String text) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = process.out();
      for (int i = consumed; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) {
          consumed = i + 1;
          return lines.get(i);
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    fail("openssl s_client did not show '" + text + "'; stdout: " + process.out() + " stderr: " + process.err());
    return null;
  }

  @Override
  public void close() {
    process.kill(); // a client hanging up; the server sees the connection close
  }
}
