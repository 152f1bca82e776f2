package dev.relay.connector.email.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A real Dovecot (Debian's {@code dovecot-imapd} and {@code dovecot-lmtpd}) for the e-mail tests:
 * started as a process of its own on free loopback ports, with a generated configuration, users
 * and self-signed certificate in a temporary directory, and stopped (its directory deleted) by
 * {@link #close()}. IMAP offers STARTTLS and IDLE (announcing new mail within a second); mail is
 * delivered over LMTP as a mail server would ({@code support+anything@} reaches {@code support}), or
 * written straight into the maildir when a test needs many large mails fast.
 *
 * <p>Run as the current user; when that is root (a container), the login and mail processes run as
 * Debian's {@code dovenull} and {@code dovecot} users, as Dovecot refuses root for them.
 */
public final class Dovecot implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/sbin/dovecot");
  private static final AtomicLong DELIVERIES = new AtomicLong();

  private final Path dir;
  private Process process;
  private final int imapPort;
  private final int lmtpPort;

  private Dovecot(Path dir, Process process, int imapPort, int lmtpPort) {
    this.dir = dir;
    this.process = process;
    this.imapPort = imapPort;
    this.lmtpPort = lmtpPort;
  }

  /** True where the tests can run: Dovecot is installed ({@code .ci/run} installs it when missing). */
  public static boolean installed() {
    return Files.isExecutable(BINARY) && Files.isExecutable(Path.of("/usr/lib/dovecot/lmtp"));
  }

  /** @param users user name and password, in pairs: {@code "support", "s3cret"} */
  public static Dovecot start(String... users) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("relay-dovecot");
    boolean root = "root".equals(System.getProperty("user.name"));
    String internal = root ? "dovecot" : System.getProperty("user.name");
    String login = root ? "dovenull" : internal;
    Path mail = Files.createDirectories(dir.resolve("mail"));
    Files.createDirectories(dir.resolve("run/state"));
    StringBuilder passwd = new StringBuilder();
    for (int i = 0; i < users.length; i += 2) {
      passwd.append(users[i]).append(":{PLAIN}").append(users[i + 1]).append("::::::\n");
    }
    Files.writeString(dir.resolve("passwd"), passwd);
    certificate(dir);
    int uid = root ? uidOf(internal) : (Integer) Files.getAttribute(dir, "unix:uid");
    int gid = root ? gidOf(internal) : (Integer) Files.getAttribute(dir, "unix:gid");
    if (root) {
      // The mail processes run as Dovecot's user: they must get through the (owner-only) temporary directory.
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      own(mail, internal);
    }
    int imap = freePort();
    int lmtp = freePort();
    Files.writeString(dir.resolve("dovecot.conf"), config(dir, internal, login, uid, gid, imap, lmtp));
    Dovecot dovecot = new Dovecot(dir, launch(dir), imap, lmtp);
    dovecot.awaitListening(Duration.ofSeconds(15));
    return dovecot;
  }

  private static Process launch(Path dir) throws IOException {
    return new ProcessBuilder(BINARY.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
  }

  /** An outage begins: the server stops, every connection drops. */
  public void down() throws InterruptedException {
    stopProcess();
  }

  /** The outage ends: the server is back on the same ports with the same mail. */
  public void up() throws IOException, InterruptedException {
    process = launch(dir);
    awaitListening(Duration.ofSeconds(15));
  }

  /** Dovecot's mail processes outlive a stopped master: they are ended too, as a crashed server's would be. */
  private void stopProcess() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static String config(Path dir, String internal, String login, int uid, int gid, int imap, int lmtp) {
    return """
        base_dir = %1$s/run
        state_dir = %1$s/run/state
        instance_name = relay-test-%5$d
        log_path = %1$s/dovecot.log
        protocols = imap lmtp
        listen = 127.0.0.1
        default_internal_user = %2$s
        default_internal_group = %2$s
        default_login_user = %3$s
        ssl = yes
        ssl_cert = <%1$s/cert.pem
        ssl_key = <%1$s/key.pem
        auth_mechanisms = plain login
        auth_username_format = %%Ln
        recipient_delimiter = +
        mail_location = maildir:%1$s/mail/%%u
        first_valid_uid = 1
        first_valid_gid = 1
        imap_idle_notify_interval = 1 secs
        mail_max_userip_connections = 20
        passdb {
          driver = passwd-file
          args = scheme=PLAIN %1$s/passwd
        }
        userdb {
          driver = static
          args = uid=%6$d gid=%7$d home=%1$s/mail/%%u
        }
        service imap-login {
          inet_listener imap {
            address = 127.0.0.1
            port = %5$d
          }
          inet_listener imaps {
            port = 0
          }
        }
        service lmtp {
          inet_listener lmtp {
            address = 127.0.0.1
            port = %4$d
          }
          unix_listener lmtp {
            mode = 0600
          }
        }
        """.formatted(dir, internal, login, lmtp, imap, uid, gid);
  }

  /** A self-signed certificate for "localhost" (openssl comes with Dovecot's ssl-cert dependency). */
  private static void certificate(Path dir) throws IOException, InterruptedException {
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static int uidOf(String user) throws IOException, InterruptedException {
    return Integer.parseInt(output("id", "-u", user));
  }

  private static int gidOf(String user) throws IOException, InterruptedException {
    return Integer.parseInt(output("id", "-g", user));
  }

  private static String output(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out;
  }

  private static void own(Path path, String user) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(lookup.lookupPrincipalByName(user));
    GroupPrincipal group = lookup.lookupPrincipalByGroupName(user);
    view.setGroup(group);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("dovecot exited: " + log());
      }
      try (Socket imap = new Socket("127.0.0.1", imapPort); Socket lmtpSocket = new Socket("127.0.0.1", lmtpPort)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException("dovecot did not listen within " + timeout + ": " + log());
  }

  public int imapPort() {
    return imapPort;
  }

  /** {@code imap://user:password@127.0.0.1:port/INBOX}, with the query (e.g. {@code ?starttls=true&trust=localhost}). */
  public String imapUrl(String user, String encodedPassword, String query) {
    return "imap://" + user + ":" + encodedPassword + "@localhost:" + imapPort + "/INBOX" + (query == null ? "" : query);
  }

  /** A client's own connection as the user (STARTTLS, this server's certificate trusted), to look at the mailbox. */
  public jakarta.mail.Store store(String user, String password) throws jakarta.mail.MessagingException {
    java.util.Properties p = new java.util.Properties();
    p.put("mail.imap.starttls.enable", "true");
    p.put("mail.imap.ssl.trust", "localhost");
    jakarta.mail.Store store = jakarta.mail.Session.getInstance(p).getStore("imap");
    store.connect("localhost", imapPort, user, password);
    return store;
  }

  /** How many mails of the user's INBOX have (or, with {@code set} false, lack) the flag. */
  public int count(String user, String password, jakarta.mail.Flags flag, boolean set) {
    try (jakarta.mail.Store store = store(user, password)) {
      jakarta.mail.Folder inbox = store.getFolder("INBOX");
      inbox.open(jakarta.mail.Folder.READ_ONLY);
      int count = inbox.search(new jakarta.mail.search.FlagTerm(flag, set)).length;
      inbox.close(false);
      return count;
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Dovecot's log: what a test checks to see how a client logged in ("TLS" or not). */
  public String log() {
    Path log = dir.resolve("dovecot.log");
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The login lines of the log, one a login. */
  public List<String> logins() {
    return log().lines().filter(l -> l.contains("imap-login: Info: Login:")).toList();
  }

  /** Delivers a mail over LMTP, as a mail server would: the envelope recipient decides the mailbox. */
  public void deliver(String recipient, byte[] message) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", lmtpPort)) {
      socket.setSoTimeout(30_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      expect(in, "220");
      command(out, "LHLO relay.test");
      String line;
      do {
        line = in.readLine();
      } while (line != null && line.startsWith("250-"));
      command(out, "MAIL FROM:<sender@relay.test>");
      expect(in, "250");
      command(out, "RCPT TO:<" + recipient + ">");
      expect(in, "250");
      command(out, "DATA");
      expect(in, "354");
      out.write(dotStuffed(message));
      out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      expect(in, "250");
      command(out, "QUIT");
    }
  }

  /** Writes a mail straight into a user's maildir ({@code new/}), as Dovecot itself would; it shows at the next look. */
  public void drop(String user, byte[] message) throws IOException {
    Path maildir = dir.resolve("mail").resolve(user);
    Path tmp = Files.createDirectories(maildir.resolve("tmp"));
    Path fresh = Files.createDirectories(maildir.resolve("new"));
    String name = System.currentTimeMillis() / 1000 + ".R" + DELIVERIES.incrementAndGet() + "P" + ProcessHandle.current().pid()
        + ".relay-test";
    Path file = tmp.resolve(name);
    Files.write(file, message);
    if ("root".equals(System.getProperty("user.name"))) {
      own(maildir, "dovecot");
      own(tmp, "dovecot");
      own(fresh, "dovecot");
      own(file, "dovecot");
    }
    Files.move(file, fresh.resolve(name));
  }

  private static byte[] dotStuffed(byte[] message) {
    String text = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
    if (!text.endsWith("\r\n")) {
      text += "\r\n";
    }
    text = text.replace("\r\n.", "\r\n..");
    if (text.startsWith(".")) {
      text = "." + text;
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void command(OutputStream out, String command) throws IOException {
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void expect(BufferedReader in, String code) throws IOException {
    String line = in.readLine();
    if (line == null || !line.startsWith(code)) {
      throw new IOException("LMTP: expected " + code + ", got " + line);
    }
  }

  /** Stops Dovecot and deletes its directory. */
  @Override
  public void close() throws IOException {
    try {
      stopProcess();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
