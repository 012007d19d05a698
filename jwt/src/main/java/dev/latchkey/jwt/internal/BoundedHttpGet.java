package dev.latchkey.jwt.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP GET of a small document (a JWK set, an OpenID Connect discovery document), bounded as a
 * whole rather than per read:
 *
 * <ul>
 *   <li>a total deadline covers connecting, the TLS handshake, the headers and the body, so a server
 *       that trickles one byte a second, or never answers, is cut off when the deadline passes (each
 *       read waits at most for what is left of it);
 *   <li>the size cap is enforced while the body streams, whatever {@code Content-Length} says;
 *   <li>redirects are refused, or followed (at most three) only to the same scheme, host and port;
 *   <li>HTTP/1.1 with {@code Connection: close}: no connection is pooled, so no keep-alive thread.
 * </ul>
 *
 * <p>Only resolving the host name is not bounded by the deadline (the JDK offers no timeout for it); a
 * literal address needs no resolution.
 *
 * <p>It runs on the calling thread and starts no thread. Failure messages name the URL without its
 * user information or query (which may carry credentials) and never quote the response. Thread-safe:
 * {@link #close()} from another thread aborts the fetches in progress.
 */
public final class BoundedHttpGet implements AutoCloseable {
  private static final int MAX_REDIRECTS = 3;
  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_HEADER_LINES = 100;

  private final Duration deadline;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxBytes;
  private final boolean sameOriginRedirects;
  private final SSLSocketFactory tls;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * A fetcher with these bounds.
   *
   * @param deadline the most one {@link #get} may take, redirects included; positive
   * @param connectTimeout the most connecting may take (never more than what is left of the deadline)
   * @param readTimeout the most one read may wait (never more than what is left of the deadline)
   * @param maxBytes the largest body accepted
   * @param sameOriginRedirects whether redirects to the same scheme, host and port are followed
   * @param tls the factory for {@code https} connections
   */
  public BoundedHttpGet(
      Duration deadline, Duration connectTimeout, Duration readTimeout, int maxBytes, boolean sameOriginRedirects,
      SSLSocketFactory tls) {
    this.deadline = requirePositive(deadline, "deadline");
    this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
    this.readTimeout = requirePositive(readTimeout, "readTimeout");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.maxBytes = maxBytes;
    this.sameOriginRedirects = sameOriginRedirects;
    this.tls = Objects.requireNonNull(tls, "tls");
  }

  private static Duration requirePositive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return d;
  }

  /**
   * The body of a {@code 200} answer to a GET of {@code url}.
   *
   * @param url an {@code http} or {@code https} URL
   * @return the body, at most the size cap
   * @throws FetchFailedException if the server cannot be reached, answers anything but {@code 200}
   *     (a refused redirect included), sends a malformed or oversized response, or does not finish
   *     within the deadline, or if this fetcher was closed
   */
  public byte[] get(URI url) throws FetchFailedException {
    long until = System.nanoTime() + deadline.toNanos();
    URI current = url;
    for (int hop = 0; ; hop++) {
      Answer answer = exchange(current, until);
      if (!answer.isRedirect()) {
        if (answer.status() != 200) {
          throw new FetchFailedException(display(url) + " answered HTTP " + answer.status());
        }
        return answer.body();
      }
      if (!sameOriginRedirects) {
        throw new FetchFailedException(display(url) + " answered with a redirect (HTTP " + answer.status() + "); redirects are refused");
      }
      URI next;
      try {
        next = current.resolve(new URI(answer.location()));
      } catch (java.net.URISyntaxException | IllegalArgumentException e) {
        throw new FetchFailedException(display(url) + " redirected to a malformed location");
      }
      if (!sameOrigin(current, next)) {
        throw new FetchFailedException(display(url) + " redirected to another origin; only same-origin redirects are followed");
      }
      if (hop + 1 > MAX_REDIRECTS) {
        throw new FetchFailedException(display(url) + " redirected more than " + MAX_REDIRECTS + " times");
      }
      current = next;
    }
  }

  /** Aborts the fetches in progress (their sockets are closed); every later {@link #get} fails at once. */
  @Override
  public void close() {
    closed = true;
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  /** {@code url} as it may appear in a message or log: scheme, host, port and path; no user information or query. */
  public static String display(URI url) {
    StringBuilder s = new StringBuilder();
    s.append(url.getScheme() == null ? "?" : url.getScheme()).append("://").append(url.getHost() == null ? "?" : url.getHost());
    if (url.getPort() != -1) {
      s.append(':').append(url.getPort());
    }
    return s.append(url.getRawPath() == null ? "" : url.getRawPath()).toString();
  }

  /** Whether both URLs have the same scheme, host and (effective) port. */
  public static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  /** What one request got: a status, and the body of a {@code 200} or the location of a redirect. */
  private record Answer(int status, byte[] body, String location) {
    boolean isRedirect() {
      return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && location != null;
    }
  }

  private Answer exchange(URI url, long until) throws FetchFailedException {
    String name = display(url);
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    if (!https && !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
      throw new FetchFailedException(name + " is not an http or https URL");
    }
    String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
    DeadlineSocket raw = new DeadlineSocket(until, readTimeout);
    open.add(raw);
    try {
      if (closed) {
        throw new FetchFailedException(name + " was not fetched: the source is closed");
      }
      raw.connect(new InetSocketAddress(host, port(url)), raw.waitMillis(connectTimeout));
      Socket socket = raw;
      if (https) {
        SSLSocket ssl = (SSLSocket) tls.createSocket(raw, host, port(url), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        socket = ssl;
      }
      OutputStream out = socket.getOutputStream();
      out.write(request(url).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream(), 8192), name);
    } catch (FetchFailedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FetchFailedException(name + " " + describe(e, until));
    } finally {
      open.remove(raw);
      closeQuietly(raw);
    }
  }

  private static String request(URI url) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    String host = url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    return "GET " + path + " HTTP/1.1\r\n"
        + "Host: " + host + "\r\n"
        + "Accept: application/json\r\n"
        + "User-Agent: latchkey\r\n"
        + "Connection: close\r\n\r\n";
  }

  private String describe(Exception e, long until) {
    if (closed) {
      return "was not fetched: the source was closed";
    }
    if (e instanceof java.io.InterruptedIOException && !(e instanceof SocketTimeoutException)) {
      return "was not fetched: interrupted";
    }
    if (System.nanoTime() - until >= 0) {
      return "did not answer in full within the fetch deadline of " + seconds(deadline);
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out";
    }
    if (e instanceof UnknownHostException) {
      return "cannot be reached: the host name does not resolve";
    }
    if (e instanceof ConnectException) {
      return "cannot be reached (" + e.getClass().getSimpleName() + ")";
    }
    if (e instanceof SSLException) {
      return "failed the TLS handshake or check (" + e.getClass().getSimpleName() + ")";
    }
    return "failed (" + e.getClass().getSimpleName() + ")";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** Reads a response: informational answers skipped, then the status, headers and (for a 200) the body. */
  private Answer read(InputStream in, String name) throws IOException, FetchFailedException {
    int status;
    Headers headers;
    int informational = 0;
    do {
      status = statusOf(readLine(in, name), name);
      headers = readHeaders(in, name);
    } while (status >= 100 && status < 200 && ++informational < 5);
    if (status != 200) {
      return new Answer(status, new byte[0], headers.location);
    }
    if (headers.contentEncoding != null && !headers.contentEncoding.equalsIgnoreCase("identity")) {
      throw new FetchFailedException(name + " sent a compressed body, which was not asked for");
    }
    byte[] body;
    if (headers.transferEncoding != null) {
      if (!headers.transferEncoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
        throw new FetchFailedException(name + " sent a transfer encoding other than chunked");
      }
      body = readChunked(in, name);
    } else if (headers.contentLength >= 0) {
      if (headers.contentLength > maxBytes) {
        throw tooLarge(name);
      }
      body = readExactly(in, (int) headers.contentLength, name);
    } else {
      body = readToEnd(in, name);
    }
    return new Answer(status, body, null);
  }

  private static int statusOf(String line, String name) throws FetchFailedException {
    // HTTP/1.1 200 OK
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new FetchFailedException(name + " did not answer in HTTP/1.x");
    }
    try {
      return Integer.parseInt(line.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new FetchFailedException(name + " sent a malformed status line");
    }
  }

  /** The headers that matter here. */
  private static final class Headers {
    long contentLength = -1;
    String transferEncoding;
    String contentEncoding;
    String location;
  }

  private static Headers readHeaders(InputStream in, String name) throws IOException, FetchFailedException {
    Headers headers = new Headers();
    for (int lines = 0; ; lines++) {
      String line = readLine(in, name);
      if (line.isEmpty()) {
        return headers;
      }
      if (lines >= MAX_HEADER_LINES) {
        throw new FetchFailedException(name + " sent more than " + MAX_HEADER_LINES + " header lines");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new FetchFailedException(name + " sent a malformed header line");
      }
      String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (field) {
        case "content-length":
          long length;
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            length = -2;
          }
          if (length < 0 || (headers.contentLength >= 0 && headers.contentLength != length)) {
            throw new FetchFailedException(name + " sent an invalid Content-Length");
          }
          headers.contentLength = length;
          break;
        case "transfer-encoding":
          headers.transferEncoding = value;
          break;
        case "content-encoding":
          headers.contentEncoding = value;
          break;
        case "location":
          headers.location = value;
          break;
        default:
          break;
      }
    }
  }

  /** One line without its CRLF (or LF), in ISO-8859-1; at most {@value #MAX_LINE} bytes. */
  private static String readLine(InputStream in, String name) throws IOException, FetchFailedException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new FetchFailedException(name + " closed the connection before the response was complete");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new FetchFailedException(name + " sent a header line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  private byte[] readExactly(InputStream in, int length, String name) throws IOException, FetchFailedException {
    byte[] body = new byte[length];
    int read = 0;
    while (read < length) {
      int n = in.read(body, read, length - read);
      if (n < 0) {
        throw new FetchFailedException(name + " closed the connection before the body was complete");
      }
      read += n;
    }
    return body;
  }

  private byte[] readToEnd(InputStream in, String name) throws IOException, FetchFailedException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (body.size() + n > maxBytes) {
        throw tooLarge(name);
      }
      body.write(buffer, 0, n);
    }
    return body.toByteArray();
  }

  private byte[] readChunked(InputStream in, String name) throws IOException, FetchFailedException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in, name);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
      long size;
      try {
        size = hex.isEmpty() || hex.length() > 8 ? -1 : Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0) {
        throw new FetchFailedException(name + " sent a malformed chunk");
      }
      if (size == 0) {
        while (!readLine(in, name).isEmpty()) {
          // trailer fields are ignored
        }
        return body.toByteArray();
      }
      if (body.size() + size > maxBytes) {
        throw tooLarge(name);
      }
      body.write(readExactly(in, (int) size, name));
      if (!readLine(in, name).isEmpty()) {
        throw new FetchFailedException(name + " sent a malformed chunk");
      }
    }
  }

  private FetchFailedException tooLarge(String name) {
    return new FetchFailedException(name + " sent a response larger than " + maxBytes + " bytes");
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /**
   * A plain socket whose reads never wait past the deadline: before each read, its timeout is set to
   * what is left (at most the read timeout), and once the deadline has passed a read fails at once. A
   * TLS socket layered on it reads through it too, so the handshake is bounded as well.
   */
  private static final class DeadlineSocket extends Socket {
    private static final int SLICE_MILLIS = 200;
    private final long until;
    private final Duration readTimeout;
    private InputStream in;

    DeadlineSocket(long until, Duration readTimeout) {
      this.until = until;
      this.readTimeout = readTimeout;
    }

    /** The least of {@code limit} and what is left of the deadline, in milliseconds, at least 1. */
    int waitMillis(Duration limit) throws SocketTimeoutException {
      long left = until - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("the deadline has passed");
      }
      long millis = Math.min(limit.toMillis(), (left + 999_999) / 1_000_000);
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new FilterInputStream(super.getInputStream()) {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            // Waits in short slices, so an interrupt (the background shutting down) ends the wait soon.
            long readUntil = System.nanoTime() + readTimeout.toNanos();
            while (true) {
              long forThisRead = Math.max(1, (readUntil - System.nanoTime() + 999_999) / 1_000_000);
              setSoTimeout(Math.min(waitMillis(readTimeout), (int) Math.min(SLICE_MILLIS, forThisRead)));
              try {
                return super.read(b, off, len);
              } catch (SocketTimeoutException e) {
                if (Thread.currentThread().isInterrupted()) {
                  throw new java.io.InterruptedIOException("interrupted");
                }
                if (System.nanoTime() - readUntil >= 0) {
                  throw e;
                }
              }
            }
          }
        };
      }
      return in;
    }
  }

  /** A fetch failed; the message names the URL (without credentials) and what went wrong, never the response. */
  public static final class FetchFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * A failure.
     *
     * @param message what went wrong; never a secret
     */
    public FetchFailedException(String message) {
      super(message, null, false, false);
    }
  }
}
