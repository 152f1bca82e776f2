package dev.relay.connector.email;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Says what went wrong talking to a mail server in words an operator can act on: a certificate it
 * does not trust (with the setting that fixes it for an internal server), a server that refused
 * STARTTLS, a host that does not exist or does not answer. Never a password.
 */
final class MailErrors {

  private MailErrors() {
  }

  /** True for TLS problems: retrying will not fix them, the configuration must change. */
  static boolean isTls(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && message.contains("STARTTLS")) {
        return true;
      }
    }
    return false;
  }

  static String describe(String protocol, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof SSLHandshakeException && String.valueOf(t.getMessage()).contains("PKIX")) {
        return "the " + protocol + " server's certificate is not trusted (" + root(t) + "); for an internal server with a "
            + "self-signed certificate add ?trust=<its host name> to the URL";
      }
      if (t instanceof SSLException) {
        return "TLS with the " + protocol + " server failed: " + root(t);
      }
      String message = t.getMessage();
      if (message != null && (message.contains("STARTTLS is required") || message.contains("Must issue a STARTTLS"))) {
        return "the " + protocol + " server requires STARTTLS, or does not offer it: add ?starttls=true (Relay never "
            + "sends the password in clear text)";
      }
      if (t instanceof UnknownHostException) {
        return "the " + protocol + " server's host name is unknown: " + t.getMessage();
      }
      if (t instanceof ConnectException || t instanceof SocketTimeoutException) {
        return "the " + protocol + " server could not be reached: " + t.getMessage();
      }
    }
    return protocol + " unavailable: " + error.getMessage();
  }

  private static String root(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
