package io.streamroom.tls;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * The server's certificate and key ({@link Setting#TLS_CERT}, {@link Setting#TLS_KEY}), read once at start-up
 * so that no event loop reads a file, and checked there, so a wrong path or file is one clear line. With
 * them the HTTP port speaks only HTTPS (and WSS) and the chat gets a TLS port; without them nothing changes.
 */
public final class Tls {
  private static final Tls OFF = new Tls(null);

  /** Null when TLS is off. */
  private final PemKeyCertOptions keyCert;

  private Tls(PemKeyCertOptions keyCert) {
    this.keyCert = keyCert;
  }

  /** Whether a certificate is configured; the settings that depend on TLS ask here. */
  public static boolean configured(Config config) {
    return !config.string(Setting.TLS_CERT).isEmpty() || !config.string(Setting.TLS_KEY).isEmpty();
  }

  /** Reads and checks both files. Blocking: call it before Vert.x starts, or on a worker. */
  public static Tls load(Config config) {
    if (!configured(config)) return OFF;
    if (config.string(Setting.TLS_CERT).isEmpty()) throw ConfigException.of(Setting.TLS_CERT, "is needed with " + Setting.TLS_KEY.envName());
    if (config.string(Setting.TLS_KEY).isEmpty()) throw ConfigException.of(Setting.TLS_KEY, "is needed with " + Setting.TLS_CERT.envName());
    byte[] cert = read(config, Setting.TLS_CERT);
    byte[] key = read(config, Setting.TLS_KEY);
    checkCertificate(cert);
    checkKey(new String(key, StandardCharsets.US_ASCII));
    return new Tls(new PemKeyCertOptions().setCertValue(Buffer.buffer(cert)).setKeyValue(Buffer.buffer(key)));
  }

  public boolean enabled() {
    return keyCert != null;
  }

  /** HTTPS on the options' port when enabled. */
  public HttpServerOptions secure(HttpServerOptions options) {
    return enabled() ? options.setSsl(true).setKeyCertOptions(keyCert) : options;
  }

  /** TLS on a chat port; call only when enabled. */
  public NetServerOptions secure(NetServerOptions options) {
    return options.setSsl(true).setKeyCertOptions(keyCert);
  }

  private static byte[] read(Config config, Setting setting) {
    Path file = config.path(setting);
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw ConfigException.of(setting, "cannot read " + file.toAbsolutePath() + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : ": " + e.getMessage()) + ")");
    }
  }

  private static void checkCertificate(byte[] pem) {
    try {
      if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).isEmpty()) {
        throw new CertificateException("no certificate in it");
      }
    } catch (CertificateException e) {
      throw ConfigException.of(Setting.TLS_CERT, "not a PEM certificate (" + e.getMessage() + ")");
    }
  }

  private static void checkKey(String pem) {
    if (pem.contains("ENCRYPTED PRIVATE KEY")) {
      throw ConfigException.of(Setting.TLS_KEY, "is encrypted; give the key without a passphrase (openssl pkey -in key.pem -out plain.pem)");
    }
    if (!pem.contains("PRIVATE KEY-----")) throw ConfigException.of(Setting.TLS_KEY, "not a PEM private key (no BEGIN ... PRIVATE KEY)");
  }
}
