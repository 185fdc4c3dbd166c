package io.streamroom.live;

import io.streamroom.chat.Addresses;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.record.StreamRecorder;
import io.streamroom.support.ChildProcess;
import io.streamroom.support.Poll;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestMedia;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser's recordings (WebM made by Debian's ffmpeg as MediaRecorder writes it) through the server's own
 * transcoder: H.264 and AAC out for HLS and into one recording, only while the server needs them.
 */
class BrowserHlsTest {
  private static final String CHANNEL = "#webcam";
  private static final int CHUNK_BYTES = 8 * 1024; // like MediaRecorder's 100 ms slices of a 640x360 webcam

  private Vertx vertx;
  private io.vertx.core.Context loop;
  private Path dataDir;
  private final List<Boolean> pageAsked = new CopyOnWriteArrayList<>();
  private final List<Buffer> hlsInits = new CopyOnWriteArrayList<>();
  private final List<Buffer> hlsFragments = new CopyOnWriteArrayList<>();
  private final List<String> recorded = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    TestMedia.requireFfmpeg();
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
    dataDir = TestApp.tempDir();
    vertx.eventBus().<Buffer>consumer(Addresses.liveHls(CHANNEL), m -> {
      if ("init".equals(m.headers().get("kind"))) hlsInits.add(m.body());
      else hlsFragments.add(m.body());
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.RECORDING_ENDED, m -> recorded.add(m.body().getString("title")));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aVp8AndOpusStreamIsServedAsH264AndAacAndRecordedAsOneFile() {
    BrowserHls hls = streamStarts(true);
    assertEquals(List.of(true), pageAsked, "the page is asked for its recording at once");
    feed(hls, TestMedia.liveWebm(4));
    // The page restarted its recorder (a new header) for a second recording, VP9 this time.
    feed(hls, TestMedia.liveVp9Webm(3));
    onLoop(hls::stop);

    String title = Poll.until("the recording handed to the library", Duration.ofSeconds(30), () -> recorded.isEmpty() ? null : recorded.get(0));
    Path file = dataDir.resolve("recordings").resolve(title + ".mp4.part");
    assertEquals(List.of("h264,video", "aac,audio"), streams(file));
    double seconds = duration(file);
    assertTrue(seconds > 6.5 && seconds < 15, "both recordings, one after the other: " + seconds + " s");
    assertEquals(1, recorded.size(), "one recording for the whole stream");

    Path hlsStream = dataDir.resolve("hls.mp4");
    write(hlsStream, hlsInits.get(0), hlsFragments);
    assertEquals(List.of("h264,video", "aac,audio"), streams(hlsStream));
    assertEquals(1, hlsInits.stream().distinct().count(), "one init segment: the encoder outlives the recordings");
  }

  @Test
  void withoutRecordingNothingIsTranscodedUntilAPlayerAsksForHls() {
    BrowserHls hls = streamStarts(false);
    assertEquals(List.of(false), pageAsked);
    byte[] stream = WebmSamples.read(TestMedia.liveWebm(6));
    int half = stream.length / 2;
    WebmSplitter recording = splitter(hls);
    feed(recording, Arrays.copyOfRange(stream, 0, half)); // the page records for relayed viewers
    sleep(1000);
    assertTrue(hlsInits.isEmpty() && hlsFragments.isEmpty(), "nothing encoded for nobody");

    vertx.eventBus().publish(Addresses.liveHlsWanted(CHANNEL), new JsonObject()); // a player asked for the playlist
    Poll.until("the page asked for its recording", Duration.ofSeconds(5), () -> pageAsked.contains(true) ? true : null);
    feed(recording, Arrays.copyOfRange(stream, half, stream.length)); // from the middle: the next keyframe starts it
    onLoop(hls::stop);
    Poll.until("HLS fragments", Duration.ofSeconds(30), () -> hlsFragments.size() > 5 ? true : null);
    assertEquals(List.of(false, true), pageAsked);
    Path hlsStream = dataDir.resolve("hls.mp4");
    write(hlsStream, hlsInits.get(0), hlsFragments);
    assertEquals(List.of("h264,video", "aac,audio"), streams(hlsStream));
    assertTrue(recorded.isEmpty(), "not recorded");
  }

  private BrowserHls streamStarts(boolean record) {
    StreamRecorder recorder = new StreamRecorder(vertx, Config.of(Map.of(Setting.DATA_DIR, dataDir.toString(),
        Setting.VIDEOS_DIR, dataDir.resolve("videos").toString(), Setting.RECORD, String.valueOf(record))));
    BrowserHls[] made = new BrowserHls[1];
    onLoop(() -> {
      made[0] = new BrowserHls(vertx, CHANNEL, "alice", recorder, pageAsked::add);
      made[0].start();
    });
    return made[0];
  }

  /** A whole recording, then its socket closes. */
  private void feed(BrowserHls hls, Path webm) {
    feed(splitter(hls), WebmSamples.read(webm));
    onLoop(hls::awaitInit);
  }

  /** Hands the bytes over in chunks on the event loop, as the page sends them. */
  private void feed(WebmSplitter splitter, byte[] webm) {
    for (int at = 0; at < webm.length; at += CHUNK_BYTES) {
      Buffer chunk = Buffer.buffer(Arrays.copyOfRange(webm, at, Math.min(webm.length, at + CHUNK_BYTES)));
      onLoop(() -> splitter.feed(chunk));
    }
  }

  /** A recording split as the relay splits it, its pieces handed to the transcoder's side. */
  private static WebmSplitter splitter(BrowserHls hls) {
    Buffer[] cluster = new Buffer[1];
    return new WebmSplitter(new WebmSplitter.Listener() {
      @Override
      public void init(Buffer segment, long videoTrack) {
        hls.init("{}", segment);
      }

      @Override
      public void cluster(long timecode) {
        cluster[0] = Ebml.clusterHeader(timecode);
        hls.cluster(cluster[0]);
      }

      @Override
      public void block(Buffer element, boolean videoKeyframe) {
        hls.block(element, cluster[0], videoKeyframe);
      }
    });
  }

  private void onLoop(Runnable action) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    loop.runOnContext(v -> {
      try {
        action.run();
        done.complete();
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    done.future().await();
  }

  private static void write(Path file, Buffer init, List<Buffer> fragments) {
    Buffer all = init.copy();
    fragments.forEach(all::appendBuffer);
    try {
      Files.write(file, all.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "codec,type" of each stream ffprobe finds. */
  private static List<String> streams(Path file) {
    return probe(file, "stream=codec_name,codec_type");
  }

  private static double duration(Path file) {
    return Double.parseDouble(probe(file, "format=duration").get(0));
  }

  private static List<String> probe(Path file, String entries) {
    try (ChildProcess ffprobe = ChildProcess.run("/usr/bin/ffprobe", "-v", "error", "-show_entries", entries, "-of", "csv=p=0",
        file.toString())) {
      assertEquals(0, ffprobe.awaitExit(Duration.ofSeconds(30)), String.join("\n", ffprobe.err()));
      return ffprobe.out().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
