package io.streamroom;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.tls.Tls;

import java.nio.file.Path;

/**
 * {@code java -jar streamroom.jar [--config file.json]}: starts everything and prints where to connect.
 * A start-up problem is one line naming the setting, and exit code 1.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    long started = System.nanoTime();
    Streamroom app;
    try {
      app = Streamroom.start(Config.load(configFile(args), System.getenv(), System.getProperties()));
    } catch (ConfigException e) {
      fail(e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail("cannot start: " + e);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(app), "streamroom-shutdown"));
    printEndpoints(app.config(), app.databaseDescription(), (System.nanoTime() - started) / 1_000_000);
  }

  private static Path configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) return Path.of(args[i + 1]);
      if (args[i].startsWith("--config=")) return Path.of(args[i].substring("--config=".length()));
      throw new ConfigException("unknown argument '" + args[i] + "' (usage: java -jar streamroom.jar [--config file.json])");
    }
    return null;
  }

  private static void printEndpoints(Config config, String database, long millis) {
    String host = config.string(Setting.HOST);
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    System.out.println("Streamroom telnet chat: telnet " + shown + " " + config.port(Setting.TCP_PORT));
    int irc = config.port(Setting.IRC_PORT);
    if (irc > 0) System.out.println("Streamroom IRC:         irc://" + shown + ":" + irc + " (IRC clients also work on " + config.port(Setting.TCP_PORT) + ")");
    boolean tls = Tls.configured(config);
    if (tls && config.port(Setting.TLS_CHAT_PORT) > 0) {
      System.out.println("Streamroom chat (TLS):  openssl s_client -connect " + shown + ":" + config.port(Setting.TLS_CHAT_PORT)
          + ", ircs://" + shown + ":" + config.port(Setting.TLS_CHAT_PORT));
    }
    System.out.println("Streamroom web:         " + (tls ? "https://" : "http://") + shown + ":" + config.port(Setting.HTTP_PORT) + "/");
    if (config.bool(Setting.METRICS)) {
      System.out.println("Streamroom metrics:     " + (tls ? "https://" : "http://") + shown + ":" + config.port(Setting.HTTP_PORT) + "/metrics");
    }
    System.out.println("Started in " + millis + " ms, using " + database + ".");
  }

  private static void stop(Streamroom app) {
    System.out.println("Stopping Streamroom...");
    try {
      app.stop();
      System.out.println("Stopped.");
    } catch (RuntimeException e) {
      System.err.println("streamroom: did not stop cleanly: " + e);
    }
  }

  private static void fail(String message) {
    System.err.println("streamroom: " + message);
    System.exit(1);
  }
}
