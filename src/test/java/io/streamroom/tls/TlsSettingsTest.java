package io.streamroom.tls;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestCertificate;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator sees for each mistake with the certificate settings: one line naming the setting, before anything starts. */
class TlsSettingsTest {

  private static String problem(Map<Setting, String> settings) {
    return assertThrows(ConfigException.class, () -> Tls.load(Config.of(settings))).getMessage();
  }

  @Test
  void withoutCertificateAndKeyTlsIsOff() {
    assertFalse(Tls.load(Config.of(Map.of())).enabled());
  }

  @Test
  void aThrowawayCertificateTurnsItOn() {
    TestCertificate made = TestCertificate.make();
    assertTrue(Tls.load(Config.of(Map.of(Setting.TLS_CERT, made.cert().toString(), Setting.TLS_KEY, made.key().toString()))).enabled());
  }

  @Test
  void oneWithoutTheOtherIsRefused() {
    assertEquals("STREAMROOM_TLS_KEY (tls.key): is needed with STREAMROOM_TLS_CERT", problem(Map.of(Setting.TLS_CERT, "cert.pem")));
    assertEquals("STREAMROOM_TLS_CERT (tls.cert): is needed with STREAMROOM_TLS_KEY", problem(Map.of(Setting.TLS_KEY, "key.pem")));
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = TestApp.tempDir().resolve("missing.pem");
    assertEquals("STREAMROOM_TLS_CERT (tls.cert): cannot read " + missing + " (NoSuchFileException)",
        problem(Map.of(Setting.TLS_CERT, missing.toString(), Setting.TLS_KEY, missing.toString())));
  }

  @Test
  void filesThatAreNotPemAreRefused() throws Exception {
    TestCertificate made = TestCertificate.make();
    Path junk = Files.writeString(TestApp.tempDir().resolve("junk.pem"), "not a certificate\n");
    assertTrue(problem(Map.of(Setting.TLS_CERT, junk.toString(), Setting.TLS_KEY, made.key().toString()))
        .startsWith("STREAMROOM_TLS_CERT (tls.cert): not a PEM certificate"));
    // The certificate given as the key: a common slip.
    assertEquals("STREAMROOM_TLS_KEY (tls.key): not a PEM private key (no BEGIN ... PRIVATE KEY)",
        problem(Map.of(Setting.TLS_CERT, made.cert().toString(), Setting.TLS_KEY, made.cert().toString())));
  }
}
