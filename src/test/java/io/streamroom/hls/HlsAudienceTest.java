package io.streamroom.hls;

import io.streamroom.hls.HlsHubTest.HlsVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who counts as an HLS viewer: a named player, whatever connection it reloads on; else a connection. */
class HlsAudienceTest {
  private static Vertx vertx;
  private static HlsVerticle server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = new HlsVerticle();
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.on(hub -> hub.started("#audience"));
    HlsMessages.publishInit(vertx.eventBus(), "#audience", Buffer.buffer("init"));
    HlsMessages.publishFragment(vertx.eventBus(), "#audience",
        new Fmp4Fragment(Buffer.buffer(new byte[100]), 0, 1000, 0.2, true), System.currentTimeMillis());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port + "/hls/audience/index.m3u8" + query)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }
}
