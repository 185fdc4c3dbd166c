package io.streamroom.hls;

import static io.streamroom.hls.HlsTestServer.concat;
import static io.streamroom.hls.HlsTestServer.count;
import static io.streamroom.hls.HlsTestServer.text;

import io.streamroom.hls.Fmp4Samples.Split;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LL-HLS window as players see it over HTTP: it slides, follows keyframes, stays bounded, and starts new periods. */
class HlsWindowTest {
  private static HlsTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new HlsTestServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void theWindowSlidesKeepingEightSegmentsAndThePartsOfTheLastThree() throws Exception {
    server.on(hub -> hub.started("#long"));
    server.publishInit("#long", server.av.init());
    server.publish("#long", 0, 30);
    String early = server.awaitPlaylist("long", text -> text.contains("part-5-4.m4s"));
    assertTrue(early.contains("#EXT-X-MEDIA-SEQUENCE:0\n"), early);
    server.publish("#long", 30, 60);
    String playlist = server.awaitPlaylist("long", text -> text.contains("part-11-4.m4s")); // twelve seconds: segments 0 to 11
    assertTrue(playlist.contains("#EXT-X-MEDIA-SEQUENCE:3\n"), playlist);
    assertEquals(8, count(playlist, "#EXTINF:"), playlist);
    assertEquals(8 + 1, count(playlist, "#EXT-X-PROGRAM-DATE-TIME:"), "the segment in progress is dated too");
    assertEquals(4 * 5, count(playlist, "#EXT-X-PART:"), "the parts of segments 8, 9, 10 and 11");
    assertFalse(playlist.contains("part-7-"), playlist);

    assertEquals(404, server.get("/hls/long/seg-2.m4s").statusCode(), "out of the window");
    assertArrayEquals(concat(server.av.fragments.subList(15, 20)), server.get("/hls/long/seg-3.m4s").body());
    assertEquals(404, server.get("/hls/long/part-7-0.m4s").statusCode(), "only recent parts are kept");
    assertArrayEquals(server.av.fragments.get(40).bytes().getBytes(), server.get("/hls/long/part-8-0.m4s").body());
    assertEquals(404, server.get("/hls/long/seg-11.m4s").statusCode(), "in progress");
    assertEquals(11, server.ask(hub -> hub.describe("#long")).getLong("hlsSegments"));
    server.on(hub -> hub.stopped("#long"));
  }

  @Test
  void segmentsFollowTheSourcesKeyframesAndNeverGrowWithoutEnd() throws Exception {
    server.on(hub -> hub.started("#sparse"));
    server.publishInit("#sparse", server.av.init());
    for (int i = 0; i < 30; i++) server.publishSynthetic("#sparse", 1000, 0.2, i % 10 == 0); // a keyframe every 2 s
    String sparse = server.awaitPlaylist("sparse", text -> text.contains("part-2-9.m4s"));
    assertTrue(sparse.contains("#EXT-X-TARGETDURATION:2\n") && sparse.contains("#EXTINF:2.00000,\nseg-1.m4s"), sparse);
    assertTrue(sparse.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600,HOLD-BACK=6\n"), sparse);

    for (int i = 0; i < HlsWindow.MAX_SEGMENT_PARTS; i++) server.publishSynthetic("#sparse", 1000, 0.2, false); // no keyframe again
    String endless = server.awaitPlaylist("sparse", text -> text.contains("part-3-9.m4s"));
    assertTrue(endless.contains("#EXTINF:10.00000,\nseg-2.m4s") && endless.contains("#EXT-X-TARGETDURATION:10\n"), endless);
    assertTrue(endless.contains("URI=\"part-3-0.m4s\"\n"), "a segment cut without a keyframe: " + endless);
    server.on(hub -> hub.stopped("#sparse"));
  }

  @Test
  void aStreamHoldsAtMost48MiBWhateverItsSourceSends() throws Exception {
    server.on(hub -> hub.started("#heavy"));
    server.publishInit("#heavy", server.av.init());
    int sixMiB = 6 << 20;
    for (int i = 0; i < 12; i++) server.publishSynthetic("#heavy", sixMiB, 1.0, true); // a segment each
    server.publishSynthetic("#heavy", Fmp4Splitter.MAX_FRAGMENT_BYTES + 1, 1.0, true); // refused
    server.publishSynthetic("#heavy", 1000, 1.0, true);
    String playlist = server.awaitPlaylist("heavy", text -> text.contains("part-12-0.m4s"));
    // the init, the small segment in progress, and as many 6 MiB segments as fit in 48 MiB: seven, not eight
    assertTrue(playlist.contains("#EXT-X-MEDIA-SEQUENCE:5\n"), playlist);
    assertEquals(7, count(playlist, "#EXTINF:"), playlist);
    assertEquals(404, server.get("/hls/heavy/seg-4.m4s").statusCode());
    assertEquals(sixMiB, server.get("/hls/heavy/seg-5.m4s").body().length);
    assertEquals(1000, server.get("/hls/heavy/part-12-0.m4s").body().length, "the fragment over the cap was dropped");
    server.on(hub -> hub.stopped("#heavy"));
  }

  @Test
  void aNewInitSegmentStartsANewPeriodWithADiscontinuityAndItsOwnMap() throws Exception {
    byte[] videoStream = Fmp4Samples.videoOnly(4);
    Split video = Fmp4Samples.split(videoStream, videoStream.length);
    server.on(hub -> hub.started("#restart"));
    server.publishInit("#restart", server.av.init());
    server.publish("#restart", 0, 7);
    server.publishInit("#restart", video.init()); // the source restarted, without sound
    video.fragments.subList(0, 7).forEach(fragment -> server.publishFragment("#restart", fragment, System.currentTimeMillis()));
    String playlist = server.awaitPlaylist("restart", text -> text.contains("part-3-1.m4s"));
    assertTrue(playlist.contains("#EXT-X-MAP:URI=\"init-0.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:"), playlist);
    assertTrue(playlist.contains("seg-1.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:"), playlist);
    assertTrue(playlist.contains("#EXTINF:0.40000,\nseg-1.m4s"), "the segment in progress ended with its period: " + playlist);
    assertFalse(playlist.contains("DISCONTINUITY-SEQUENCE"), playlist);
    assertArrayEquals(server.av.init().getBytes(), server.get("/hls/restart/init-0.mp4").body());
    assertArrayEquals(video.init().getBytes(), server.get("/hls/restart/init-1.mp4").body());

    server.publishInit("#restart", server.av.init()); // and again, with sound
    server.publish("#restart", 0, 60);
    String later = server.awaitPlaylist("restart", text -> text.contains("part-15-4.m4s"));
    // segments 0-1 (init 0), 2-3 (init 1, cut at the next init), 4-15 (init 2): the two discontinuities left the window
    assertTrue(later.contains("#EXT-X-MEDIA-SEQUENCE:7\n#EXT-X-DISCONTINUITY-SEQUENCE:2\n"), later);
    assertFalse(later.contains("#EXT-X-DISCONTINUITY\n"), later);
    assertEquals(1, count(later, "#EXT-X-MAP:URI=\"init-2.mp4\""), later);
    assertEquals(404, server.get("/hls/restart/init-0.mp4").statusCode(), "no segment plays with it any more");
    assertEquals(404, server.get("/hls/restart/init-1.mp4").statusCode());
    server.on(hub -> hub.stopped("#restart"));
  }
}
