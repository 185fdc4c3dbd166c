package io.streamroom.vod;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_NONE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

/**
 * What an mp4 holds, read from its header and sample index only (nothing is decoded, nothing but the index
 * is read): the codecs as an HLS {@code CODECS} attribute spells them, whether the streams can go into
 * HLS as they are, and the peak bit rate of segments cut the way the HLS muxer cuts them.
 *
 * @param codecs {@code avc1.64001E,mp4a.40.2}, or null when a stream's codec cannot be told
 */
record MediaInfo(int videoCodec, int audioCodec, String codecs, long peakBitsPerSecond) {
  /**
   * A segment's bit rate is its bytes over its length, floored at this: a last segment of a few frames
   * would otherwise claim a peak no player needs to plan for.
   */
  static final double MIN_PEAK_SECONDS = 1;

  /** What browsers play from HLS: H.264 video, with AAC sound or none. Anything else is transcoded. */
  boolean copyable() {
    return videoCodec == AV_CODEC_ID_H264 && (audioCodec == AV_CODEC_ID_NONE || audioCodec == AV_CODEC_ID_AAC);
  }

  /** Blocking, but quick: a header and an index. */
  static MediaInfo read(Path file) throws IOException {
    av_log_set_level(AV_LOG_ERROR);
    AVFormatContext in = new AVFormatContext(null);
    Ffmpeg.check(avformat_open_input(in, file.toString(), null, null), "cannot open " + file);
    try {
      AVStream video = in.streams(Ffmpeg.check(
          av_find_best_stream(in, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0), file + " has no video"));
      int audioIndex = av_find_best_stream(in, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
      AVStream audio = audioIndex < 0 ? null : in.streams(audioIndex);
      String videoTag = video.codecpar().codec_id() == AV_CODEC_ID_H264 ? avc(extradata(video.codecpar())) : null;
      String audioTag = audio == null ? "" : audio.codecpar().codec_id() == AV_CODEC_ID_AAC ? aac(extradata(audio.codecpar())) : null;
      String codecs = videoTag == null || audioTag == null ? null : audioTag.isEmpty() ? videoTag : videoTag + "," + audioTag;
      List<AVStream> streams = audio == null ? List.of(video) : List.of(video, audio);
      return new MediaInfo(video.codecpar().codec_id(), audio == null ? AV_CODEC_ID_NONE : audio.codecpar().codec_id(),
          codecs, peakBitsPerSecond(in, video, streams));
    } finally {
      avformat_close_input(in);
    }
  }

  /**
   * RFC 6381's {@code avc1.PPCCLL}: profile, constraint flags and level, from the avcC record mp4 keeps
   * (its bytes 1 to 3), or from the SPS when the extradata is Annex B start codes; null when neither is there.
   */
  static String avc(byte[] extradata) {
    if (extradata.length >= 4 && extradata[0] == 1) return hex("avc1.", extradata, 1);
    for (int i = 0; i + 6 < extradata.length; i++) {
      boolean startCode = extradata[i] == 0 && extradata[i + 1] == 0 && extradata[i + 2] == 1;
      if (startCode && (extradata[i + 3] & 0x1F) == 7) return hex("avc1.", extradata, i + 4); // NAL type 7: SPS
    }
    return null;
  }

  /** {@code mp4a.40.<object type>}: the first 5 bits of the AudioSpecificConfig, 31 escaping to 6 more. */
  static String aac(byte[] config) {
    if (config.length < 2) return null;
    int type = (config[0] & 0xFF) >> 3;
    if (type == 31) type = 32 + (((config[0] & 0x07) << 3) | ((config[1] & 0xFF) >> 5));
    return "mp4a.40." + type;
  }

  private static String hex(String prefix, byte[] bytes, int from) {
    return String.format("%s%02X%02X%02X", prefix, bytes[from] & 0xFF, bytes[from + 1] & 0xFF, bytes[from + 2] & 0xFF);
  }

  private static byte[] extradata(AVCodecParameters parameters) {
    byte[] bytes = new byte[Math.max(0, parameters.extradata_size())];
    if (bytes.length > 0) parameters.extradata().get(bytes);
    return bytes;
  }

  /**
   * Segments start at the first video keyframe {@link VodHls#SEGMENT_SECONDS} or more after the previous
   * start, as the HLS muxer starts them when it copies; every stream's samples count toward the segment
   * they fall in. 0 when the file has no index (not an mp4).
   */
  private static long peakBitsPerSecond(AVFormatContext in, AVStream video, List<AVStream> streams) {
    List<Double> starts = new ArrayList<>();
    double timeBase = av_q2d(video.time_base());
    for (int i = 0, n = avformat_index_get_entries_count(video); i < n; i++) {
      AVIndexEntry sample = avformat_index_get_entry(video, i);
      double at = sample.timestamp() * timeBase;
      boolean keyframe = (sample.flags() & AVIndexEntry.AVINDEX_KEYFRAME) != 0;
      if (keyframe && (starts.isEmpty() || at - starts.get(starts.size() - 1) >= VodHls.SEGMENT_SECONDS)) starts.add(at);
    }
    if (starts.isEmpty()) return 0;
    Collections.sort(starts);
    long[] bytes = new long[starts.size()];
    double end = in.duration() > 0 ? in.duration() / (double) AV_TIME_BASE : 0;
    for (AVStream stream : streams) {
      double base = av_q2d(stream.time_base());
      for (int i = 0, n = avformat_index_get_entries_count(stream); i < n; i++) {
        AVIndexEntry sample = avformat_index_get_entry(stream, i);
        double at = sample.timestamp() * base;
        end = Math.max(end, at);
        int found = Collections.binarySearch(starts, at);
        int segment = found >= 0 ? found : Math.max(0, -found - 2); // the last start at or before the sample
        bytes[segment] += sample.size();
      }
    }
    long peak = 0;
    for (int k = 0; k < starts.size(); k++) {
      double until = k + 1 < starts.size() ? starts.get(k + 1) : end;
      peak = Math.max(peak, Math.round(bytes[k] * 8 / Math.max(until - starts.get(k), MIN_PEAK_SECONDS)));
    }
    return peak;
  }
}
