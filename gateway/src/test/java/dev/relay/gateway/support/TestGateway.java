package dev.relay.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.embedded.EmbeddedStore;
import dev.relay.gateway.wiring.GatewayVerticle;
import dev.relay.gateway.config.ConfigLoader;
import dev.relay.gateway.config.RelayConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.relay.gateway.language.TextLanguage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A real gateway on an ephemeral port with its own data directory and an injected clock, plus the
 * real HTTP and WebSocket clients a test drives it with.
 */
public final class TestGateway implements AutoCloseable {

  public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123456789";
  /** Job kinds that run whatever a test does, left out of the counts of jobs run. */
  private static final java.util.Set<String> BACKGROUND = java.util.Set.of("first-response", "quality-sample");
  public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private final Vertx vertx;
  private final Path dataDir;
  private final Map<String, String> env;
  private final PrometheusMeterRegistry registry;
  public final MutableClock clock;
  private final WebClient http;
  private String deploymentId;
  private GatewayVerticle verticle;
  /** The desks {@link #onlineAgent} opened: an agent is reachable only while one is. */
  private final Map<String, FrameSocket> desks = new java.util.LinkedHashMap<>();

  private TestGateway(Vertx vertx, Path dataDir, MutableClock clock, Map<String, String> env,
                      PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.env = env;
    this.registry = registry;
    this.clock = clock;
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setFollowRedirects(false));
  }

  public static TestGateway start(Vertx vertx, Path dataDir) {
    return start(vertx, dataDir, Map.of());
  }

  /** A gateway configured as these environment variables say (on top of the test defaults). */
  public static TestGateway start(Vertx vertx, Path dataDir, Map<String, String> env) {
    return start(vertx, dataDir, env, new MutableClock(START));
  }

  /** A replica: several gateways sharing one store (Redis) share the clock too. */
  public static TestGateway start(Vertx vertx, Path dataDir, Map<String, String> env, MutableClock clock) {
    return start(vertx, dataDir, env, clock, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** A gateway whose {@code /metrics} shows this registry, the one its Vert.x reports into (as in Main). */
  public static TestGateway start(Vertx vertx, Path dataDir, Map<String, String> env, MutableClock clock,
                                  PrometheusMeterRegistry registry) {
    TestGateway gateway = new TestGateway(vertx, dataDir, clock, env, registry);
    gateway.deploy();
    return gateway;
  }

  private void deploy() {
    Map<String, String> settings = new java.util.HashMap<>(env);
    settings.putIfAbsent("RELAY_SHUTDOWN_GRACE", "PT2S");
    // An ephemeral port, unless the test needs to know it beforehand (a URL the gateway is configured with names it).
    RelayConfig config = ConfigLoader.load(null, settings)
        .withHttpPort(settings.containsKey("RELAY_HTTP_PORT") ? Integer.parseInt(settings.get("RELAY_HTTP_PORT")) : 0)
        .withDataDir(dataDir);
    settings.put("RELAY_ADMIN_TOKEN", ADMIN_TOKEN);
    // What loads once per test JVM (the language models, ICU's classes behind the texts, CEL's behind the routing
    // rules) takes seconds on a busy machine: not a gateway's start time.
    Await.result(TextLanguage.load(vertx), Duration.ofMinutes(2));
    dev.relay.gateway.texts.TextCatalogue.bundled();
    CelClasses.load();
    verticle = new GatewayVerticle(config, settings, clock, registry);
    deploymentId = Await.result(vertx.deployVerticle(verticle));
  }

  /** CEL's classes, loaded (and its standard functions bound) once per test JVM by a first rule compiler. */
  private static final class CelClasses {
    static final dev.relay.routing.RuleCompiler FIRST = new dev.relay.routing.RuleCompiler();

    static void load() {
      java.util.Objects.requireNonNull(FIRST);
    }
  }

  /** Stops the gateway as SIGTERM would and starts a new one on the same data directory and clock; open desks reconnect. */
  public void restart() {
    restartAfter(store -> io.vertx.core.Future.succeededFuture());
  }

  /**
   * {@link #restart}, and while the gateway is stopped {@code change} writes to its (embedded) store
   * directly: a history seeded as years of use would have left it, faster than through the channels.
   */
  public void restartAfter(java.util.function.Function<Store, io.vertx.core.Future<?>> change) {
    Await.result(vertx.undeploy(deploymentId));
    Store store = Await.result(EmbeddedStore.open(vertx, dataDir, clock));
    try {
      Await.result(change.apply(store), Duration.ofMinutes(2));
    } finally {
      Await.result(store.close());
    }
    deploy();
    desks.replaceAll((token, old) -> {
      old.close();
      return stream(token);
    });
  }

  /**
   * Runs the jobs due at the test clock's time now, as the scheduler's next tick would, and answers
   * how many jobs ran and stored messages were routed again. The count leaves out the jobs that run
   * whatever a test does: the first-response check every conversation with a target gets, and the
   * weekly quality sample (a test about them reads their outcome instead).
   */
  public int runDueJobs() {
    return runDueJobsBut(BACKGROUND);
  }

  /**
   * Like {@link #runDueJobs()}, counting only the jobs a test is about: agents' presence checks
   * (the end of their working day…) are left out of the count too.
   */
  public int runDueJobsButPresence() {
    java.util.Set<String> uncounted = new java.util.HashSet<>(BACKGROUND);
    uncounted.add("presence-check");
    return runDueJobsBut(uncounted);
  }

  /**
   * Counted as an operator sees it, on the gateway's own {@code relay_jobs_ran_total} (by kind) and
   * {@code relay_inbound_routing_total{outcome=retried}}: the kinds left out never shift the count,
   * and a job the real 1 s tick happened to run meanwhile counts as run.
   */
  private int runDueJobsBut(java.util.Set<String> uncounted) {
    double before = ranSoFar(uncounted);
    Await.result(verticle.runDueJobs());
    return (int) Math.round(ranSoFar(uncounted) - before);
  }

  private double ranSoFar(java.util.Set<String> uncounted) {
    double jobs = registry.find("relay.jobs.ran").counters().stream()
        .filter(counter -> !uncounted.contains(counter.getId().getTag("kind")))
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    double routed = registry.find("relay.inbound.routing").tag("outcome", "retried").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    return jobs + routed;
  }

  /** How many pending jobs of {@code kind} are due now. */
  public long due(String kind) {
    Instant now = clock.instant();
    return get("/api/admin/jobs?kind=" + kind + "&state=pending&limit=1000", ADMIN_TOKEN).getJsonArray("items")
        .stream().map(JsonObject.class::cast).filter(job -> !Instant.parse(job.getString("dueAt")).isAfter(now)).count();
  }

  public int port() {
    return verticle.port();
  }

  /** A port free now, for a gateway whose own address must be in its settings ({@code RELAY_SIGNIN_URL}). */
  public static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public HttpResponse<Buffer> request(HttpMethod method, String path, String token, Object body) {
    return request(method, path, token, body, Map.of());
  }

  public HttpResponse<Buffer> request(HttpMethod method, String path, String token, Object body,
                                      Map<String, String> headers) {
    HttpRequest<Buffer> request = http.request(method, port(), "localhost", path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    headers.forEach(request::putHeader);
    if (body == null) {
      return Await.result(request.send());
    }
    if (body instanceof JsonObject json) {
      return Await.result(request.sendJsonObject(json));
    }
    if (body instanceof Buffer bytes) {
      return Await.result(request.sendBuffer(bytes));
    }
    if (!headers.containsKey("Content-Type")) {
      request.putHeader("Content-Type", "application/json");
    }
    return Await.result(request.sendBuffer(Buffer.buffer(body.toString())));
  }

  public JsonObject get(String path, String token) {
    return ok(request(HttpMethod.GET, path, token, null), 200);
  }

  public JsonObject post(String path, String token, JsonObject body, int expected) {
    return ok(request(HttpMethod.POST, path, token, body == null ? new JsonObject() : body), expected);
  }

  public static JsonObject ok(HttpResponse<Buffer> response, int expected) {
    assertEquals(expected, response.statusCode(), () -> "unexpected status; body: " + response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  /** Creates an agent through the admin API; returns {agent, token}. */
  public JsonObject createAgent(String name, String email) {
    return post("/api/admin/agents", ADMIN_TOKEN, new JsonObject().put("name", name).put("email", email), 201);
  }

  /** A new agent who signs in to the desk with this password (and at their desk, as a stream); returns their token. */
  public String agentWithPassword(String name, String email, String password) {
    JsonObject agent = createAgent(name, email);
    ok(request(HttpMethod.PUT, "/api/admin/agents/" + agent.getJsonObject("agent").getString("id") + "/password",
        ADMIN_TOKEN, new JsonObject().put("password", password)), 200);
    return agent.getString("token");
  }

  /** A new agent at their desk and available; returns their token. */
  public String onlineAgent(String name, String email) {
    String token = createAgent(name, email).getString("token");
    atDesk(token);
    return token;
  }

  /** A new agent with the supervisor role, at their desk; returns their token. */
  public String supervisor(String name, String email) {
    JsonObject created = createAgent(name, email);
    ok(request(HttpMethod.PATCH, "/api/admin/agents/" + created.getJsonObject("agent").getString("id"), ADMIN_TOKEN,
        new JsonObject().put("role", "supervisor")), 200);
    String token = created.getString("token");
    atDesk(token);
    return token;
  }

  /** Installs a routing rule set (YAML) as the admin would. */
  public void rules(String yaml) {
    ok(request(HttpMethod.PUT, "/api/admin/routing-rules", ADMIN_TOKEN, yaml, Map.of("Content-Type", "application/yaml")),
        200);
  }

  /** The agent opens their desk (its stream stays open until the gateway closes) and says they are available. */
  public JsonObject atDesk(String agentToken) {
    desks.computeIfAbsent(agentToken, this::stream);
    return presence(agentToken, "online");
  }

  public JsonObject presence(String agentToken, String status) {
    return ok(request(HttpMethod.PUT, "/api/agents/me/presence", agentToken, new JsonObject().put("status", status)), 200);
  }

  /** A chat visitor's socket, greeted; the welcome frame is returned by {@link ChatVisitor#welcome()}. */
  /** A first-time visitor. */
  public ChatVisitor newVisitor() {
    return visitor(new JsonObject());
  }

  /** A returning visitor, holding the token an earlier welcome gave them. */
  public ChatVisitor visitor(String token) {
    return visitor(new JsonObject().put("visitorToken", token));
  }

  /** A visitor whose hello carries these fields (token, claimed name and e-mail). */
  public ChatVisitor visitor(JsonObject hello) {
    return new ChatVisitor(FrameSocket.connect(vertx, port(), "/chat/ws"), hello.copy().put("type", "hello"));
  }

  /** A raw chat socket, before any hello. */
  public FrameSocket visitorSocket() {
    return FrameSocket.connect(vertx, port(), "/chat/ws");
  }

  /** An agent's stream, authenticated. */
  public FrameSocket stream(String agentToken) {
    FrameSocket stream = FrameSocket.connect(vertx, port(), "/api/agents/stream");
    stream.send(new JsonObject().put("type", "auth").put("token", agentToken));
    stream.next("ready");
    return stream;
  }

  @Override
  public void close() {
    http.close();
    if (deploymentId != null) {
      Await.result(vertx.undeploy(deploymentId));
      deploymentId = null;
    }
    desks.values().forEach(FrameSocket::close);
  }
}
