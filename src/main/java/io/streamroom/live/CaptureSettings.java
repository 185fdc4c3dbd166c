package io.streamroom.live;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.Names;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;

/** What the capture verticle needs from the configuration. */
public record CaptureSettings(String source, String channel, int fps, int width, int height, int quality, String audio) {
  public static CaptureSettings from(Config config) {
    String channel;
    try {
      channel = Names.channel(config.string(Setting.CAMERA_CHANNEL));
    } catch (ChatException e) {
      throw ConfigException.of(Setting.CAMERA_CHANNEL, e.getMessage());
    }
    return new CaptureSettings(config.string(Setting.CAMERA), channel,
        config.integer(Setting.CAMERA_FPS), config.integer(Setting.CAMERA_WIDTH), config.integer(Setting.CAMERA_HEIGHT),
        config.integer(Setting.CAMERA_QUALITY), config.string(Setting.CAMERA_AUDIO));
  }

  public boolean enabled() {
    return !"off".equalsIgnoreCase(source);
  }
}
