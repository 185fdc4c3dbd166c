package io.streamroom.hls;

import io.vertx.core.buffer.Buffer;

/** One fragment as a partial segment: its bytes in direct memory, how long it plays, whether a player can start at it. */
record HlsPart(Buffer bytes, double duration, boolean independent) {}
