package io.streamroom.live;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * A synthetic picture for when there is no camera: colour bars, a box sweeping across, and a running clock
 * (HH:MM:SS.mmm) with the frame number, drawn as seven-segment digits straight into the YUV planes. Pure
 * Java, no system library; drawing a 720p frame is a few array copies and fills.
 */
final class TestPattern {
  /** Bar colours as full-range Y, U, V: white, yellow, cyan, green, magenta, red, blue, black. */
  private static final int[][] BARS = {
      {235, 128, 128}, {210, 16, 146}, {170, 166, 16}, {145, 54, 34},
      {106, 202, 222}, {81, 90, 240}, {41, 240, 110}, {16, 128, 128}};
  /** Segments a..g lit for each digit, as bits 0..6. */
  private static final int[] SEGMENTS = {0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F};

  private final Yuv420Image background;
  private final ZoneId zone = ZoneId.systemDefault();

  TestPattern(int width, int height) {
    background = new Yuv420Image(width, height);
    for (int row = 0; row < height; row++) {
      for (int col = 0; col < width; col++) {
        int[] bar = BARS[col * BARS.length / width];
        background.y[row * width + col] = (byte) bar[0];
        if (row % 2 == 0 && col % 2 == 0) {
          int c = (row / 2) * (width / 2) + col / 2;
          background.u[c] = (byte) bar[1];
          background.v[c] = (byte) bar[2];
        }
      }
    }
  }

  void draw(Yuv420Image into, long frame, long epochMillis) {
    System.arraycopy(background.y, 0, into.y, 0, into.y.length);
    System.arraycopy(background.u, 0, into.u, 0, into.u.length);
    System.arraycopy(background.v, 0, into.v, 0, into.v.length);
    int w = into.width;
    int h = into.height;
    int box = Math.max(8, h / 6) & ~1;
    int travel = Math.max(1, w - box);
    int x = (int) (frame * Math.max(2, w / 120) % (2L * travel));
    if (x >= travel) x = 2 * travel - x; // back and forth
    fill(into, x & ~1, h - box - h / 12 & ~1, box, box, 235);

    LocalTime time = LocalTime.ofInstant(java.time.Instant.ofEpochMilli(epochMillis), zone);
    String clock = String.format("%02d:%02d:%02d.%03d", time.getHour(), time.getMinute(), time.getSecond(),
        time.getNano() / 1_000_000);
    int digit = Math.max(6, h / 10);
    drawText(into, clock, w / 16, h / 8, digit);
    drawText(into, String.valueOf(frame), w / 16, h / 8 + digit * 3 / 2, digit / 2);
  }

  /** Digits and separators (':' and '.') on a black panel. */
  private static void drawText(Yuv420Image img, String text, int left, int top, int height) {
    int width = height / 2;
    int gap = Math.max(2, height / 5);
    int stroke = Math.max(2, height / 8);
    fill(img, left - gap & ~1, top - gap & ~1, (text.length() * (width + gap) + gap) & ~1, (height + 2 * gap) & ~1, 16);
    int x = left;
    for (char c : text.toCharArray()) {
      if (Character.isDigit(c)) {
        drawDigit(img, SEGMENTS[c - '0'], x, top, width, height, stroke);
      } else if (c == ':') {
        fill(img, x + width / 2 - stroke / 2, top + height / 3, stroke, stroke, 235);
        fill(img, x + width / 2 - stroke / 2, top + 2 * height / 3, stroke, stroke, 235);
      } else if (c == '.') {
        fill(img, x + width / 2 - stroke / 2, top + height - stroke, stroke, stroke, 235);
      }
      x += width + gap;
    }
  }

  private static void drawDigit(Yuv420Image img, int segments, int x, int y, int w, int h, int t) {
    int half = h / 2;
    if ((segments & 1) != 0) fill(img, x, y, w, t, 235);                      // a: top
    if ((segments & 2) != 0) fill(img, x + w - t, y, t, half, 235);           // b: top right
    if ((segments & 4) != 0) fill(img, x + w - t, y + half, t, h - half, 235); // c: bottom right
    if ((segments & 8) != 0) fill(img, x, y + h - t, w, t, 235);              // d: bottom
    if ((segments & 16) != 0) fill(img, x, y + half, t, h - half, 235);       // e: bottom left
    if ((segments & 32) != 0) fill(img, x, y, t, half, 235);                  // f: top left
    if ((segments & 64) != 0) fill(img, x, y + half - t / 2, w, t, 235);      // g: middle
  }

  /** A grey rectangle of the given luma, clipped to the picture. */
  private static void fill(Yuv420Image img, int x, int y, int w, int h, int luma) {
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(img.width, x + w);
    int y1 = Math.min(img.height, y + h);
    if (x0 >= x1 || y0 >= y1) return;
    for (int row = y0; row < y1; row++) Arrays.fill(img.y, row * img.width + x0, row * img.width + x1, (byte) luma);
    int cw = img.width / 2;
    for (int row = y0 / 2; row < (y1 + 1) / 2; row++) {
      Arrays.fill(img.u, row * cw + x0 / 2, row * cw + (x1 + 1) / 2, (byte) 128);
      Arrays.fill(img.v, row * cw + x0 / 2, row * cw + (x1 + 1) / 2, (byte) 128);
    }
  }
}
