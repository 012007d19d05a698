package dev.latchkey.httpserver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates JDK {@link HttpServer}s that answer without waiting on the client's delayed ACK.
 *
 * <p>The JDK server writes a response's headers and its body as two writes. With Nagle's algorithm on
 * (the socket default), the body waits until the client acknowledges the headers, and a client that
 * delays its ACK (Linux does, for about 40 ms) makes every response on a kept-alive connection about
 * 40 ms late. The server turns {@code TCP_NODELAY} on only if the system property {@value #NODELAY_PROPERTY}
 * is {@code true} when its configuration class is first used, that is, when the first
 * {@code HttpServer} of the JVM is created; it never reads the property again.
 *
 * <p>{@link #create(InetSocketAddress, int)} therefore sets that property to {@code true} (unless the
 * JVM was started with it set either way, which it respects) before creating the server. Create the
 * JVM's first {@code HttpServer} through it, or start the JVM with
 * {@code -Dsun.net.httpserver.nodelay=true}: a server created earlier by other code has already fixed
 * the setting for the whole JVM, and no public API can tell or change it afterwards.
 *
 * <p>Stateless and thread-safe. It changes one system property and nothing else.
 */
public final class LatchkeyHttpServer {
  /** The system property the JDK's HTTP server reads {@code TCP_NODELAY} from: {@value}. */
  public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  private LatchkeyHttpServer() {}

  /**
   * A new, not yet started server bound to {@code address}, with {@code TCP_NODELAY} on its connections
   * unless the JVM was started with {@code -Dsun.net.httpserver.nodelay=false} or created an
   * {@code HttpServer} before (see the class comment). Add a {@link LatchkeyFilter} to each context,
   * then {@link HttpServer#start()} it.
   *
   * @param address the address to bind, such as {@code new InetSocketAddress(8080)}
   * @param backlog the listen backlog; 0 or less for the system default
   * @return the bound server
   * @throws IOException if the address cannot be bound
   */
  public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
    requestNoDelay();
    return HttpServer.create(address, backlog);
  }

  /**
   * Sets {@value #NODELAY_PROPERTY} to {@code true} unless it is set already, so that the JDK's HTTP
   * server, when it first configures itself, turns {@code TCP_NODELAY} on. For a host that creates its
   * servers some other way: call this before the first one is created.
   *
   * @return whether the property is {@code true} now
   */
  public static boolean requestNoDelay() {
    synchronized (System.getProperties()) {
      if (System.getProperty(NODELAY_PROPERTY) == null) {
        System.setProperty(NODELAY_PROPERTY, "true");
      }
      return Boolean.parseBoolean(System.getProperty(NODELAY_PROPERTY));
    }
  }
}
