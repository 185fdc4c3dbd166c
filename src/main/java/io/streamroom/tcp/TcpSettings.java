package io.streamroom.tcp;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;

/** What a telnet connection needs to know from the configuration. */
record TcpSettings(String host, int port, long nickTimeoutMillis, int maxPendingOutputBytes, int keepAliveSeconds,
                   String httpBase) {
  static TcpSettings from(Config config) {
    String host = config.string(Setting.HOST);
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    return new TcpSettings(host, config.port(Setting.TCP_PORT),
        config.integer(Setting.NICK_TIMEOUT_SECONDS) * 1000L, config.integer(Setting.MAX_PENDING_OUTPUT),
        config.integer(Setting.TCP_KEEPALIVE_SECONDS),
        "http://" + shown + ":" + config.port(Setting.HTTP_PORT));
  }
}
