package io.streamroom.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's configuration table is the user's only list of settings: it must name every one. */
class ReadmeTest {
  @Test
  void readmeDocumentsEverySetting() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (Setting s : Setting.values()) {
      assertTrue(readme.contains("`" + s.envName() + "`"), s.envName() + " is missing from README.md");
      assertTrue(readme.contains("`" + s.key() + "`"), s.key() + " is missing from README.md");
    }
  }
}
