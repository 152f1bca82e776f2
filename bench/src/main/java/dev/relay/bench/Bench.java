package dev.relay.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code bench/run}: Relay's routing measured against the ceilings of its own stack, in one run on
 * one machine. Starts a bare Vert.x echo server, the gateway (embedded store, then Redis) and
 * redis-server as separate processes, drives them over loopback, prints a table and writes
 * {@code bench/results/latest.json}.
 */
public final class Bench {

  static final String ADMIN = "bench-admin-token-0123456789abcdef0123456789";
  static final String SUPPORT = "support@acme.test";
  private static final int IDLE_BATCH = 250;

  /** Texters seeded with a long past (HistorySeed), and texters new to Relay: the history scenario's two sides. */
  static final String SEEDED_NUMBERS = "+4420795%05d";
  static final String NEW_NUMBERS = "+4420796%05d";
  static final int PAST_CONVERSATIONS = 1_000;

  /**
   * @param historyCustomers customers seeded with {@link #PAST_CONVERSATIONS} each, texting against as many new ones
   * @param serialMessages   messages routed one at a time to count Redis round trips and commands
   */
  record Settings(boolean quick, boolean profile, int visitors, int agents, long warmupMs, long measureMs, long rateMs,
                  int idleSockets, int textSenders, int historyCustomers, int serialMessages, String baselineJar,
                  String collector, boolean ackEach, List<String> saturationJars) {
    static Settings of(List<String> args) {
      boolean quick = args.contains("--quick");
      boolean profile = args.contains("--profile");
      int baseline = args.indexOf("--baseline");
      // The measured JVMs' garbage collector: G1 (production's, decision 0023), or --gc=Shenandoah to compare.
      String collector = args.stream().filter(a -> a.startsWith("--gc=")).map(a -> a.substring("--gc=".length()))
          .findFirst().orElse("G1");
      // --ack=each: agents acknowledge event by event, as gateways before cumulative acks (0023) understood.
      boolean ackEach = args.contains("--ack=each");
      // --saturation=a.jar,b.jar: only the echo and each build's saturation on the embedded store, to find
      // which build a regression came with (several rounds of the list, so a drift in the load falls on all).
      List<String> saturationJars = args.stream().filter(a -> a.startsWith("--saturation="))
          .flatMap(a -> java.util.Arrays.stream(a.substring("--saturation=".length()).split(",")))
          .map(j -> Path.of(j).toAbsolutePath().toString()).toList();
      String jar = baseline >= 0 && baseline + 1 < args.size() ? Path.of(args.get(baseline + 1)).toAbsolutePath().toString() : null;
      return quick
          ? new Settings(true, profile, 100, 4, 2_000, 6_000, 5_000, 2_000, 32, 16, 200, jar, collector, ackEach, saturationJars)
          : new Settings(false, profile, 400, 8, 5_000, 20_000, 15_000, 10_000, 64, 32, 500, jar, collector, ackEach, saturationJars);
    }
  }

  /** What a gateway run measures: everything, saturation alone (Redis), or only the history scenario (a baseline build). */
  enum Phases { ALL, SATURATION, HISTORY }

  private final Settings settings;
  private final Path root;
  private final Path results;
  private final Vertx vertx = Vertx.vertx();
  private final JsonObject report = new JsonObject();
  /** The Redis server while the gateway runs on it: its CPU time counts too. */
  private Process redisServer;

  private Bench(Settings settings, Path root) {
    this.settings = settings;
    this.root = root;
    this.results = root.resolve("bench/results");
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : ".").toAbsolutePath().normalize();
    Bench bench = new Bench(Settings.of(List.of(args)), root);
    try {
      bench.run();
    } finally {
      bench.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private void run() throws Exception {
    Files.createDirectories(results);
    long started = System.nanoTime();
    report.put("mode", settings.quick() ? "quick" : "full").put("collector", settings.collector())
        .put("machine", new JsonObject().put("cpus", Runtime.getRuntime().availableProcessors())
            .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
            .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch")))
        .put("visitors", settings.visitors()).put("agents", settings.agents())
        // The machine may be shared: its load says how much the figures can be trusted.
        .put("load_average_at_start", Cpu.loadAverage());
    echoCeiling();
    if (!settings.saturationJars().isEmpty()) {
      compareSaturation();
      Files.writeString(results.resolve("latest.json"), report.encodePrettily());
      System.out.println(report.encodePrettily());
      return;
    }
    relay("embedded", gatewayJar(), Map.of(), Phases.ALL, driver -> new JsonObject());
    if (settings.baselineJar() != null) {
      relay("baseline", settings.baselineJar(), Map.of(), Phases.HISTORY, driver -> new JsonObject()
          .put("jar", settings.baselineJar()));
    }
    if (commandExists("redis-server")) {
      redis();
    } else {
      report.put("redis", "skipped: redis-server is not installed");
    }
    rules();
    derive();
    report.put("load_average_at_end", Cpu.loadAverage())
        .put("generator_stops", GcLog.summary(results.resolve("gc-generator.log")));
    report.put("seconds", (System.nanoTime() - started) / 1_000_000_000L);
    Files.writeString(results.resolve("latest.json"), report.encodePrettily());
    System.out.println(table());
  }

  /** Each build of {@code --saturation} in turn, three rounds: its embedded store's saturation, nothing else. */
  private void compareSaturation() {
    JsonObject builds = new JsonObject();
    for (int round = 1; round <= 3; round++) {
      for (int i = 0; i < settings.saturationJars().size(); i++) {
        String jar = settings.saturationJars().get(i);
        String name = "build" + i;
        JsonObject build = builds.getJsonObject(jar, new JsonObject().put("routed_per_s", new JsonArray())
            .put("cpu_us_per_msg", new JsonArray()).put("p50_ms", new JsonArray()).put("p99_ms", new JsonArray()));
        builds.put(jar, build);
        try {
          relay(name, jar, Map.of(), Phases.SATURATION, driver -> new JsonObject());
        } catch (RuntimeException e) {
          // An older build that hangs or fails is one round less for it, not the end of the comparison.
          build.put("failed", build.getInteger("failed", 0) + 1);
          continue;
        }
        JsonObject figures = (JsonObject) report.remove(name);
        build.getJsonArray("routed_per_s").add(round(figures.getDouble("routed_per_s")));
        build.getJsonArray("cpu_us_per_msg").add(figures.getValue("cpu_us_per_msg"));
        build.getJsonArray("p50_ms").add(figures.getJsonObject("latency_at_saturation").getValue("p50_ms"));
        build.getJsonArray("p99_ms").add(figures.getJsonObject("latency_at_saturation").getValue("p99_ms"));
      }
    }
    report.put("saturation_by_build", builds);
  }

  // ---- the HTTP stack's ceiling ----

  private void echoCeiling() {
    int port = Launch.freePort();
    Process echo = Launch.start(Launch.java(settings.collector(), results.resolve("gc-echo.log"), "-cp", benchJar(), EchoServer.class.getName(), Integer.toString(port)),
        Map.of(), results.resolve("echo.log"));
    try {
      Launch.sleep(300);
      awaitPort(port, echo);
      report.put("ws_echo_per_s", wsEcho(port, echo.pid())).put("echo_stops", GcLog.summary(results.resolve("gc-echo.log")));
      report.put("http_echo_per_s", httpEcho(port));
    } finally {
      Launch.stop(echo);
    }
  }

  /** Closed loop over as many sockets as Relay gets visitors: each sends its next frame when the echo came back. */
  private double wsEcho(int port, long pid) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(50_000));
    AtomicLong count = new AtomicLong();
    boolean[] running = {true};
    List<Future<WebSocket>> sockets = new ArrayList<>();
    for (int i = 0; i < settings.visitors(); i++) {
      sockets.add(client.connect(port, "127.0.0.1", "/echo").onSuccess(ws -> {
        ws.textMessageHandler(text -> {
          count.incrementAndGet();
          if (running[0]) {
            ws.writeTextMessage(text);
          }
        });
      }));
    }
    await(Future.all(sockets));
    String frame = new JsonObject().put("type", "message").put("clientId", "c1").put("text", "Load message #1").encode();
    sockets.forEach(s -> s.result().writeTextMessage(frame));
    Launch.sleep(settings.warmupMs());
    long before = count.get();
    long start = System.nanoTime();
    Cpu.Use cpu = new Cpu.Use(Map.of("echo", pid, "generator", ProcessHandle.current().pid()));
    Launch.sleep(settings.measureMs());
    long echoed = count.get() - before;
    double rate = perSecond(echoed, System.nanoTime() - start);
    report.put("ws_echo_cpu_us_per_msg", cpu.perMessage(echoed));
    running[0] = false;
    await(client.close());
    return rate;
  }

  private double httpEcho(int port) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
    AtomicLong count = new AtomicLong();
    boolean[] running = {true};
    String body = new JsonObject().put("text", "Load message #1").encode();
    for (int i = 0; i < 64; i++) {
      httpLoop(client, port, body, count, running);
    }
    double rate = measure(count);
    running[0] = false;
    Launch.sleep(200);
    await(client.close());
    return rate;
  }

  private void httpLoop(HttpClient client, int port, String body, AtomicLong count, boolean[] running) {
    if (!running[0]) {
      return;
    }
    client.request(HttpMethod.POST, port, "127.0.0.1", "/echo")
        .compose(request -> request.send(body))
        .compose(response -> response.body())
        .onComplete(done -> {
          count.incrementAndGet();
          httpLoop(client, port, body, count, running);
        });
  }

  /** Rate of {@code count} over the measurement window, after the warm-up. */
  private double measure(AtomicLong count) {
    Launch.sleep(settings.warmupMs());
    long before = count.get();
    long start = System.nanoTime();
    Launch.sleep(settings.measureMs());
    return perSecond(count.get() - before, System.nanoTime() - start);
  }

  // ---- Relay ----

  /**
   * The gateway ({@code jar}) on {@code store}, measured through {@code phases}, then {@code more}
   * with the driver, whose figures join the store's.
   */
  private void relay(String store, String jar, Map<String, String> extraEnv, Phases phases,
                     java.util.function.Function<RelayDriver, JsonObject> more) {
    boolean full = phases == Phases.ALL;
    int port = Launch.freePort();
    int twilioPort = Launch.freePort();
    java.util.concurrent.atomic.AtomicReference<RelayDriver> current = new java.util.concurrent.atomic.AtomicReference<>();
    await(TwilioStub.start(vertx, twilioPort, body -> {
      RelayDriver driver = current.get();
      if (driver != null) {
        driver.outboundArrived(body);
      }
    }));
    Map<String, String> env = new HashMap<>(Map.ofEntries(
        Map.entry("RELAY_HTTP_PORT", Integer.toString(port)),
        Map.entry("RELAY_DATA_DIR", results.resolve("data-" + store + "-" + System.nanoTime()).toString()),
        Map.entry("RELAY_ADMIN_TOKEN", ADMIN),
        Map.entry("TWILIO_ACCOUNT_SID", RelayDriver.ACCOUNT), Map.entry("TWILIO_AUTH_TOKEN", RelayDriver.AUTH_TOKEN),
        Map.entry("RELAY_TWILIO_NUMBER", RelayDriver.NUMBER),
        Map.entry("RELAY_PUBLIC_URL", "http://127.0.0.1:" + port),
        Map.entry("RELAY_TWILIO_API_BASE", "http://127.0.0.1:" + twilioPort),
        Map.entry("RELAY_SATISFACTION_SURVEY", "false")));
    env.putAll(limitsRaised());
    env.putAll(extraEnv);
    JsonObject figures = new JsonObject();
    if (phases != Phases.SATURATION) {
      figures.put("history_seed_seconds", seedHistory(env.get("RELAY_DATA_DIR"), jar));
    }
    GreenMail mailServer = full ? mailServer(env) : null;
    Path gcLog = results.resolve("gc-gateway-" + store + ".log");
    boolean profiled = settings.profile() && phases != Phases.HISTORY;
    Path recording = results.resolve(full ? "relay.jfr" : "relay-" + store + ".jfr");
    List<String> command = profiled
        ? Launch.java(settings.collector(), gcLog, "-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true",
            "-jar", jar)
        : Launch.java(settings.collector(), gcLog, "-jar", jar);
    Process gateway = Launch.start(command, env, results.resolve("gateway-" + store + ".log"));
    try {
      Launch.awaitOk("http://127.0.0.1:" + port + "/health/ready", gateway, Duration.ofSeconds(60));
      RelayDriver driver = new RelayDriver(vertx, port, ADMIN, settings.ackEach());
      current.set(driver);
      await(driver.agents(settings.agents()));
      if (phases == Phases.HISTORY) {
        figures.put("history", history(driver, "http://127.0.0.1:" + port));
      } else {
        saturationAndAfter(driver, gateway, port, full, mailServer, figures);
      }
      figures.mergeIn(more.apply(driver));
      figures.put("errors", driver.errors.get()).put("gateway_stops", GcLog.summary(gcLog));
      await(driver.close());
    } finally {
      Launch.stop(gateway);
      if (mailServer != null) {
        mailServer.stop();
      }
    }
    report.put(store, figures);
    if (profiled) {
      report.put(full ? "profile_top_frames" : "profile_top_frames_" + store, Profile.topFrames(recording, 20));
    }
  }

  /** Saturation, with its CPU time per message; when {@code full}, every other phase after it. */
  private void saturationAndAfter(RelayDriver driver, Process gateway, int port, boolean full, GreenMail mailServer,
                                  JsonObject figures) {
    await(driver.connectVisitors(settings.visitors()));
    await(driver.introduce());

    driver.saturate();
    Launch.sleep(settings.warmupMs());
    driver.inbound.take();
    long before = driver.routed.get();
    long start = System.nanoTime();
    Cpu.Use cpu = new Cpu.Use(watched(gateway));
    Launch.sleep(settings.measureMs());
    long routed = driver.routed.get() - before;
    double saturation = perSecond(routed, System.nanoTime() - start);
    figures.put("cpu_us_per_msg", cpu.perMessage(routed));
    Histogram atSaturation = driver.inbound.take();
    await(driver.stopAndDrain());
    figures.put("routed_per_s", saturation).put("latency_at_saturation", Latencies.summary(atSaturation));
    if (full) {
      JsonObject rates = new JsonObject();
      for (int percent : new int[] {25, 50, 75}) {
        driver.sendLag.take();
        await(driver.fixedRate(saturation * percent / 100.0, settings.rateMs()));
        await(driver.stopAndDrain());
        rates.put(percent + "%", Latencies.summary(driver.inbound.take()).put("rate_per_s", round(saturation * percent / 100.0))
            .put("generator_send_lag", Latencies.summary(driver.sendLag.take())));
      }
      figures.put("latency_at_fixed_rates", rates);
      double replyRate = Math.min(200, saturation / 4);
      await(driver.replies(replyRate, settings.rateMs()));
      Launch.sleep(1_000);
      figures.put("reply_to_visitor", Latencies.summary(driver.replies.take()).put("rate_per_s", round(replyRate)));

      long textsBefore = driver.routed.get();
      long textStart = System.nanoTime();
      await(driver.texts(settings.textSenders(), settings.measureMs(), "http://127.0.0.1:" + port));
      double texts = perSecond(driver.routed.get() - textsBefore, System.nanoTime() - textStart);
      await(driver.stopAndDrain());
      figures.put("sms_routed_per_s", texts).put("sms_latency", Latencies.summary(driver.inbound.take()));
      await(driver.smsReplies(replyRate, settings.rateMs()));
      Launch.sleep(1_000);
      figures.put("sms_reply_to_twilio", Latencies.summary(driver.replies.take()).put("rate_per_s", round(replyRate)));
      phase(figures, "history", () -> history(driver, "http://127.0.0.1:" + port));
      phase(figures, "mix", () -> mix(driver, saturation, mailServer, "http://127.0.0.1:" + port));
      phase(figures, "idle_websocket", () -> idleMemory(driver, gateway));
    }
  }

  /**
   * Customers with {@link #PAST_CONVERSATIONS} resolved conversations each, written into the
   * gateway's data directory through its own store before it starts (HistorySeed, its own process);
   * how many seconds that took.
   */
  private long seedHistory(String dataDir, String jar) {
    long started = System.nanoTime();
    String classPath = jar + java.io.File.pathSeparator + benchJar();
    String out = Launch.run(Launch.java(settings.collector(), results.resolve("gc-seed.log"), "-cp", classPath, HistorySeed.class.getName(), dataDir,
        Integer.toString(settings.historyCustomers()), Integer.toString(PAST_CONVERSATIONS), SEEDED_NUMBERS));
    if (!out.contains("seeded ")) {
      throw new IllegalStateException("seeding customers with a past failed: " + out);
    }
    return (System.nanoTime() - started) / 1_000_000_000L;
  }

  /**
   * A phase whose failure (a machine too loaded to open thousands of sockets in time…) is noted in
   * the report instead of losing the figures of every other phase.
   */
  private static void phase(JsonObject figures, String name, java.util.function.Supplier<JsonObject> run) {
    try {
      figures.put(name, run.get());
    } catch (RuntimeException e) {
      figures.put(name, new JsonObject().put("failed", String.valueOf(e.getMessage())));
    }
  }

  /**
   * The same number of texters with {@link #PAST_CONVERSATIONS} past conversations each and new to
   * Relay, in turns (a warm-up turn each, then two measured turns each, so drift in the machine's
   * load falls on both): what a long past costs a message.
   */
  private JsonObject history(RelayDriver driver, String publicUrl) {
    String[] kinds = {SEEDED_NUMBERS, NEW_NUMBERS};
    long[] routed = new long[2];
    long[] nanos = new long[2];
    Histogram[] latencies = {new Histogram(3), new Histogram(3)};
    for (int turn = 0; turn < 6; turn++) {
      int kind = turn % 2;
      boolean warmUp = turn < 2;
      long before = driver.routed.get();
      long start = System.nanoTime();
      await(driver.texts(settings.historyCustomers(), warmUp ? settings.measureMs() / 4 : settings.measureMs() / 2,
          publicUrl, kinds[kind]));
      await(driver.stopAndDrain());
      Histogram taken = driver.inbound.take();
      if (!warmUp) {
        routed[kind] += driver.routed.get() - before;
        nanos[kind] += System.nanoTime() - start;
        latencies[kind].add(taken);
      }
    }
    double past = perSecond(routed[0], nanos[0]);
    double fresh = perSecond(routed[1], nanos[1]);
    return new JsonObject().put("customers", settings.historyCustomers()).put("past_conversations", PAST_CONVERSATIONS)
        .put("with_past_routed_per_s", past).put("with_past_latency", Latencies.summary(latencies[0]))
        .put("new_routed_per_s", fresh).put("new_latency", Latencies.summary(latencies[1]))
        .put("ratio", round4(past / fresh));
  }

  /** The processes whose CPU time a phase counts: the gateway, the generator (this JVM) and Redis when it runs. */
  private Map<String, Long> watched(Process gateway) {
    Map<String, Long> pids = new HashMap<>(Map.of("relay", gateway.pid(), "generator", ProcessHandle.current().pid()));
    if (redisServer != null) {
      pids.put("redis", redisServer.pid());
    }
    return pids;
  }

  /** A real mail server (GreenMail, in this JVM) for the support mailbox; the gateway polls it over IMAP (IDLE). */
  private static GreenMail mailServer(Map<String, String> env) {
    GreenMail mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.port(0), ServerSetupTest.IMAP.port(0)});
    mail.start();
    mail.setUser(SUPPORT, "support", "support-pass");
    env.put("RELAY_IMAP_URL", "imap://support:support-pass@127.0.0.1:" + mail.getImap().getPort() + "/INBOX");
    env.put("RELAY_SMTP_URL", "smtp://support:support-pass@127.0.0.1:" + mail.getSmtp().getPort());
    env.put("RELAY_SUPPORT_ADDRESS", SUPPORT);
    return mail;
  }

  /**
   * All channels at once: chat at a quarter of its saturation, texts from a few senders, and
   * e-mails sent over SMTP to the support mailbox at a fixed rate.
   */
  private JsonObject mix(RelayDriver driver, double saturation, GreenMail mailServer, String publicUrl) {
    double mailRate = settings.quick() ? 5 : 10;
    long millis = settings.rateMs();
    ServerSetup smtp = mailServer.getSmtp().getServerSetup();
    long before = driver.routed.get();
    long start = System.nanoTime();
    AtomicLong mailsSent = new AtomicLong();
    Thread mailer = new Thread(() -> {
      long interval = (long) (1_000_000_000L / mailRate);
      long next = System.nanoTime();
      int n = 0;
      while (next < start + millis * 1_000_000L) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Launch.sleep(wait / 1_000_000L);
        }
        long id = driver.nextMail(next);
        GreenMailUtil.sendTextEmail(SUPPORT, "customer" + (n++ % 50) + "@example.com", "Question " + id, "Mail #" + id, smtp);
        mailsSent.incrementAndGet();
        next += interval;
      }
    }, "bench-mailer");
    mailer.start();
    Future<Void> chat = driver.fixedRate(saturation / 4, millis);
    Future<Void> texts = driver.texts(8, millis, publicUrl);
    await(chat);
    await(texts);
    try {
      mailer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    await(driver.stopAndDrain());
    double routed = perSecond(driver.routed.get() - before + driver.mailed.get(), System.nanoTime() - start);
    // E-mail is slower to arrive: wait (up to 60 s) until every mail sent reached an agent, and say if not.
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (driver.mailsInFlight() > 0 && System.nanoTime() < deadline) {
      Launch.sleep(200);
    }
    long mailed = driver.mailed.getAndSet(0);
    return new JsonObject().put("chat_rate_per_s", round(saturation / 4)).put("sms_senders", 8)
        .put("email_rate_per_s", mailRate).put("emails_sent", mailsSent.get()).put("emails_routed", mailed)
        .put("email_send_rate_per_s", perSecond(mailsSent.get(), millis * 1_000_000L))
        .put("routed_per_s", routed)
        .put("chat_and_sms", Latencies.summary(driver.inbound.take()))
        .put("email", Latencies.summary(driver.mail.take()));
  }

  /** Heap of the gateway per idle chat WebSocket: after a full GC, with and without them. */
  private JsonObject idleMemory(RelayDriver driver, Process gateway) {
    await(driver.closeVisitors());
    Launch.sleep(500);
    gc(gateway);
    long before = await(driver.heapUsed());
    // In batches: thousands of handshakes at once overflow the accept queue of a loaded machine.
    for (int left = settings.idleSockets(); left > 0; left -= IDLE_BATCH) {
      await(driver.connectVisitors(Math.min(IDLE_BATCH, left)));
    }
    gc(gateway);
    long after = await(driver.heapUsed());
    await(driver.closeVisitors());
    return new JsonObject().put("sockets", settings.idleSockets()).put("heap_before_bytes", before)
        .put("heap_after_bytes", after).put("kib_per_socket", round((after - before) / 1024.0 / settings.idleSockets()));
  }

  private static void gc(Process process) {
    Launch.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(process.pid()), "GC.run"));
    Launch.sleep(300);
  }

  // ---- Redis ----

  private void redis() throws Exception {
    int port = Launch.freePort();
    Path dir = Files.createDirectories(results.resolve("redis-" + System.nanoTime()));
    Process server = Launch.start(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""), Map.of(),
        results.resolve("redis.log"));
    try {
      awaitPort(port, server);
      JsonObject ceiling = new JsonObject();
      String csv = Launch.run(List.of("redis-benchmark", "-p", Integer.toString(port), "-q", "--csv", "-P", "16",
          "-n", settings.quick() ? "200000" : "1000000", "-t", "set,get,incr,zadd,mset"));
      double sum = 0;
      int n = 0;
      for (String line : csv.lines().toList()) {
        String[] cells = line.replace("\"", "").split(",");
        if (cells.length >= 2 && !cells[0].equals("test")) {
          double rps = Double.parseDouble(cells[1]);
          ceiling.put(cells[0], rps);
          sum += rps;
          n++;
        }
      }
      report.put("redis_benchmark_pipelined", ceiling).put("redis_ceiling_per_s", n == 0 ? 0 : round(sum / n));
      long callsBefore = redisCalls(port);
      redisServer = server;
      RedisTraffic traffic = new RedisTraffic(port, results.resolve("redis-monitor.log"));
      relay("redis", gatewayJar(), Map.of("RELAY_STORE", "redis", "RELAY_REDIS_URL", "redis://127.0.0.1:" + port),
          Phases.SATURATION,
          driver -> new JsonObject().put("one_at_a_time", traffic.perMessage(() -> {
            long before = driver.routed.get();
            await(driver.oneAtATime(settings.serialMessages()));
            return driver.routed.get() - before;
          })));
      long calls = redisCalls(port) - callsBefore;
      JsonObject figures = report.getJsonObject("redis");
      // The whole run's commands, those run inside scripts included (set-up, introductions and the
      // one-at-a-time phase too), over the messages routed in it: the figure earlier runs reported.
      long messages = settings.visitors() + settings.serialMessages() + Math.round(figures.getDouble("routed_per_s")
          * (settings.warmupMs() + settings.measureMs()) / 1000.0);
      figures.put("commands_with_scripts_per_message", round((double) calls / messages));
    } finally {
      redisServer = null;
      Launch.stop(server);
    }
  }

  private static long redisCalls(int port) {
    String info = Launch.run(List.of("redis-cli", "-p", Integer.toString(port), "INFO", "commandstats"));
    return info.lines().filter(l -> l.startsWith("cmdstat_"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("^cmdstat_[^:]+:calls=(\\d+).*", "$1"))).sum();
  }

  // ---- routing decisions ----

  /** The 200-rule set against no rules (RoutingDecisionBenchmark, the regular-expression shapes), one JMH fork. */
  private void rules() {
    org.openjdk.jmh.runner.options.Options options = new org.openjdk.jmh.runner.options.OptionsBuilder()
        .include(RoutingDecisionBenchmark.class.getName())
        .param("shapes", "all")
        .forks(1)
        .warmupIterations(settings.quick() ? 2 : 3)
        .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(settings.quick() ? 1 : 2))
        .measurementIterations(settings.quick() ? 3 : 5)
        .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(settings.quick() ? 1 : 2))
        .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
        .build();
    JsonObject decisions = new JsonObject();
    try {
      for (org.openjdk.jmh.results.RunResult result : new org.openjdk.jmh.runner.Runner(options).run()) {
        String name = result.getParams().getBenchmark();
        decisions.put(name.substring(name.lastIndexOf('.') + 1) + "_per_s", round(result.getPrimaryResult().getScore()));
      }
    } catch (org.openjdk.jmh.runner.RunnerException e) {
      report.put("rules", "failed: " + e.getMessage());
      return;
    }
    report.put("rules", decisions);
  }

  // ---- the report ----

  /** The figures that say where Relay stands, at the top of latest.json (docs/benchmarks.md). */
  private void derive() {
    JsonObject embedded = report.getJsonObject("embedded");
    double routed = embedded.getDouble("routed_per_s");
    report.put("routed_per_s", routed);
    report.put("http_ceiling_per_s", report.getDouble("ws_echo_per_s"));
    report.put("ratio_http", round4(routed / report.getDouble("ws_echo_per_s")));
    JsonObject rates = embedded.getJsonObject("latency_at_fixed_rates");
    report.put("p99_ms_at_50pct", rates.getJsonObject("50%").getDouble("p99_ms"));
    if (report.getValue("redis") instanceof JsonObject redis) {
      JsonObject serial = redis.getJsonObject("one_at_a_time");
      report.put("redis_routed_per_s", redis.getDouble("routed_per_s"))
          .put("redis_roundtrips_per_msg", serial.getDouble("roundtrips_per_msg"))
          .put("redis_commands_per_msg", serial.getDouble("commands_per_msg"))
          .put("ratio_redis_to_embedded", round4(redis.getDouble("routed_per_s") / routed));
    }
    if (report.getValue("rules") instanceof JsonObject rules && rules.containsKey("decideBaselineNoRules_per_s")) {
      report.put("ratio_rules_200_to_0",
          round4(rules.getDouble("decide200Rules_per_s") / rules.getDouble("decideBaselineNoRules_per_s")));
    }
    report.put("ratio_history_1000_to_new", at(embedded, "history", "ratio"));
    if (report.getValue("baseline") instanceof JsonObject baseline) {
      report.put("ratio_history_1000_to_new_baseline", at(baseline, "history", "ratio"));
    }
    report.put("heap_kib_per_idle_ws", at(embedded, "idle_websocket", "kib_per_socket"));
    report.put("cpu_us_per_msg_relay", at(embedded, "cpu_us_per_msg", "relay"));
    report.put("cpu_us_per_msg_echo", at(report, "ws_echo_cpu_us_per_msg", "echo"));
  }

  /** The value at {@code path} under {@code json}, or null where a phase failed and left none. */
  private static Object at(JsonObject json, String... path) {
    Object value = json;
    for (String key : path) {
      value = value instanceof JsonObject object ? object.getValue(key) : null;
    }
    return value;
  }

  private String table() {
    JsonObject e = report.getJsonObject("embedded");
    StringBuilder t = new StringBuilder("\nRelay benchmark (" + report.getString("mode") + ", "
        + report.getJsonObject("machine").getInteger("cpus") + " CPUs, " + settings.visitors() + " visitors, "
        + settings.agents() + " agents)\n");
    row(t, "Vert.x WebSocket echo (ceiling)", report.getDouble("ws_echo_per_s") + " msg/s");
    row(t, "Vert.x HTTP POST echo", report.getDouble("http_echo_per_s") + " req/s");
    row(t, "Relay chat -> agent stream, embedded", e.getDouble("routed_per_s") + " msg/s (ratio "
        + report.getDouble("ratio_http") + ")");
    row(t, "  latency at saturation", latency(e.getJsonObject("latency_at_saturation")));
    e.getJsonObject("latency_at_fixed_rates").forEach(r -> row(t, "  at " + r.getKey() + " of saturation",
        latency((JsonObject) r.getValue())));
    row(t, "Agent reply -> visitor socket", latency(e.getJsonObject("reply_to_visitor")));
    row(t, "SMS webhook -> agent stream", e.getDouble("sms_routed_per_s") + " msg/s; " + latency(e.getJsonObject("sms_latency")));
    row(t, "Agent reply -> Twilio (SMS)", latency(e.getJsonObject("sms_reply_to_twilio")));
    JsonObject mix = e.getJsonObject("mix");
    if (!mix.containsKey("failed")) {
      row(t, "Mix: chat + SMS + e-mail", mix.getDouble("routed_per_s") + " msg/s; e-mails routed "
          + mix.getLong("emails_routed") + "/" + mix.getLong("emails_sent") + ", " + latency(mix.getJsonObject("email")));
      row(t, "  chat and SMS in the mix", latency(mix.getJsonObject("chat_and_sms")));
    }
    row(t, "SMS, customers with 1,000 past", at(e, "history", "with_past_routed_per_s") + " msg/s vs "
        + at(e, "history", "new_routed_per_s") + " new (ratio " + at(e, "history", "ratio") + ")");
    if (report.getValue("baseline") instanceof JsonObject baseline) {
      row(t, "  the same on the baseline build", at(baseline, "history", "with_past_routed_per_s") + " msg/s vs "
          + at(baseline, "history", "new_routed_per_s") + " new (ratio " + at(baseline, "history", "ratio") + ")");
    }
    row(t, "CPU per routed message", "Relay " + at(e, "cpu_us_per_msg", "relay") + " us, generator "
        + at(e, "cpu_us_per_msg", "generator") + " us; echo " + at(report, "ws_echo_cpu_us_per_msg", "echo") + " us");
    row(t, "Heap per idle chat WebSocket", at(e, "idle_websocket", "kib_per_socket") + " KiB ("
        + at(e, "idle_websocket", "sockets") + " sockets)");
    if (report.getValue("redis") instanceof JsonObject r) {
      row(t, "redis-benchmark pipelined (ceiling)", report.getDouble("redis_ceiling_per_s") + " ops/s");
      row(t, "Relay chat -> agent stream, Redis", r.getDouble("routed_per_s") + " msg/s (to embedded "
          + report.getDouble("ratio_redis_to_embedded") + ")");
      row(t, "  per message, one at a time", report.getDouble("redis_roundtrips_per_msg") + " round trips, "
          + report.getDouble("redis_commands_per_msg") + " commands (+ "
          + r.getJsonObject("one_at_a_time").getDouble("script_commands_per_msg") + " in scripts)");
      row(t, "  latency at saturation", latency(r.getJsonObject("latency_at_saturation")));
    } else {
      row(t, "Redis", String.valueOf(report.getValue("redis")));
    }
    row(t, "Routing, 200 rules to none", String.valueOf(report.getValue("ratio_rules_200_to_0")));
    row(t, "Load average (start, end)", report.getString("load_average_at_start") + " / "
        + report.getString("load_average_at_end"));
    t.append("\nwritten to bench/results/latest.json\n");
    return t.toString();
  }

  private static void row(StringBuilder t, String name, String value) {
    t.append(String.format("  %-40s %s%n", name, value));
  }

  private static String latency(JsonObject s) {
    return "p50 " + s.getDouble("p50_ms") + " ms, p99 " + s.getDouble("p99_ms") + " ms, p99.9 " + s.getDouble("p999_ms")
        + " ms" + (s.containsKey("rate_per_s") ? " @ " + s.getDouble("rate_per_s") + "/s" : "");
  }

  // ---- helpers ----

  private String benchJar() {
    return root.resolve("bench/target/relay-bench.jar").toString();
  }

  private String gatewayJar() {
    return root.resolve("gateway/target/relay-gateway.jar").toString();
  }

  private static boolean commandExists(String command) {
    return Launch.run(List.of("sh", "-c", "command -v " + command + " || true")).contains(command);
  }

  private static void awaitPort(int port, Process process) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("process exited before listening on " + port);
        }
        Launch.sleep(50);
      }
    }
    throw new IllegalStateException("nothing listens on " + port);
  }

  /** The gateway's rate and connection limits raised out of the way, and its chat secret fixed: every run's. */
  static Map<String, String> limitsRaised() {
    return Map.ofEntries(
        Map.entry("RELAY_CHAT_SECRET", "bench-chat-secret-0123456789abcdef0123456789"),
        Map.entry("RELAY_API_BURST", "1000000"), Map.entry("RELAY_API_PER_MINUTE", "100000000"),
        Map.entry("RELAY_CHAT_BURST", "1000000"), Map.entry("RELAY_CHAT_PER_MINUTE", "100000000"),
        Map.entry("RELAY_CHAT_NEW_VISITOR_BURST", "1000000"), Map.entry("RELAY_CHAT_NEW_VISITORS_PER_MINUTE", "100000000"),
        // Every visitor, agent and idle socket of the generator comes from 127.0.0.1 (default: 200 per address).
        Map.entry("RELAY_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "1000000"));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double perSecond(long count, long nanos) {
    return round(count * 1_000_000_000.0 / nanos);
  }

  static double round4(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
