package io.streamroom.hls;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window as players read it: periods and the part target, from what a source's muxer sends. */
class HlsPlaylistTest {
  private static final Buffer INIT = Buffer.buffer("an init segment");
  private static final long TIMESCALE = 90_000;

  private final HlsWindow window = new HlsWindow();
  private long clock;

  @Test
  void anEncoderRestartedWithTheSameInitStartsANewPeriod() {
    window.init(INIT);
    parts(10, 0.2); // two segments from the first encoder
    clock = 0; // the encoder restarts: the same init, its clock from zero
    window.init(INIT.copy());
    parts(7, 0.2);

    String playlist = HlsPlaylist.render(window, false);
    assertTrue(playlist.contains("seg-1.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:"), playlist);
    assertEquals(1, count(playlist, "#EXT-X-DISCONTINUITY\n"), playlist);
    assertEquals(1, count(playlist, "#EXT-X-MAP:"), "the same init serves both periods: " + playlist);
  }

  @Test
  void aClockThatKeepsGoingIsOnePeriodAndSmallJitterIsNoRestart() {
    window.init(INIT);
    parts(10, 0.2);
    clock -= TIMESCALE / 100; // a muxer's rounding: 10 ms back
    parts(10, 0.2);
    assertFalse(HlsPlaylist.render(window, false).contains("DISCONTINUITY"));
  }

  @Test
  void aLongFirstPartRaisesThePartTargetOnlyWhileThePlaylistListsIt() {
    window.init(INIT);
    part(0.32, true); // an encoder's start
    parts(9, 0.2);
    String early = HlsPlaylist.render(window, false);
    assertTrue(early.contains("#EXT-X-PART-INF:PART-TARGET=0.320\n"), early);
    assertTrue(early.contains("PART-HOLD-BACK=0.960,"), early);

    parts(5 * (HlsWindow.SEGMENTS_WITH_PARTS + 1), 0.2); // the first segment's parts leave the playlist
    String later = HlsPlaylist.render(window, false);
    assertFalse(later.contains("part-0-0.m4s"), later);
    assertTrue(later.contains("#EXT-X-PART-INF:PART-TARGET=0.200\n"), later);
    assertTrue(later.contains("PART-HOLD-BACK=0.600,"), later);
  }

  /** {@code count} parts, a keyframe every fifth: one-second segments. */
  private void parts(int count, double seconds) {
    for (int i = 0; i < count; i++) part(seconds, Math.round(clock / (seconds * TIMESCALE)) % 5 == 0);
  }

  private void part(double seconds, boolean independent) {
    window.add(new Fmp4Fragment(Buffer.buffer(new byte[100]), clock, TIMESCALE, seconds, independent), System.currentTimeMillis());
    clock += Math.round(seconds * TIMESCALE);
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
