package dev.latchkey.jwt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWK set server on loopback, written on a bare server socket so it can misbehave the ways a real
 * one does: trickle its answer a byte at a time, hang, reset the connection mid-answer, or stream an
 * endless body. Each connection gets a daemon thread named {@value #THREAD_PREFIX}…; requests are
 * counted by path and query.
 */
final class MisbehavingKeyServer implements AutoCloseable {
  static final String THREAD_PREFIX = "test-key-server-";

  /** How the server answers. */
  enum Mode {
    /** The JWK set, with a Content-Length. */
    SERVE,
    /** A valid answer, one byte every 100 ms, so no single read ever waits long. */
    TRICKLE,
    /** Reads the request and never answers. */
    HANG,
    /** Starts an answer, then resets the connection. */
    RESET,
    /** A body without a length that never ends, sent as fast as the client reads. */
    OVERSIZED
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final List<Thread> handlers = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Mode mode = Mode.SERVE;
  private volatile String body;

  private MisbehavingKeyServer(String body) throws IOException {
    this.body = body;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, THREAD_PREFIX + "acceptor-" + THREADS.incrementAndGet());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static MisbehavingKeyServer serving(String body) throws IOException {
    return new MisbehavingKeyServer(body);
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getLocalPort() + pathAndQuery;
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  void body(String body) {
    this.body = body;
  }

  /** Requests received for {@code pathAndQuery} so far. */
  int hits(String pathAndQuery) {
    AtomicInteger n = hits.get(pathAndQuery);
    return n == null ? 0 : n.get();
  }

  /** Waits until {@code pathAndQuery} was requested {@code count} times, at most {@code timeout}; whether it was. */
  boolean awaitHits(String pathAndQuery, int count, java.time.Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    synchronized (hits) {
      while (hits(pathAndQuery) < count) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(hits, left);
      }
      return true;
    }
  }

  /** Requests received for any path so far. */
  int hits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      clients.add(client);
      Thread handler = new Thread(() -> handle(client), THREAD_PREFIX + THREADS.incrementAndGet());
      handler.setDaemon(true);
      handlers.add(handler);
      handler.start();
    }
  }

  private void handle(Socket client) {
    try (client) {
      String target = readRequestTarget(client.getInputStream());
      Mode now = mode;
      synchronized (hits) {
        hits.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
        hits.notifyAll();
      }
      OutputStream out = client.getOutputStream();
      byte[] json = body.getBytes(StandardCharsets.UTF_8);
      String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
      switch (now) {
        case SERVE -> {
          out.write((head + "Content-Length: " + json.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(json);
          out.flush();
        }
        case TRICKLE -> {
          byte[] whole = concat((head + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), json);
          for (byte b : whole) {
            out.write(b);
            out.flush();
            if (closing.await(100, TimeUnit.MILLISECONDS)) {
              return;
            }
          }
        }
        case HANG -> closing.await();
        case RESET -> {
          out.write((head + "Content-Length: 100000\r\n\r\n{\"keys\":[").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          client.setSoLinger(true, 0);
        }
        case OVERSIZED -> {
          out.write((head + "Connection: close\r\n\r\n{\"keys\":[").getBytes(StandardCharsets.US_ASCII));
          byte[] padding = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
          while (closing.getCount() > 0) {
            out.write(padding);
          }
        }
        default -> throw new IllegalStateException();
      }
    } catch (IOException e) {
      // the client went away (as a bounded client does)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(client);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  /** Reads the request head; returns its target (path and query). */
  private static String readRequestTarget(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the client closed before its request was complete");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String requestLine = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    String[] parts = requestLine.split(" ");
    return parts.length > 1 ? parts[1] : "";
  }

  /** Stops accepting, ends every connection and waits for the server's threads. */
  @Override
  public void close() {
    closing.countDown();
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    for (Socket client : clients) {
      try {
        client.close();
      } catch (IOException e) {
        // already closed
      }
    }
    try {
      acceptor.join(5_000);
      for (Thread handler : handlers) {
        handler.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
