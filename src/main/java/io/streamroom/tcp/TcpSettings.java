package io.streamroom.tcp;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.tls.Tls;

/**
 * What a TCP chat connection (telnet or IRC) needs to know from the configuration.
 * @param ircPort the dedicated IRC port, 0 for none (IRC is also spoken on {@code port})
 * @param tlsChatPort the chat port with TLS, 0 for none (always 0 without a certificate)
 * @param ircPingMillis how long an IRC client may be silent before it is pinged, and then before it is cut
 * @param ircServerName the server's name in IRC replies
 * @param ircServerDescription what IRC's WHOIS and INFO say the server is
 * @param flushMillis how long output may wait under load to go out with what follows (see {@link OutputBatch})
 */
public record TcpSettings(String host, int port, int ircPort, int tlsChatPort, long nickTimeoutMillis, int maxPendingOutputBytes,
                          int keepAliveSeconds, long ircPingMillis, String ircServerName, String ircServerDescription, String ircPassword,
                          String httpBase, long flushMillis) {
  static TcpSettings from(Config config) {
    String host = config.string(Setting.HOST);
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    boolean tls = Tls.configured(config);
    return new TcpSettings(host, config.port(Setting.TCP_PORT), config.port(Setting.IRC_PORT), tls ? config.port(Setting.TLS_CHAT_PORT) : 0,
        config.integer(Setting.NICK_TIMEOUT_SECONDS) * 1000L, config.integer(Setting.MAX_PENDING_OUTPUT),
        config.integer(Setting.TCP_KEEPALIVE_SECONDS), config.integer(Setting.IRC_PING_SECONDS) * 1000L, config.string(Setting.IRC_SERVER_NAME),
        config.string(Setting.IRC_SERVER_DESCRIPTION), config.string(Setting.IRC_PASSWORD),
        (tls ? "https://" : "http://") + shown + ":" + config.port(Setting.HTTP_PORT), config.integer(Setting.TCP_FLUSH_MILLIS));
  }
}
