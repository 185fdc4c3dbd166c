package io.streamroom.rtmp;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * Keeps each stream's decode timestamps rising, as the mp4 muxer demands: one that does not rise fails the
 * muxer, and so the whole stream. OBS starts its timestamps again after a reconnect and some encoders repeat
 * one at the start. A step back of more than {@value #RESTART_MILLIS} ms is such a new start: that stream's
 * timestamps are shifted from then on to go on where they were. A smaller step back, or a repeat, cannot be
 * placed: the packet is dropped. Both are counted and logged at debug level. The stream's own thread.
 *
 * <p>Checked in the demuxer's time base (FLV: milliseconds); the mp4 tracks' time bases are finer, so a rise
 * here is a rise there too.
 */
final class RisingTimestamps {
  private static final Logger log = LoggerFactory.getLogger(RisingTimestamps.class);
  /** Jitter and a repeated timestamp are a few ms; a publisher's clock starting again goes back by seconds. */
  static final long RESTART_MILLIS = 1000;

  private final String channel;
  private final AVRational[] timeBases;
  private final long[] last;
  private final long[] shift;
  private long dropped;
  private long restarts;

  RisingTimestamps(String channel, AVFormatContext input) {
    this.channel = channel;
    int streams = input.nb_streams();
    timeBases = new AVRational[streams];
    for (int i = 0; i < streams; i++) timeBases[i] = input.streams(i).time_base();
    last = new long[streams];
    Arrays.fill(last, AV_NOPTS_VALUE);
    shift = new long[streams];
  }

  /** @return false to drop the packet; true to mux it (its timestamps shifted if its stream started again) */
  boolean admit(AVPacket packet) {
    int stream = packet.stream_index();
    if (stream >= last.length || packet.dts() == AV_NOPTS_VALUE) return true; // the muxer judges what this cannot
    long dts = packet.dts() + shift[stream];
    if (last[stream] != AV_NOPTS_VALUE && dts <= last[stream]) {
      long back = last[stream] - dts;
      if (millis(stream, back) <= RESTART_MILLIS) {
        dropped++;
        log.debug("{}: dropped a packet of stream {} whose timestamp does not rise ({} after {})", channel, stream, dts, last[stream]);
        return false;
      }
      long step = Math.max(1, packet.duration());
      shift[stream] += back + step;
      dts += back + step;
      restarts++;
      log.debug("{}: stream {} started its timestamps again ({} ms back); they now go on from {}", channel, stream,
          millis(stream, back), dts);
    }
    last[stream] = dts;
    packet.dts(dts);
    if (packet.pts() != AV_NOPTS_VALUE) packet.pts(packet.pts() + shift[stream]);
    return true;
  }

  private long millis(int stream, long ticks) {
    return ticks * 1000 * timeBases[stream].num() / timeBases[stream].den();
  }

  /** What was mended, for the stream's last log lines: "" when nothing was. */
  String summary() {
    if (dropped == 0 && restarts == 0) return "";
    return String.format("%d packets dropped, %d restarts", dropped, restarts);
  }
}
