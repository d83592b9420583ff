package dev.tandem.server;

import dev.tandem.engine.ServerConfig;
import dev.tandem.wire.Wire;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The listening side of the server: one connector, plain HTTP or HTTPS from PEM files
 * ({@code server.tls_cert}, {@code server.tls_key}), with the {@link Intake} watching its
 * connections; and the error bodies Jetty writes itself (malformed requests, headers too large)
 * in the API's JSON format.
 */
final class Transport {
  private Transport() {}

  /**
   * The connector on {@code host}:{@code port}: HTTPS when {@code tls} is enabled, else HTTP.
   *
   * @throws IllegalArgumentException naming the file and what was expected when a PEM file cannot be used
   */
  static ServerConnector connector(Server server, HttpConfiguration http, String host, int port, ServerConfig.Tls tls,
      Intake intake, long idleMillis) {
    ServerConnector c;
    if (tls.enabled()) {
      HttpConfiguration https = new HttpConfiguration(http);
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false); // a certificate for a name, reached by address on loopback, still serves
      https.addCustomizer(secure);
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(keyStore(Path.of(tls.cert()), Path.of(tls.key())));
      ssl.setKeyStorePassword("");
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    } else {
      c = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    c.setHost(host);
    c.setPort(port);
    c.setIdleTimeout(idleMillis);
    c.addBean(intake); // Connection.Listener: the intake watches each connection's headers
    return c;
  }

  /**
   * A key store holding the private key of {@code keyPem} (unencrypted PKCS#8: RSA, EC or
   * Ed25519) with the certificate chain of {@code certPem}.
   *
   * @throws IllegalArgumentException naming the file when it is missing, not PEM, or of another key format
   */
  static KeyStore keyStore(Path certPem, Path keyPem) {
    try {
      Collection<? extends Certificate> chain;
      try (var in = Files.newInputStream(certPem)) {
        chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
      } catch (CertificateException e) {
        throw new IllegalArgumentException("server.tls_cert (" + certPem + ") is not a PEM certificate chain ("
            + e.getMessage() + "); expected -----BEGIN CERTIFICATE----- blocks, leaf first");
      }
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("server.tls_cert (" + certPem + ") holds no certificate; expected"
            + " -----BEGIN CERTIFICATE----- blocks, leaf first");
      }
      PrivateKey key = privateKey(keyPem);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("tandem", key, new char[0], chain.toArray(new Certificate[0]));
      return ks;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("server.tls_cert/tls_key: " + e.getFile() + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("server.tls_cert (" + certPem + ") and server.tls_key (" + keyPem
          + ") do not make a key store: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path pem) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int a = text.indexOf(begin);
    int b = text.indexOf(end);
    if (a < 0 || b < a) {
      String found = text.contains("BEGIN RSA PRIVATE KEY") ? "a PKCS#1 RSA key"
          : text.contains("BEGIN EC PRIVATE KEY") ? "a SEC1 EC key"
          : text.contains("BEGIN ENCRYPTED PRIVATE KEY") ? "an encrypted key" : "no private key";
      throw new IllegalArgumentException("server.tls_key (" + pem + ") holds " + found + "; expected an unencrypted"
          + " PKCS#8 key (-----BEGIN PRIVATE KEY-----): convert it with"
          + " `openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem`");
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(a + begin.length(), b));
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("server.tls_key (" + pem + ") is a PKCS#8 key of an algorithm other than RSA,"
        + " EC or Ed25519");
  }

  /**
   * Errors Jetty answers before a route runs (a malformed request line, headers over the size
   * limit, a bad URI), as problem details ({@link Wire#error}) with {@code X-Content-Type-Options}.
   */
  static final class JsonErrors extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, Wire.PROBLEM_JSON);
      fields.put("X-Content-Type-Options", "nosniff");
      return ByteBuffer.wrap(body(status, reason == null ? "bad request" : reason));
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest req, HttpServletResponse res) throws IOException {
      base.setHandled(true);
      Object message = req.getAttribute("jakarta.servlet.error.message");
      int status = res.getStatus();
      byte[] b = body(status, message == null ? "error " + status : message.toString());
      res.setContentType(Wire.PROBLEM_JSON);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setContentLength(b.length);
      res.getOutputStream().write(b);
    }

    private static byte[] body(int status, String message) {
      return Wire.compact(Wire.error(status, "", "", "", Values.quoteText(message))).getBytes(StandardCharsets.UTF_8);
    }
  }
}
