package io.streamroom.tcp;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;

/** What a telnet connection needs to know from the configuration. */
record TcpSettings(String host, int port, long nickTimeoutMillis, int maxPendingOutputBytes) {
  static TcpSettings from(Config config) {
    return new TcpSettings(config.string(Setting.HOST), config.port(Setting.TCP_PORT),
        config.integer(Setting.NICK_TIMEOUT_SECONDS) * 1000L, config.integer(Setting.MAX_PENDING_OUTPUT));
  }
}
