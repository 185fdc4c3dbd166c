package io.streamroom.rtmp;

import io.streamroom.rtmp.RecordingSink.Tag;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's ffmpeg publishes to the RTMP server; the media arrive as FLV tags that ffprobe reads back. */
class RtmpServerTest {
  private static final String REFUSAL = "unknown stream key";
  private static final String STOPPED = "the publisher stopped (FCUnpublish)";
  /** The impatient server's timeouts: crossed in a test's time, yet long enough for a cold JVM's first handshake. */
  private static final Duration SHORT_HANDSHAKE = Duration.ofSeconds(1);
  private static final Duration SHORT_IDLE = Duration.ofSeconds(1);
  @TempDir
  static Path dir;
  private static Vertx vertx;
  private static RtmpServer server;
  private static RtmpServer impatient;
  private static int port;
  private static int impatientPort;
  /** Three seconds of H.264 and AAC in FLV, pushed as it is ("-c copy"): the same tags every time. */
  private static Path clip;
  /** Every accepted publish, by key: keys starting with "good" or "slow" are accepted, others refused. */
  private static final Map<String, RecordingSink> sinks = new ConcurrentHashMap<>();
  private static final List<String> refused = Collections.synchronizedList(new ArrayList<>());
  private static final RtmpPublishers publishers = (app, key, client, disconnect) -> {
    if (!key.startsWith("good") && !key.startsWith("slow")) {
      refused.add(key);
      return Future.failedFuture(REFUSAL);
    }
    RecordingSink sink = key.startsWith("slow") ? new RecordingSink.Slow(app, client) : new RecordingSink(app, client);
    sinks.put(key, sink);
    return Future.succeededFuture(sink);
  };

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = new RtmpServer(vertx, publishers);
    port = server.listen("127.0.0.1", 0).await(5, TimeUnit.SECONDS);
    impatient = new RtmpServer(vertx, publishers, SHORT_HANDSHAKE, SHORT_IDLE);
    impatientPort = impatient.listen("127.0.0.1", 0).await(5, TimeUnit.SECONDS);
    clip = dir.resolve("clip.flv");
    ffmpeg(Ffmpeg.testSource(3, false), "-f", "flv", clip.toString()).assertSucceeds();
  }

  @AfterAll
  static void stop() {
    server.close().await();
    impatient.close().await();
    vertx.close().await();
  }

  @Test
  void anFfmpegPushArrivesAsFlvTagsThatFfprobeReadsAsH264AndAac() throws Exception {
    ffmpeg(Ffmpeg.testSource(3, true), "-f", "flv", url(port, "good")).assertSucceeds();
    RecordingSink sink = sinks.get("good");
    assertEquals(STOPPED, sink.ended.get(5, TimeUnit.SECONDS));
    assertEquals("live", sink.app);
    assertEquals("127.0.0.1", sink.client.host());

    List<Tag> tags = List.copyOf(sink.tags);
    assertEquals(Flv.SCRIPT_DATA, tags.get(0).type(), "onMetaData first");
    assertEquals("onMetaData", new Amf0(Buffer.buffer(tags.get(0).payload()), 0).read(), "without @setDataFrame");
    assertEquals(List.of(0x17, 0x00), sink.first(Flv.VIDEO).head(), "an AVC sequence header first");
    assertEquals(List.of(0xAF, 0x00), sink.first(Flv.AUDIO).head(), "an AAC sequence header first");
    long keyframes = tags.stream().filter(t -> t.type() == Flv.VIDEO && t.head().equals(List.of(0x17, 0x01))).count();
    assertTrue(keyframes >= 3, "a keyframe a second: " + keyframes);
    for (int type : new int[] {Flv.AUDIO, Flv.VIDEO}) {
      List<Long> times = tags.stream().filter(t -> t.type() == type).map(Tag::timestamp).toList();
      assertEquals(times.stream().sorted().toList(), times, "type " + type + " in time order");
      long last = times.get(times.size() - 1);
      assertTrue(last > 2800 && last < 3100, "up to about 3 s: " + last);
    }

    Path flv = dir.resolve("good.flv");
    Files.write(flv, sink.flv().getBytes());
    String probe = Ffmpeg.probe(flv);
    assertTrue(probe.contains("codec_name=h264") && probe.contains("codec_name=aac"), probe);
    double duration = Double.parseDouble(probe.lines().filter(l -> l.startsWith("duration=")).findFirst().orElseThrow().substring(9));
    assertTrue(Math.abs(duration - 3) < 0.2, "duration " + duration);
    Thread.sleep(200); // ffmpeg has closed the connection: a second end would have come
    assertEquals(1, sink.ends.get(), "end() once");
  }

  @Test
  void aWrongKeyIsRefusedFfmpegGivesUpAndTheServerServesTheNextPush() throws Exception {
    long started = System.nanoTime();
    Ffmpeg wrong = ffmpeg(Ffmpeg.testSource(3, true), "-f", "flv", url(port, "wrong?pass=1"));
    assertTrue(wrong.exitCode(Duration.ofSeconds(3)) != 0, "ffmpeg gives up");
    System.out.printf("refused push: ffmpeg exited after %d ms%n", (System.nanoTime() - started) / 1_000_000);
    assertTrue(wrong.output().contains(REFUSAL), "ffmpeg says why: " + wrong.output());
    assertTrue(refused.contains("wrong"), "the key without its query: " + refused);
    assertFalse(sinks.containsKey("wrong"));

    try (RawPublisher raw = new RawPublisher(port)) {
      assertEquals(Map.of("level", "error", "code", "NetStream.Publish.BadName", "description", REFUSAL), raw.publish("live", "wrong-too"));
      assertTrue(raw.closedWithin(Duration.ofSeconds(2)), "closed once the refusal is written");
    }
    assertPushWorks("good-after-refusal");
  }

  @Test
  void twoPublishersAtOnceBothComplete() throws Exception {
    Ffmpeg first = ffmpeg(Ffmpeg.testSource(2, true), "-f", "flv", url(port, "good-first"));
    Ffmpeg second = ffmpeg(Ffmpeg.testSource(2, true), "-f", "flv", url(port, "good-second"));
    first.assertSucceeds();
    second.assertSucceeds();
    for (String key : List.of("good-first", "good-second")) {
      RecordingSink sink = sinks.get(key);
      assertEquals(STOPPED, sink.ended.get(5, TimeUnit.SECONDS));
      long frames = sink.tags.stream().filter(t -> t.type() == Flv.VIDEO).count();
      assertTrue(frames >= 50, key + ": " + frames + " video tags for 2 s at 25 fps");
    }
  }

  @Test
  void aPeerThatBreaksTheProtocolIsClosedAndOthersStillPublish() throws Exception {
    try (RawPublisher garbage = new RawPublisher(port)) {
      garbage.send(Buffer.buffer("GET / HTTP/1.1\r\nHost: example\r\n\r\n"));
      assertTrue(garbage.closedWithin(Duration.ofSeconds(2)), "not a handshake");
    }
    try (RawPublisher huge = new RawPublisher(port)) {
      huge.handshake();
      huge.command(0, "connect", 1, Map.of("app", "live"));
      huge.expectCommand("_result");
      huge.send(ChunkDecoderTest.fmt0(6, 0, ChunkDecoder.MAX_MESSAGE_BYTES + 1, RtmpMessage.VIDEO, 1));
      assertTrue(huge.closedWithin(Duration.ofSeconds(2)), "a message over the cap");
    }
    try (RawPublisher hasty = new RawPublisher(port)) {
      hasty.handshake();
      hasty.command(0, "createStream", 1, null);
      assertTrue(hasty.closedWithin(Duration.ofSeconds(2)), "a command before connect");
    }
    try (RawPublisher sloppy = new RawPublisher(port)) {
      sloppy.handshake();
      sloppy.send(ChunkDecoderTest.fmt0(3, 0, 3, RtmpMessage.COMMAND, 0).appendBytes(new byte[] {2, 0, 9}));
      assertTrue(sloppy.closedWithin(Duration.ofSeconds(2)), "malformed AMF0");
    }
    assertPushWorks("good-after-garbage");
  }

  @Test
  void aSinkThatFillsUpPausesReadingAndStillGetsEveryTagInOrder() throws Exception {
    assertPushWorks("good-reference");
    assertPushWorks("slow");
    RecordingSink.Slow slow = (RecordingSink.Slow) sinks.get("slow");
    List<Tag> reference = List.copyOf(sinks.get("good-reference").tags);
    System.out.printf("backpressure: full at tag %d, %d tags read by then, %d of %d after the drain%n", RecordingSink.Slow.FULL_AT,
        slow.tagsBeforeDrain.get(), reference.size() - slow.tagsBeforeDrain.get(), reference.size());
    assertEquals(slow.tagsAfterAWhile.get(), slow.tagsBeforeDrain.get(), "nothing read while the sink is full");
    assertTrue(slow.tagsBeforeDrain.get() < reference.size() - 100, "most tags came after the drain");
    assertEquals(summary(reference), summary(slow.tags));
  }

  @Test
  void aClientThatNeverShakesHandsIsClosedAfterTheHandshakeTimeout() {
    try (RawPublisher silent = new RawPublisher(impatientPort)) {
      long started = System.nanoTime();
      assertTrue(silent.closedWithin(SHORT_HANDSHAKE.multipliedBy(3)));
      long waited = (System.nanoTime() - started) / 1_000_000;
      assertTrue(waited >= SHORT_HANDSHAKE.toMillis() - 50, "closed after " + waited + " ms");
    }
  }

  @Test
  void aPublisherThatFallsSilentIsClosedAndItsSinkEnds() throws Exception {
    try (RawPublisher quiet = new RawPublisher(impatientPort)) {
      assertEquals("NetStream.Publish.Start", quiet.publish("live", "good-quiet?x=1").get("code"));
      RecordingSink sink = sinks.get("good-quiet");
      assertEquals("nothing received for " + SHORT_IDLE.toMillis() + " ms", sink.ended.get(SHORT_IDLE.toMillis() * 3, TimeUnit.MILLISECONDS));
      assertTrue(quiet.closedWithin(Duration.ofSeconds(1)));
    }
  }

  @Test
  void theServerAcknowledgesEachWindowThePublisherAsksFor() throws Exception {
    try (RawPublisher raw = new RawPublisher(port)) {
      raw.publish("live", "good-acked");
      raw.send(2, RtmpMessage.control(RtmpMessage.WINDOW_ACK_SIZE, Buffer.buffer().appendInt(10_000)));
      for (int frame = 0; frame < 5; frame++) {
        raw.send(6, new RtmpMessage(RtmpMessage.VIDEO, 1, frame * 40L, Buffer.buffer(new byte[4000]).setByte(0, (byte) 0x27)));
      }
      long acknowledged = raw.expect(RtmpMessage.ACKNOWLEDGEMENT).payload().getUnsignedInt(0);
      assertTrue(acknowledged >= 10_000 && acknowledged <= raw.sentAfterHandshake(), "bytes received so far: " + acknowledged);
      raw.command(1, "deleteStream", 4, null, 1);
      RecordingSink sink = sinks.get("good-acked");
      assertEquals("the publisher stopped (deleteStream)", sink.ended.get(5, TimeUnit.SECONDS));
      assertEquals(5, sink.tags.size(), "the video tags");
    }
  }

  @Test
  void closingTheServerEndsItsPublishes() throws Exception {
    RtmpServer closing = new RtmpServer(vertx, publishers);
    int closingPort = closing.listen("127.0.0.1", 0).await(5, TimeUnit.SECONDS);
    try (RawPublisher raw = new RawPublisher(closingPort)) {
      raw.publish("live", "good-closing");
      closing.close().await(5, TimeUnit.SECONDS);
      assertEquals("the connection closed", sinks.get("good-closing").ended.get(5, TimeUnit.SECONDS));
      assertTrue(raw.closedWithin(Duration.ofSeconds(1)));
    }
  }

  /** The clip, pushed as fast as ffmpeg goes: it ends with FCUnpublish, the AVC sequence header came first. */
  private static void assertPushWorks(String key) throws Exception {
    ffmpeg(List.of("-i", clip.toString(), "-c", "copy"), "-f", "flv", url(port, key)).assertSucceeds();
    RecordingSink sink = sinks.get(key);
    assertEquals(STOPPED, sink.ended.get(5, TimeUnit.SECONDS));
    assertEquals(List.of(0x17, 0x00), sink.first(Flv.VIDEO).head());
  }

  private static List<String> summary(List<Tag> tags) {
    return List.copyOf(tags).stream().map(t -> t.type() + "@" + t.timestamp() + ":" + Buffer.buffer(t.payload()).hashCode()
        + "/" + t.payload().length).toList();
  }

  private static Ffmpeg ffmpeg(List<String> input, String... output) {
    List<String> args = new ArrayList<>(input);
    args.addAll(List.of(output));
    return Ffmpeg.start(dir, args);
  }

  private static String url(int port, String key) {
    return "rtmp://127.0.0.1:" + port + "/live/" + key;
  }
}
