package io.streamroom.live;

/** A picture in YUV 4:2:0 (full-range, as JPEG wants it): one luma plane and two quarter-size chroma planes. */
public final class Yuv420Image {
  final int width;
  final int height;
  final byte[] y;
  final byte[] u;
  final byte[] v;

  Yuv420Image(int width, int height) {
    if (width % 2 != 0 || height % 2 != 0) throw new IllegalArgumentException("width and height must be even");
    this.width = width;
    this.height = height;
    this.y = new byte[width * height];
    this.u = new byte[width * height / 4];
    this.v = new byte[width * height / 4];
  }
}
