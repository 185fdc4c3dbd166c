package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps every tag; its end is a future a test waits on. */
class RecordingSink implements RtmpSink {
  record Tag(int type, long timestamp, byte[] payload) {
    /** The first two bytes: for video 0x17 0x00 is an AVC sequence header, 0x17 0x01 a keyframe; 0xAF 0x00 is AAC's. */
    List<Integer> head() {
      return List.of(payload[0] & 0xFF, payload[1] & 0xFF);
    }
  }

  final String app;
  final SocketAddress client;
  final List<Tag> tags = Collections.synchronizedList(new ArrayList<>());
  final CompletableFuture<String> ended = new CompletableFuture<>();
  final AtomicInteger ends = new AtomicInteger();
  volatile Runnable resume;

  RecordingSink(String app, SocketAddress client) {
    this.app = app;
    this.client = client;
  }

  @Override
  public boolean tag(int type, long timestampMillis, Buffer payload) {
    tags.add(new Tag(type, timestampMillis, payload.getBytes()));
    return true;
  }

  @Override
  public void onDrain(Runnable resume) {
    this.resume = resume;
  }

  @Override
  public void end(String reason) {
    ends.incrementAndGet();
    ended.complete(reason);
  }

  Tag first(int type) {
    return List.copyOf(tags).stream().filter(t -> t.type == type).findFirst().orElseThrow();
  }

  /** The tags as FLV: what FFmpeg's flv demuxer (and ffprobe) read. */
  Buffer flv() {
    Buffer file = Flv.header(true, true);
    List.copyOf(tags).forEach(tag -> file.appendBuffer(Flv.tag(tag.type, tag.timestamp, Buffer.buffer(tag.payload))));
    return file;
  }

  /** Full at the 20th tag for a second, then drained from another thread; it counts what came in meanwhile. */
  static final class Slow extends RecordingSink {
    static final int FULL_AT = 20;
    final AtomicInteger tagsAfterAWhile = new AtomicInteger(-1);
    final AtomicInteger tagsBeforeDrain = new AtomicInteger(-2);

    Slow(String app, SocketAddress client) {
      super(app, client);
    }

    @Override
    public boolean tag(int type, long timestampMillis, Buffer payload) {
      super.tag(type, timestampMillis, payload);
      if (tags.size() != FULL_AT) return true;
      new Thread(() -> {
        sleep(300);
        tagsAfterAWhile.set(tags.size());
        sleep(700);
        tagsBeforeDrain.set(tags.size());
        resume.run();
      }).start();
      return false;
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
