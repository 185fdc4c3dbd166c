package io.streamroom.support;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A throwaway self-signed certificate for localhost and 127.0.0.1, made by Debian's openssl as an operator
 * would make one, valid for a day.
 */
public record TestCertificate(Path cert, Path key) {
  public static final String OPENSSL = "/usr/bin/openssl";

  public static TestCertificate make() {
    Programs.require(OPENSSL);
    Path dir = TestApp.tempDir();
    TestCertificate made = new TestCertificate(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    try (ChildProcess openssl = ChildProcess.run(OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1",
        "-keyout", made.key.toString(), "-out", made.cert.toString())) {
      assertEquals(0, openssl.awaitExit(Duration.ofSeconds(30)), String.join("\n", openssl.err()));
    }
    return made;
  }
}
