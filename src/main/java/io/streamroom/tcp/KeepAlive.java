package io.streamroom.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP keepalive with our own timing on an accepted chat socket, so a peer that vanished (a laptop lid
 * closed, a NAT that forgot us) is noticed in about a minute instead of the kernel's two hours. Quiet but
 * live users answer the probes in the kernel and never notice them. Vert.x 5.0 can switch keepalive on
 * but not time it, so the timing is set on the Netty channel: epoll's own options (the transport we run
 * on), or the JDK's extended socket options where Vert.x fell back to NIO.
 */
final class KeepAlive {
  private static final Logger log = LoggerFactory.getLogger(KeepAlive.class);
  /** Between unanswered probes: a few seconds is plenty for a live peer's kernel to answer. */
  static final int PROBE_INTERVAL_SECONDS = 10;
  /** Unanswered probes before the connection is dropped: one lost packet must not end a session. */
  static final int PROBES = 3;
  private static boolean warned;

  private KeepAlive() {}

  /** Turns keepalive on for this socket: first probe after {@code idleSeconds} of silence. */
  static void apply(NetSocket socket, int idleSeconds) {
    Channel channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
    ChannelConfig config = channel.config();
    int interval = Math.min(idleSeconds, PROBE_INTERVAL_SECONDS);
    boolean set = config.setOption(ChannelOption.SO_KEEPALIVE, true) && (channel instanceof EpollSocketChannel
        ? config.setOption(EpollChannelOption.TCP_KEEPIDLE, idleSeconds)
            && config.setOption(EpollChannelOption.TCP_KEEPINTVL, interval)
            && config.setOption(EpollChannelOption.TCP_KEEPCNT, PROBES)
        : config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idleSeconds)
            && config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), interval)
            && config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), PROBES));
    if (!set && !warned) {
      warned = true;
      log.warn("TCP keepalive timing is not supported by this transport ({}); dead peers are found by the kernel's defaults",
          channel.getClass().getSimpleName());
    }
  }
}
