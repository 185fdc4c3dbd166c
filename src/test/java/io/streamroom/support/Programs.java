package io.streamroom.support;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real programs a test drives. .ci/run installs them; elsewhere a test without them is skipped. */
public final class Programs {
  private Programs() {}

  /** Skips the test when a program is missing, except on CI, where that is an error. */
  public static void require(String... paths) {
    for (String path : paths) {
      boolean present = Files.exists(Path.of(path));
      if (!present && "true".equals(System.getenv("CI"))) throw new AssertionError(path + " is missing: .ci/run installs it");
      assumeTrue(present, path + " is not installed");
    }
  }
}
