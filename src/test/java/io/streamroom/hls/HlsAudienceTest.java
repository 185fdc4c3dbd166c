package io.streamroom.hls;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who counts as an HLS viewer: a named player, whatever connection it reloads on; else a connection. */
class HlsAudienceTest {
  private static HlsTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new HlsTestServer();
    server.on(hub -> hub.started("#audience"));
    server.publishInit("#audience", Buffer.buffer("init"));
    server.publishFragment("#audience", new Fmp4Fragment(Buffer.buffer(new byte[100]), 0, 1000, 0.2, true), System.currentTimeMillis());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void aNamedPlayerIsOneViewerOnAnyConnectionAndOtherPlayersAreTheirConnections() throws Exception {
    for (int i = 0; i < 3; i++) playlist(HttpClient.newHttpClient(), "?player=page-one-0123"); // three connections, one page
    playlist(HttpClient.newHttpClient(), "?player=page-two-4567");
    HttpClient vlc = HttpClient.newHttpClient();
    playlist(vlc, "");
    playlist(vlc, "?player=x"); // not a name we gave: the connection counts
    playlist(HttpClient.newHttpClient(), "?player=" + "z".repeat(65));
    assertEquals(2 + 1 + 1, server.ask(hub -> hub.describe("#audience")).getInteger("hlsViewers"));
  }

  private static void playlist(HttpClient client, String query) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.url("/hls/audience/index.m3u8" + query))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }
}
