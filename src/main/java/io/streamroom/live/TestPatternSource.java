package io.streamroom.live;

/** The synthetic source: always available, paced by the capture loop. */
final class TestPatternSource implements FrameSource {
  private final TestPattern pattern;
  private long frame;

  TestPatternSource(int width, int height) {
    pattern = new TestPattern(width, height);
  }

  @Override
  public boolean next(Yuv420Image into) {
    pattern.draw(into, frame++, System.currentTimeMillis());
    return true;
  }

  @Override
  public double nativeFrameRate() {
    return 0;
  }

  @Override
  public String describe() {
    return "test pattern";
  }

  @Override
  public void close() {
    // nothing to release
  }
}
