package io.streamroom.vod;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * A file's video and sound, packet by packet, into another container without decoding (what
 * {@code ffmpeg -c copy} does): a fragmented mp4 into a plain one, an mp4 into HLS segments. Written with
 * FFmpeg's own calls rather than JavaCV's {@code recordPacket}, which gives the video a time base of one
 * frame and so breaks timestamps of variable frame rate recordings; here every stream keeps its own.
 * Other streams (subtitles, data, a second sound track) are left out. Blocking.
 */
final class StreamCopy {
  private StreamCopy() {}

  /** Writes {@code target} in {@code format} (FFmpeg's muxer name) with the muxer's {@code options}. */
  static void copy(Path source, String target, String format, Map<String, String> options) throws IOException {
    av_log_set_level(AV_LOG_ERROR); // muxers announce every file they open at the default level
    AVFormatContext in = new AVFormatContext(null);
    Ffmpeg.check(avformat_open_input(in, source.toString(), null, null), "cannot open " + source);
    try {
      Ffmpeg.check(avformat_find_stream_info(in, (PointerPointer<?>) null), "cannot read the streams of " + source);
      AVFormatContext out = new AVFormatContext(null);
      Ffmpeg.check(avformat_alloc_output_context2(out, null, format, target), "cannot write " + format);
      try {
        int[] outputOf = addStreams(in, out);
        if ((out.oformat().flags() & AVFMT_NOFILE) == 0) {
          AVIOContext file = new AVIOContext(null);
          Ffmpeg.check(avio_open(file, target, AVIO_FLAG_WRITE), "cannot create " + target);
          out.pb(file);
        }
        writeHeader(out, options);
        copyPackets(in, out, outputOf);
        Ffmpeg.check(av_write_trailer(out), "cannot finish " + target);
      } finally {
        if (out.pb() != null && (out.oformat().flags() & AVFMT_NOFILE) == 0) avio_closep(out.pb());
        avformat_free_context(out);
      }
    } finally {
      avformat_close_input(in);
    }
  }

  /** The best video and sound streams get an output stream each; {@code outputOf[input]} is -1 for the rest. */
  private static int[] addStreams(AVFormatContext in, AVFormatContext out) throws IOException {
    int[] outputOf = new int[in.nb_streams()];
    Arrays.fill(outputOf, -1);
    int video = Ffmpeg.check(av_find_best_stream(in, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0), "no video");
    int audio = av_find_best_stream(in, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
    for (int index : new int[] {video, audio}) {
      if (index < 0) continue; // no sound
      AVStream input = in.streams(index);
      AVStream output = avformat_new_stream(out, null);
      Ffmpeg.check(avcodec_parameters_copy(output.codecpar(), input.codecpar()), "cannot copy stream parameters");
      output.codecpar().codec_tag(0); // the muxer picks the tag its container uses
      output.time_base(input.time_base());
      outputOf[index] = output.index();
    }
    return outputOf;
  }

  private static void writeHeader(AVFormatContext out, Map<String, String> options) throws IOException {
    AVDictionary dictionary = new AVDictionary(null);
    options.forEach((key, value) -> av_dict_set(dictionary, key, value, 0));
    try {
      Ffmpeg.check(avformat_write_header(out, dictionary), "cannot start the output");
    } finally {
      av_dict_free(dictionary);
    }
  }

  private static void copyPackets(AVFormatContext in, AVFormatContext out, int[] outputOf) throws IOException {
    AVPacket packet = av_packet_alloc();
    try {
      int read;
      while ((read = av_read_frame(in, packet)) >= 0) {
        int input = packet.stream_index();
        int output = outputOf[input];
        if (output < 0) {
          av_packet_unref(packet);
          continue;
        }
        // The muxer may have chosen another time base in writeHeader: rescale to the one it has now.
        av_packet_rescale_ts(packet, in.streams(input).time_base(), out.streams(output).time_base());
        packet.stream_index(output);
        packet.pos(-1);
        Ffmpeg.check(av_interleaved_write_frame(out, packet), "cannot write a packet"); // takes the packet's data
      }
      if (read != AVERROR_EOF) Ffmpeg.check(read, "cannot read the source"); // a damaged file is not a short one
    } finally {
      av_packet_free(packet);
    }
  }
}
