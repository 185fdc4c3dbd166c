package io.streamroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The load generator's clients on one chat server: N connections speaking IRC (to ngIRCd) or Streamroom's
 * telnet protocol, each in one channel, read by a few selector threads that time every marked message they
 * get; {@link #measure} has the first {@link #SENDERS} clients send marked messages at a fixed total rate.
 * Only {@link ChatProtocol} differs between servers, so both get exactly the same load.
 */
final class ChatLoad implements AutoCloseable {
  static final int SENDERS = 4;
  /** Every message is this long (before the protocol's framing), as in the figures. */
  static final int MESSAGE_BYTES = 64;
  /**
   * A reader rests this long after each round, so what arrives meanwhile comes in one read per socket: the
   * generator then costs a fraction of the servers' CPU and delays a measured line by at most this much.
   */
  private static final long READ_PAUSE_NANOS = 1_000_000;
  private static final byte[] MARK = "T!".getBytes(StandardCharsets.US_ASCII);

  /** What one run measured; rates per second over the window, CPU in cores. */
  record Result(int offered, double sent, double deliveries, double p50Millis, double p99Millis, double serverCores,
                double clientCores, String busiestThreads) {
    /** Server CPU time per delivery, in microseconds. */
    double cpuMicrosPerDelivery() {
      return serverCores * 1e6 / deliveries;
    }
  }

  private final ChatProtocol protocol;
  private final List<Client> clients = new ArrayList<>();
  private final List<Reader> readers = new ArrayList<>();
  private final CountDownLatch joined;
  private volatile boolean measuring;

  /** One connection: its socket and the line it is reading. */
  private static final class Client {
    final SocketChannel socket;
    final String channel;
    final byte[] line = new byte[4096];
    int length;
    /** The last unmarked line it read, to say why a client never got into its channel. */
    volatile String lastLine;
    boolean joined;

    Client(SocketChannel socket, String channel) {
      this.socket = socket;
      this.channel = channel;
    }

    void write(ByteBuffer data) throws IOException {
      synchronized (this) { // the sender thread and the reader (answering a PING) may both write
        while (data.hasRemaining()) {
          if (socket.write(data) == 0) Thread.onSpinWait();
        }
      }
    }
  }

  /** Clients that got into their channel. */
  int joined() {
    return clients.size() - (int) joined.getCount();
  }

  private ChatLoad(ChatProtocol protocol, int clients) {
    this.protocol = protocol;
    this.joined = new CountDownLatch(clients);
  }

  /**
   * Connects {@code count} clients one after the other (ngIRCd's listen backlog is 10), at most
   * {@code perSecond} a second (0: as fast as they are accepted), each joining {@code channelOf(i)}, and waits
   * until every one is in its channel.
   */
  static ChatLoad connect(ChatProtocol protocol, int port, int count, IntFunction<String> channelOf, int readerThreads,
                          String nickPrefix, int perSecond) throws Exception {
    long start = System.nanoTime();
    ChatLoad load = new ChatLoad(protocol, count);
    for (int r = 0; r < readerThreads; r++) load.readers.add(load.new Reader(r));
    for (int i = 0; i < count; i++) {
      SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      socket.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      Client client = new Client(socket, channelOf.apply(i));
      client.write(ByteBuffer.wrap(protocol.register(nickPrefix + i, client.channel)));
      socket.configureBlocking(false);
      load.clients.add(client);
      load.readers.get(i % readerThreads).add(client);
      if (perSecond > 0) {
        long wait = start + (i + 1) * 1_000_000_000L / perSecond - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
      }
    }
    if (!load.joined.await(120, TimeUnit.SECONDS)) {
      Client stuck = load.clients.stream().filter(c -> !c.joined).findFirst().orElseThrow();
      System.out.printf("  %d of %d clients are not in their channel after 2 minutes; one of them last read: %s%n",
          load.joined.getCount(), count, stuck.lastLine);
    }
    return load;
  }

  /**
   * {@link #SENDERS} clients send {@code perSecond} messages in total; after {@code warmUp}, deliveries, latencies
   * and both processes' CPU are taken over {@code window}.
   */
  Result measure(CpuMeter server, int perSecond, Duration warmUp, Duration window) throws Exception {
    Sender sender = new Sender(perSecond);
    Thread sending = new Thread(sender, "sender");
    sending.start();
    Thread.sleep(warmUp.toMillis());
    for (Reader reader : readers) reader.reset();
    CpuMeter self = CpuMeter.self();
    CpuMeter.Sample serverBefore = server.sample();
    CpuMeter.Sample selfBefore = self.sample();
    long sentBefore = sender.sent;
    measuring = true;
    Thread.sleep(window.toMillis());
    measuring = false;
    CpuMeter.Sample serverAfter = server.sample();
    CpuMeter.Sample selfAfter = self.sample();
    long sent = sender.sent - sentBefore;
    sender.stop = true;
    sending.join();
    Thread.sleep(1000); // the readers see `measuring` off and publish what they counted
    double seconds = (serverAfter.nanos() - serverBefore.nanos()) / 1e9;
    CpuMeter.Usage serverUsage = server.between(serverBefore, serverAfter);
    LatencyHistogram latencies = new LatencyHistogram();
    long delivered = 0;
    for (Reader reader : readers) {
      delivered += reader.published();
      latencies.add(reader.histogram);
    }
    Thread.sleep(1000); // what is still on its way lands before the next run
    return new Result(perSecond, sent / seconds, delivered / seconds, latencies.percentileMillis(50),
        latencies.percentileMillis(99), serverUsage.cores(), self.between(selfBefore, selfAfter).cores(), serverUsage.busiest(6));
  }

  /** Writes the marked messages, spread evenly over the senders and over time. */
  private final class Sender implements Runnable {
    final int perSecond;
    volatile boolean stop;
    volatile long sent;

    Sender(int perSecond) {
      this.perSecond = perSecond;
    }

    @Override
    public void run() {
      long interval = 1_000_000_000L / perSecond;
      long due = System.nanoTime();
      byte[] padding = new byte[MESSAGE_BYTES];
      java.util.Arrays.fill(padding, (byte) 'x');
      int next = 0;
      try {
        while (!stop) {
          Client client = clients.get(next++ % SENDERS);
          String stamp = "T!" + System.nanoTime() + " ";
          String text = stamp + new String(padding, 0, MESSAGE_BYTES - stamp.length(), StandardCharsets.US_ASCII);
          client.write(ByteBuffer.wrap(protocol.say(client.channel, text).getBytes(StandardCharsets.US_ASCII)));
          sent++;
          due += interval;
          long wait = due - System.nanoTime();
          if (wait > 0) LockSupport.parkNanos(wait);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One selector thread reading its share of the clients. */
  private final class Reader extends Thread {
    private final Selector selector;
    private final List<Client> pending = new ArrayList<>();
    LatencyHistogram histogram = new LatencyHistogram();
    private long delivered;
    /** Written after each round of reads, so {@link #published} sees every count made before it. */
    private volatile long rounds;
    private volatile boolean resetAsked;

    Reader(int index) throws IOException {
      super("reader-" + index);
      this.selector = Selector.open();
      setDaemon(true);
      start();
    }

    void add(Client client) {
      synchronized (pending) {
        pending.add(client);
      }
      selector.wakeup();
    }

    void reset() throws InterruptedException {
      resetAsked = true;
      while (resetAsked) Thread.sleep(1);
    }

    long published() {
      long seen = rounds;
      while (rounds == seen) LockSupport.parkNanos(1_000_000);
      return delivered;
    }

    @Override
    public void run() {
      ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
      try {
        while (selector.isOpen()) {
          selector.select(100);
          synchronized (pending) {
            for (Client client : pending) client.socket.register(selector, SelectionKey.OP_READ, client);
            pending.clear();
          }
          if (resetAsked) {
            histogram = new LatencyHistogram();
            delivered = 0;
            resetAsked = false;
          }
          for (SelectionKey key : selector.selectedKeys()) {
            Client client = (Client) key.attachment();
            buffer.clear();
            if (client.socket.read(buffer) < 0) {
              key.cancel();
              continue;
            }
            buffer.flip();
            long now = System.nanoTime();
            while (buffer.hasRemaining()) {
              byte b = buffer.get();
              if (b != '\n') {
                if (client.length < client.line.length) client.line[client.length++] = b;
              } else {
                line(client, now);
                client.length = 0;
              }
            }
          }
          selector.selectedKeys().clear();
          rounds++;
          LockSupport.parkNanos(READ_PAUSE_NANOS);
        }
      } catch (IOException | java.nio.channels.ClosedSelectorException e) {
        // closed: the run is over
      }
    }

    private void line(Client client, long now) throws IOException {
      byte[] line = client.line;
      for (int i = 0; i + 2 < client.length; i++) {
        if (line[i] != MARK[0] || line[i + 1] != MARK[1]) continue;
        long sentAt = 0;
        for (int d = i + 2; d < client.length && line[d] >= '0' && line[d] <= '9'; d++) sentAt = sentAt * 10 + line[d] - '0';
        if (measuring) {
          histogram.record(now - sentAt);
          delivered++;
        }
        return;
      }
      String text = new String(line, 0, client.length, StandardCharsets.UTF_8);
      if (!client.joined) client.lastLine = text.length() > 200 ? text.substring(0, 200) : text;
      byte[] answer = protocol.answer(text);
      if (answer != null) client.write(ByteBuffer.wrap(answer));
      if (!client.joined && protocol.joined(text, client.channel)) {
        client.joined = true;
        joined.countDown();
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (Reader reader : readers) reader.selector.close();
    for (Client client : clients) client.socket.close();
  }
}
