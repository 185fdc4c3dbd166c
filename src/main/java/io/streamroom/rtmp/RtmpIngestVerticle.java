package io.streamroom.rtmp;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.CommandType;
import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.live.LivePublisher;
import io.streamroom.record.StreamRecorder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Streaming from OBS or ffmpeg: {@code rtmp://<host>:<rtmp.port>/live/<stream key>}. The chat service says
 * whose key it is (and so which channel); the channel's claim makes it the one stream there, whatever other
 * source tries; each publisher then gets an {@link RtmpStream}. Answers {@code live.ingest.stop}.
 */
public final class RtmpIngestVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RtmpIngestVerticle.class);
  /** The RTMP "application" in the URL; streaming sites use the same. */
  static final String APP = "live";

  private final Config config;
  private final Map<String, RtmpStream> streams = new HashMap<>();
  private RtmpServer server;
  private StreamRecorder recorder;
  private ChatClient chat;

  public RtmpIngestVerticle(Config config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    recorder = new StreamRecorder(vertx, config);
    chat = ChatClient.withoutSession(vertx.eventBus());
    vertx.eventBus().<JsonObject>consumer(Addresses.INGEST_STOP, m -> {
      RtmpStream stream = streams.get(m.body().getString("channel"));
      if (stream != null) stream.stop("stopped by " + m.body().getString("by"));
      m.reply(new JsonObject().put("stopped", stream != null));
    });
    server = new RtmpServer(vertx, this::publish);
    String host = config.string(Setting.HOST);
    int port = config.port(Setting.RTMP_PORT);
    return server.listen(host, port)
        .recover(e -> Future.failedFuture(ConfigException.of(Setting.RTMP_PORT, "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")")))
        .onSuccess(bound -> log.info("RTMP ingest on port {}", bound));
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }

  private Future<RtmpSink> publish(String app, String key, SocketAddress client, Runnable disconnect) {
    if (!APP.equals(app)) {
      return Future.failedFuture("publish to rtmp://<host>:<port>/" + APP + "/<stream key>");
    }
    return chat.request(CommandType.STREAM_WITH, new JsonObject().put("key", key)).compose(owner -> {
      String channel = owner.getString("channel");
      LivePublisher publisher = new LivePublisher(vertx, channel);
      return publisher.claim().compose(granted -> {
        if (!granted) return Future.failedFuture(channel + " is already live");
        RtmpStream stream = new RtmpStream(vertx, vertx.getOrCreateContext(), channel, owner.getString("user"), publisher,
            recorder, config, disconnect, ended -> streams.remove(channel, ended));
        streams.put(channel, stream);
        stream.start();
        return Future.succeededFuture(stream);
      });
    });
  }
}
