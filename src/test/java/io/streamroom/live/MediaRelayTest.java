package io.streamroom.live;

import io.streamroom.live.WebmSamples.Split;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A browser's recording with sound, relayed through the server to viewers who play it with Media Source Extensions. */
class MediaRelayTest {
  private static final String VP8_OPUS = "video/webm; codecs=\"vp8,opus\"";
  private static final byte[] CLUSTER_HEADER = {0x1F, 0x43, (byte) 0xB6, 0x75, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
      (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xE7};
  private static TestApp app;
  private static ApiClient api;
  private static byte[] live;
  private static Split source;

  @BeforeAll
  static void start() {
    live = WebmSamples.read(TestMedia.liveWebm(4));
    source = WebmSamples.split(live, live.length);
    app = TestApp.start();
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aViewerJoiningMidStreamGetsTheHeaderThenPlaysFromTheNextKeyframe() throws IOException {
    try (Streamer streamer = new Streamer("caster", "relay")) {
      RelaySocket recorder = streamer.record(null);
      recorder.sendText("{\"startedAt\": 1700000000000}");
      int half = live.length / 2;
      send(recorder, live, 0, half, new Random(1));
      awaitStream("#relay", s -> s.getLong("relayBytesIn") == half);
      try (RelaySocket viewer = RelaySocket.open(app.httpPort(), "/live/relay/media")) {
        assertEquals(new JsonObject().put("type", "init").put("mime", VP8_OPUS).put("startedAt", 1700000000000L),
            new JsonObject(viewer.nextText()));
        byte[] header = viewer.nextBinary();
        assertArrayEquals(source.init, header);
        send(recorder, live, half, live.length, new Random(2));

        int sentBeforeJoining = WebmSamples.split(Arrays.copyOf(live, half), half).blocks.size();
        int keyframe = source.keyframes.subList(sentBeforeJoining, source.blocks.size()).indexOf(true) + sentBeforeJoining;
        Path watched = TestApp.tempDir().resolve("watched.webm");
        Files.write(watched, WebmSamples.concat(header, expectBlocks(viewer, keyframe)));
        assertPlaysTheTailFrom(watched, keyframe);

        recorder.close(); // the page starts a new recorder: a new socket, a new header
        RelaySocket second = streamer.record("video/webm;codecs=vp9,opus");
        send(second, live, 0, live.length, new Random(3));
        assertEquals(new JsonObject().put("type", "init").put("mime", "video/webm; codecs=\"vp9,opus\"").putNull("startedAt"),
            new JsonObject(viewer.nextText()));
        assertArrayEquals(source.init, viewer.nextBinary());
        expectBlocks(viewer, source.firstKeyframe());

        streamer.stopWebcam();
        assertEquals("1000 stream stopped", viewer.awaitClosed());
        assertEquals("1000 stream stopped", second.awaitClosed());
      }
    }
  }

  @Test
  void aViewerThatDoesNotReadSkipsToKeyframesWhileTheOtherGetsEverything() throws IOException {
    byte[] noisy = WebmSamples.read(TestMedia.noisyLiveWebm(8));
    Split noise = WebmSamples.split(noisy, noisy.length);
    try (Streamer streamer = new Streamer("loud", "noise");
         RelaySocket reader = RelaySocket.open(app.httpPort(), "/live/noise/media");
         Socket stalled = stalledViewer("/live/noise/media")) {
      awaitStream("#noise", s -> s.getInteger("relayViewers") == 2); // both wait for the recording to start
      RelaySocket recorder = streamer.record("video/webm;codecs=vp8,opus");
      long started = System.nanoTime();
      for (int at = 0; at < noisy.length; at += 64 * 1024) { // 8 MB a second: four times as fast as it plays
        recorder.sendBinary(noisy, at, Math.min(noisy.length, at + 64 * 1024));
        long ahead = at / 8_000L - (System.nanoTime() - started) / 1_000_000;
        if (ahead > 0) sleep(ahead);
      }
      assertEquals(VP8_OPUS, new JsonObject(reader.nextText()).getString("mime"));
      assertArrayEquals(noise.init, reader.nextBinary());
      expectBlocks(reader, noise, noise.firstKeyframe());

      JsonObject figures = awaitStream("#noise", s -> s.getLong("relayBytesIn") == noisy.length);
      long toStalled = figures.getLong("relayBytesOut") - reader.bytesReceived();
      assertTrue(figures.getLong("relaySkipped") > 0, "blocks skipped for the stalled viewer: " + figures);
      assertTrue(toStalled < noisy.length / 2, toStalled + " of " + noisy.length + " bytes written to the stalled viewer");
    }
  }

  @Test
  void onlyTheStreamerSendsARecordingAndOnlyAsLiveWebm() {
    try (Streamer streamer = new Streamer("host", "door")) {
      String stranger = api.register("gatecrasher", "gatecrasher-pass");
      assertEquals("4403 only the streamer of a live webcam sends its recording", refusal(ingestPath("door", stranger, null)));
      assertEquals("4401 sign in first", refusal(ingestPath("door", "not-a-token", null)));
      assertTrue(refusal(ingestPath("door", streamer.token, "video/mp4")).startsWith("1003 type must be video/webm"));

      RelaySocket chatty = streamer.record(null);
      chatty.sendText("hello");
      assertTrue(chatty.awaitClosed().startsWith("1003 send the recording as binary messages"));
      RelaySocket twice = streamer.record(null);
      twice.sendText("{\"startedAt\": 1}");
      twice.sendText("{\"startedAt\": 2}");
      assertTrue(twice.awaitClosed().startsWith("1003 "));
      RelaySocket garbled = streamer.record(null);
      garbled.sendBinary("hello world".getBytes(), 0, 11);
      assertEquals("1003 not a live WebM stream: data before the EBML header", garbled.awaitClosed());
    }
    awaitStream("#door", s -> false, "ended");
    assertEquals(404, api.get("/live/door/media", null).status(), "the stream is over");
    ApiClient.Response nowhere = api.get("/live/nowhere/media", null);
    assertEquals(404, nowhere.status());
    assertEquals("NOT_LIVE", nowhere.error());
  }

  @Test
  void aChunkOfOneMebibytePassesOneByteMoreEndsTheRecording() {
    byte[] padded = WebmSamples.unknownSizeClusters(live, 1 << 20); // a Void in the first cluster
    try (Streamer streamer = new Streamer("bulky", "bulk");
         RelaySocket viewer = RelaySocket.open(app.httpPort(), "/live/bulk/media")) {
      awaitStream("#bulk", s -> s.getInteger("relayViewers") == 1);
      RelaySocket recorder = streamer.record(null);
      recorder.sendBinary(padded, 0, 1 << 20);
      send(recorder, padded, 1 << 20, padded.length, new Random(4));
      viewer.nextText();
      assertArrayEquals(source.init, viewer.nextBinary());
      expectBlocks(viewer, source.firstKeyframe());
      awaitStream("#bulk", s -> s.getLong("relayBytesIn") == padded.length);

      RelaySocket oversized = streamer.record(null);
      try {
        oversized.sendBinary(new byte[(1 << 20) + 1], 0, (1 << 20) + 1);
      } catch (java.util.concurrent.CompletionException cutOff) {
        // the server may close the connection before the whole frame is written
      }
      oversized.awaitClosed(); // its code depends on when the server reads the frame's header
    }
  }

  /** A user whose webcam is live in #{channel}: it sends a JPEG a second until stopped. */
  private static final class Streamer implements AutoCloseable {
    final String token;
    private final String channel;
    private final BridgeClient page;
    private final IngestClient webcam;
    private final ScheduledExecutorService frames = Executors.newSingleThreadScheduledExecutor();
    private final List<RelaySocket> recordings = new java.util.ArrayList<>();

    Streamer(String user, String channel) {
      this.channel = channel;
      token = api.register(user, user + "-pass");
      page = BridgeClient.signedIn(app.httpPort(), token);
      page.join("#" + channel);
      webcam = new IngestClient(app.httpPort(), channel, token);
      webcam.sendFrame();
      LiveViewer.awaitLive(api, "#" + channel);
      frames.scheduleAtFixedRate(webcam::sendFrame, 1, 1, TimeUnit.SECONDS);
    }

    /** Opens the recording's socket, as the page does when its MediaRecorder starts. */
    RelaySocket record(String type) {
      RelaySocket recording = RelaySocket.open(app.httpPort(), ingestPath(channel, token, type));
      recordings.add(recording);
      return recording;
    }

    void stopWebcam() {
      frames.shutdownNow();
      try {
        frames.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      webcam.close();
    }

    @Override
    public void close() {
      stopWebcam();
      recordings.forEach(RelaySocket::close);
      page.close();
    }
  }

  private static String ingestPath(String channel, String token, String type) {
    return "/live/" + channel + "/ingest/media?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
        + (type == null ? "" : "&type=" + URLEncoder.encode(type, StandardCharsets.UTF_8));
  }

  private static String refusal(String path) {
    try (RelaySocket socket = RelaySocket.open(app.httpPort(), path)) {
      return socket.awaitClosed();
    }
  }

  /** Sends bytes {@code from} to {@code to} in chunks of 1 byte to 4 KiB. */
  private static void send(RelaySocket recorder, byte[] stream, int from, int to, Random sizes) {
    for (int at = from; at < to; ) {
      int end = Math.min(to, at + 1 + sizes.nextInt(4096));
      recorder.sendBinary(stream, at, end);
      at = end;
    }
  }

  private static byte[] expectBlocks(RelaySocket viewer, int first) {
    return expectBlocks(viewer, source, first);
  }

  /**
   * What a viewer gets after the header: a cluster header and the keyframe {@code first}, then every block to
   * the end, with a cluster header before each new cluster. @return those bytes
   */
  private static byte[] expectBlocks(RelaySocket viewer, Split stream, int first) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] clusterHeader = viewer.nextBinary();
    assertTrue(isClusterHeader(clusterHeader), "a cluster header first");
    got.writeBytes(clusterHeader);
    for (int block = first; block < stream.blocks.size(); ) {
      byte[] message = viewer.nextBinary();
      got.writeBytes(message);
      if (isClusterHeader(message)) continue;
      assertArrayEquals(stream.blocks.get(block), message, "block " + block + " (first " + first + ")");
      block++;
    }
    return got.toByteArray();
  }

  private static boolean isClusterHeader(byte[] message) {
    return message.length > CLUSTER_HEADER.length && Arrays.equals(message, 0, CLUSTER_HEADER.length, CLUSTER_HEADER, 0, CLUSTER_HEADER.length);
  }

  /** ffprobe reads video and sound, and the video is the source's from the keyframe's picture on, nothing missing. */
  private static void assertPlaysTheTailFrom(Path watched, int keyframe) {
    List<String> packets = TestMedia.packets(watched);
    assertTrue(packets.stream().anyMatch(p -> p.startsWith("audio,")), "sound");
    List<String> video = packets.stream().filter(p -> p.startsWith("video,")).toList();
    assertTrue(video.get(0).endsWith(",K_"), "starts with a keyframe: " + video.get(0));
    List<String> sourceVideo = TestMedia.packets(TestMedia.liveWebm(4)).stream().filter(p -> p.startsWith("video,")).toList();
    assertEquals(sourceVideo.subList(sourceVideo.indexOf(video.get(0)), sourceVideo.size()), video);
    double seconds = time(video.get(video.size() - 1)) - time(video.get(0));
    assertTrue(seconds > 0.9 && seconds < 3, "from the middle of a 4 s stream to its end: " + seconds + " s");
  }

  private static double time(String packet) {
    return Double.parseDouble(packet.split(",")[1]);
  }

  /** A relay viewer that never reads past its handshake, with a small receive buffer: its TCP window soon closes. */
  private static Socket stalledViewer(String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.setSoTimeout(10_000);
    socket.connect(new InetSocketAddress("127.0.0.1", app.httpPort()));
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    StringBuilder head = new StringBuilder();
    InputStream in = socket.getInputStream();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) fail("closed during the handshake: " + head);
      head.append((char) b);
    }
    assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    return socket;
  }

  /** Polls GET /api/live until the channel's entry passes the test, and returns it. */
  private static JsonObject awaitStream(String channel, Predicate<JsonObject> until) {
    return awaitStream(channel, until, "live");
  }

  /** @param state "live" to wait for the channel's entry to pass the test, "ended" for it to be gone */
  private static JsonObject awaitStream(String channel, Predicate<JsonObject> until, String state) {
    long deadline = System.currentTimeMillis() + 10_000;
    JsonObject last = null;
    while (System.currentTimeMillis() < deadline) {
      JsonArray streams = api.get("/api/live", null).array();
      last = null;
      for (int i = 0; i < streams.size(); i++) {
        if (channel.equals(streams.getJsonObject(i).getString("channel"))) last = streams.getJsonObject(i);
      }
      if ("ended".equals(state) ? last == null : last != null && until.test(last)) return last;
      sleep(50);
    }
    throw new AssertionError(channel + " never " + state + ": " + last);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
