package io.streamroom.hls;

import io.vertx.core.buffer.Buffer;

/**
 * One moof+mdat from the muxer (with any styp, sidx or prft before it). decodeTime/timescale are the video
 * track's (the first track's when there is no video); independent = it starts with a video sync sample
 * (always true for audio-only).
 */
public record Fmp4Fragment(Buffer bytes, long decodeTime, long timescale, double durationSeconds, boolean independent) {}
