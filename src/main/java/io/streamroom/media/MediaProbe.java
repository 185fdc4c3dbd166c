package io.streamroom.media;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * Looks inside an uploaded recording with JavaCV (FFmpeg): is it the container it claims, with the streams
 * its kind needs, and how long is it really. Blocking (it reads the whole file): run it on a worker.
 *
 * <p>The file is opened with the claimed container's demuxer and nothing else, and only as a local file:
 * FFmpeg does not guess formats from untrusted bytes (a playlist that points elsewhere, a PNG dressed up
 * as audio) and follows no references out of the file.
 */
final class MediaProbe {
  private MediaProbe() {}

  /**
   * @return the duration in milliseconds: the span of the packets' timestamps, or the container's own
   *     figure when that is longer. MediaRecorder's WebM has no duration in its header, and a header could
   *     lie; the packets are what a player plays.
   * @throws ChatException UNSUPPORTED_MEDIA when the file is not what {@code claim} says
   */
  static long durationMillis(Path file, MediaClaim claim) {
    av_log_set_level(AV_LOG_ERROR);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setFormat(claim.container().demuxer);
      grabber.setOption("protocol_whitelist", "file");
      try {
        grabber.start();
      } catch (FrameGrabber.Exception e) {
        throw notWhatItClaims(claim, "it cannot be read as " + claim.container().label);
      }
      checkStreams(grabber, claim);
      long scanned = scanMillis(grabber, claim);
      long millis = Math.max(scanned, Math.max(0, grabber.getLengthInTime() / 1000));
      if (millis <= 0) throw notWhatItClaims(claim, "it holds no sound or picture");
      return millis;
    } catch (FrameGrabber.Exception e) {
      throw notWhatItClaims(claim, "it cannot be read (" + firstLine(e) + ")");
    }
  }

  private static void checkStreams(FFmpegFrameGrabber grabber, MediaClaim claim) {
    if (claim.kind() == MediaKind.VOICE) {
      if (!grabber.hasAudio()) throw notWhatItClaims(claim, "it has no sound");
      if (grabber.hasVideo()) throw notWhatItClaims(claim, "it has a picture too: send it as a video message");
    } else if (!grabber.hasVideo()) {
      throw notWhatItClaims(claim, "it has no picture");
    }
  }

  /** From the earliest packet's start to the latest one's end; priming before zero (Opus pre-skip) is not played. */
  private static long scanMillis(FFmpegFrameGrabber grabber, MediaClaim claim) {
    AVFormatContext format = grabber.getFormatContext();
    double first = Double.MAX_VALUE;
    double last = 0;
    try {
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
        if (pts != AV_NOPTS_VALUE) {
          AVRational base = format.streams(packet.stream_index()).time_base();
          double unit = 1000.0 * base.num() / base.den();
          first = Math.min(first, Math.max(0, pts * unit));
          last = Math.max(last, (pts + Math.max(0, packet.duration())) * unit);
        }
        av_packet_unref(packet);
      }
    } catch (FrameGrabber.Exception e) {
      throw notWhatItClaims(claim, "it is damaged (" + firstLine(e) + ")");
    }
    return first == Double.MAX_VALUE ? 0 : Math.round(last - first);
  }

  private static ChatException notWhatItClaims(MediaClaim claim, String why) {
    return new ChatException(ErrorCode.UNSUPPORTED_MEDIA, "This is not a " + claim.kind().label() + " recording in "
        + claim.describe() + ": " + why + ".");
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
