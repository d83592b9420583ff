package dev.tandem.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One blocking HTTP/1.1 keep-alive connection on a plain socket, for the load generator: it
 * writes a pre-formatted request and reads the status and body (Content-Length or chunked),
 * reconnecting when the server closed the connection. A few microseconds of client CPU per
 * request, so that one 2-core machine measures the server and not the generator.
 *
 * <p>Not thread-safe: one connection per worker thread.
 */
final class HttpConnection implements AutoCloseable {
  /** Status and body of one response. */
  record Response(int status, String body) {}

  private final String host;
  private final int port;
  private final String authHeader;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
  private final StringBuilder line = new StringBuilder(128);
  private final StringBuilder head = new StringBuilder(256);

  /**
   * @param base e.g. {@code http://127.0.0.1:8080}
   * @param key API key sent as {@code Authorization: Bearer KEY}; empty sends none
   */
  HttpConnection(URI base, String key) {
    if (!"http".equals(base.getScheme())) {
      throw new IllegalArgumentException("url (" + base + ") must be http://HOST:PORT");
    }
    this.host = base.getHost();
    this.port = base.getPort() < 0 ? 80 : base.getPort();
    this.authHeader = key.isEmpty() ? "" : "Authorization: Bearer " + key + "\r\n";
  }

  Response get(String path) throws IOException {
    return exchange(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + authHeader + "\r\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  Response post(String path, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + authHeader
        + "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + b.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(b, 0, all, head.length, b.length);
    return exchange(all);
  }

  private Response exchange(byte[] request) throws IOException {
    boolean fresh = socket == null;
    if (fresh) {
      connect();
    }
    try {
      out.write(request);
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      if (fresh) {
        throw e;
      }
      connect(); // a kept-alive connection the server closed: retry once on a new one
      out.write(request);
      out.flush();
      return read();
    }
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream(), 16384);
    out = socket.getOutputStream();
  }

  /** The status line and headers of the last response, for error messages. */
  String lastHead() {
    return head.toString();
  }

  private Response read() throws IOException {
    head.setLength(0);
    String status = readLine();
    head.append(status);
    if (!status.startsWith("HTTP/1.")) {
      throw new IOException("bad status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String h = readLine(); !h.isEmpty(); h = readLine()) {
      head.append(" | ").append(h);
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = Long.parseLong(value);
      } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
        chunked = true;
      } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
        closeAfter = true;
      }
    }
    body.reset();
    if (chunked) {
      for (;;) {
        String size = readLine();
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          while (!readLine().isEmpty()) {
            // trailers
          }
          break;
        }
        copy(n);
        readLine();
      }
    } else if (length >= 0) {
      copy(length);
    } else {
      closeAfter = true;
      in.transferTo(body);
    }
    Response r = new Response(code, body.toString(StandardCharsets.UTF_8));
    if (closeAfter) {
      close();
    }
    return r;
  }

  private void copy(long n) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int k = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (k < 0) {
        throw new EOFException("connection closed mid-body");
      }
      body.write(buf, 0, k);
      n -= k;
    }
  }

  private String readLine() throws IOException {
    line.setLength(0);
    for (;;) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (c == '\n') {
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
          line.setLength(len - 1);
        }
        return line.toString();
      }
      line.append((char) c);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a broken connection
      }
    }
    socket = null;
  }
}
