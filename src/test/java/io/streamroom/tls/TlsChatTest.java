package io.streamroom.tls;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.OpensslClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server with a certificate: chat over TLS from openssl s_client (IRC and telnet), the web over HTTPS only. */
class TlsChatTest {
  private static TestCertificate certificate;
  private static TestApp app;
  private static int tlsChatPort;

  @BeforeAll
  static void start() {
    certificate = TestCertificate.make();
    tlsChatPort = TestApp.freePort();
    app = TestApp.start(Map.of(Setting.TLS_CERT, certificate.cert().toString(), Setting.TLS_KEY, certificate.key().toString(),
        Setting.TLS_CHAT_PORT, String.valueOf(tlsChatPort)));
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
  }

  @Test
  void anIrcClientOverTlsChatsWithAPlainTelnetUser() {
    try (OpensslClient irc = OpensslClient.connect(tlsChatPort, certificate.cert()); TelnetClient plain = app.user("plainpam")) {
      irc.send("NICK secsam").send("USER secsam 0 * :Sam over TLS");
      irc.expect(" 001 secsam ");
      irc.send("JOIN #lobby");
      irc.expect(" 366 secsam #lobby ");
      plain.expect("secsam joined");
      irc.send("PRIVMSG #lobby :hello from inside TLS");
      plain.expect("hello from inside TLS");
      plain.send("hello back in plain text");
      assertTrue(irc.expect("hello back in plain text").contains("PRIVMSG #lobby"));
    }
  }

  @Test
  void aTelnetUserOverTlsIsToldApartFromIrcAsOnThePlainPort() {
    try (OpensslClient telnet = OpensslClient.connect(tlsChatPort, certificate.cert()); TelnetClient plain = app.user("plainpat")) {
      telnet.expect("Choose a nickname");
      telnet.send("sectom");
      telnet.expect("You joined #lobby");
      telnet.send("typed over TLS");
      plain.expect("typed over TLS");
    }
  }

  @Test
  void theWebIsHttpsOnlyWithTheConfiguredCertificate() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(certificate.cert().toString())));
      JsonObject health = client.request(HttpMethod.GET, app.httpPort(), "127.0.0.1", "/health")
          .compose(request -> request.send().compose(response -> response.body()))
          .map(body -> body.toJsonObject())
          .await(10, TimeUnit.SECONDS);
      assertEquals("UP", health.getString("status"));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    // Plain HTTP on the same port gets no page: the port speaks TLS only.
    assertThrows(UncheckedIOException.class, () -> new ApiClient(app.httpPort()).get("/health", null));
  }

  @Test
  void withoutACertificateThereIsNoTlsPortAndTheWebStaysPlain() throws IOException {
    int unused = TestApp.freePort();
    try (TestApp plain = TestApp.start(Map.of(Setting.TLS_CHAT_PORT, String.valueOf(unused)))) {
      assertEquals(200, new ApiClient(plain.httpPort()).get("/health", null).status());
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", unused).close());
    }
  }
}
