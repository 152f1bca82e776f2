package dev.relay.gateway.wiring;

import dev.relay.connector.chat.ChatConnector;
import dev.relay.connector.chat.ChatOptions;
import dev.relay.connector.email.EmailConnector;
import dev.relay.connector.email.EmailOptions;
import dev.relay.connector.spi.Address;
import dev.relay.connector.spi.Connector;
import dev.relay.connector.spi.ConnectorContext;
import dev.relay.connector.spi.OutboundMessage;
import dev.relay.connector.spi.Signals;
import dev.relay.connector.spi.StaticPages;
import dev.relay.connector.spi.ThreadRef;
import dev.relay.connector.spi.TrustedProxies;
import dev.relay.connector.spi.Wording;
import dev.relay.connector.twilio.TwilioConnector;
import dev.relay.connector.twilio.TwilioOptions;
import dev.relay.gateway.agents.AgentStream;
import dev.relay.gateway.agents.AgentsFeature;
import dev.relay.gateway.assignment.AssignmentFeature;
import dev.relay.gateway.audit.AuditRoutes;
import dev.relay.gateway.brand.BrandBook;
import dev.relay.gateway.brand.BrandRoutes;
import dev.relay.gateway.callback.CallbackFeature;
import dev.relay.gateway.canned.CannedReplyRoutes;
import dev.relay.gateway.search.Search;
import dev.relay.gateway.search.SearchRoutes;
import dev.relay.gateway.callback.Callbacks;
import dev.relay.gateway.calls.AgentCalls;
import dev.relay.gateway.calls.CallWindows;
import dev.relay.gateway.channel.Connectors;
import dev.relay.gateway.channel.MicrometerChannelMetrics;
import dev.relay.gateway.channel.StoreLeases;
import dev.relay.gateway.config.ConfigException;
import dev.relay.gateway.config.RelayConfig;
import dev.relay.gateway.config.Secrets;
import dev.relay.gateway.conversations.ConversationsFeature;
import dev.relay.gateway.customers.CustomerAdminRoutes;
import dev.relay.gateway.customers.Reassignment;
import dev.relay.gateway.domain.PhoneNumbers;
import dev.relay.gateway.texts.Texts;
import dev.relay.gateway.language.TextLanguage;
import dev.relay.gateway.domain.Caller;
import dev.relay.gateway.followup.FollowUpFeature;
import dev.relay.gateway.followup.FollowUps;
import dev.relay.gateway.http.ApiRateLimit;
import dev.relay.gateway.http.BearerAuth;
import dev.relay.gateway.http.ClientConnections;
import dev.relay.gateway.http.ErrorHandler;
import dev.relay.gateway.http.FailedLogins;
import dev.relay.gateway.http.ResponseHeaders;
import dev.relay.gateway.inbound.ChannelSink;
import dev.relay.gateway.inbound.Dispatch;
import dev.relay.gateway.inbound.InboundRouter;
import dev.relay.gateway.inbound.RoutingRetries;
import dev.relay.gateway.inbox.AgentInbox;
import dev.relay.gateway.inbox.HandsChanged;
import dev.relay.gateway.inbox.LiveStreams;
import dev.relay.gateway.inbox.Supervisors;
import dev.relay.gateway.ops.MicrometerGatewayMetrics;
import dev.relay.gateway.ops.OpsRoutes;
import dev.relay.gateway.outbound.FileLinks;
import dev.relay.gateway.outbound.OutboundFeature;
import dev.relay.gateway.outbound.OutgoingFiles;
import dev.relay.gateway.presence.DeskConnections;
import dev.relay.gateway.presence.PresenceWatch;
import dev.relay.gateway.presence.Outlooks;
import dev.relay.gateway.presence.Presences;
import dev.relay.gateway.presence.ResponseTimes;
import dev.relay.gateway.privacy.PrivacyFeature;
import dev.relay.gateway.privacy.RetentionPolicy;
import dev.relay.gateway.quality.QualityFeature;
import dev.relay.gateway.rules.RoutingRules;
import dev.relay.gateway.rules.RuleRoutes;
import dev.relay.gateway.schedule.HoursBook;
import dev.relay.gateway.schedule.JobRoutes;
import dev.relay.gateway.signin.DeskSessions;
import dev.relay.gateway.signin.AgentMail;
import dev.relay.gateway.signin.OidcSignIn;
import dev.relay.gateway.signin.SignInFeature;
import dev.relay.gateway.signin.SignInMetrics;
import dev.relay.gateway.schedule.Scheduler;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.supervision.BoardRoutes;
import dev.relay.gateway.supervision.SupervisorBoard;
import dev.relay.gateway.supervision.TakeOver;
import dev.relay.gateway.targets.FirstResponseTargets;
import dev.relay.gateway.survey.SatisfactionReport;
import dev.relay.gateway.survey.Surveys;
import dev.relay.gateway.texts.TextCatalogue;
import dev.relay.gateway.texts.TextKey;
import dev.relay.gateway.texts.TextOverrides;
import dev.relay.gateway.texts.TextRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: opens the store, wires the domain, starts the connectors and serves HTTP on one
 * port. Stopping drains HTTP for the configured grace, then closes connectors and the store.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final int MAX_WEBSOCKET_FRAME = 64 * 1024;

  private final RelayConfig config;
  private final Map<String, String> env;
  private final Clock clock;
  private final PrometheusMeterRegistry registry;
  /** The core's and the store's meters, in {@link #registry}. */
  private final MicrometerGatewayMetrics metrics;
  private final Connectors connectors = new Connectors();
  private Storage storage;
  private Store store;
  private HttpServer server;
  private Scheduler scheduler;
  private RoutingRetries routingRetries;
  private Signals signals;
  private PresenceWatch presence;

  public GatewayVerticle(RelayConfig config, Map<String, String> env, Clock clock, PrometheusMeterRegistry registry) {
    this.config = config;
    this.env = env;
    this.clock = clock;
    this.registry = registry;
    this.metrics = new MicrometerGatewayMetrics(registry);
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    // The language models and the text catalogue (every shipped message parsed and checked) take
    // seconds on a cold JVM: a worker builds them, not the event loop.
    return TextLanguage.load(vertx).compose(languages -> vertx.executeBlocking(() -> new Loaded(languages, texts(), phones())))
        .compose(loaded -> Storage.open(vertx, config, clock, metrics).compose(opened -> {
          storage = opened;
          store = opened.store;
          signals = opened.signals;
          return opened.secrets(vertx, config, env).compose(secrets -> vertx.executeBlocking(this::oidcProvider)
              .compose(provider -> wire(secrets, loaded, provider)));
        }))
        .compose(router -> vertx.createHttpServer(new HttpServerOptions()
                .setHost(config.http().host())
                // Nothing here speaks HTTP/2 without TLS; a clear-text upgrade would be a path no test covers.
                .setHttp2ClearTextEnabled(false)
                .setPort(config.http().port())
                .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME)
                .setMaxWebSocketMessageSize(MAX_WEBSOCKET_FRAME))
            .connectionHandler(clientConnections()::accept)
            .requestHandler(router)
            // listen() binds the options' host; listen(port) would bind every interface whatever the host says
            .listen())
        .onSuccess(listening -> {
          server = listening;
          LOG.atInfo().addKeyValue("port", listening.actualPort()).addKeyValue("dataDir", config.dataPath().toAbsolutePath())
              .addKeyValue("channels", connectors.all().stream().map(Connector::channel).toList())
              .addKeyValue("store", config.store().kind())
              .log("Relay gateway listening");
        })
        .onFailure(err -> {
          if (storage != null) {
            storage.close();
          }
        });
  }

  /** Timeouts, the write stall and the per-address limit, for every connection from its opening. */
  private ClientConnections clientConnections() {
    RelayConfig.Http http = config.http();
    return new ClientConnections(new ClientConnections.Limits(http.headerTimeout(), http.bodyTimeout(),
        http.writeStallTimeout(), http.maxConnectionsPerAddress(), trustedProxies()), registry);
  }

  /** The proxies whose X-Forwarded-For names the client, for every per-address limit. */
  private TrustedProxies trustedProxies() {
    return TrustedProxies.parse(config.http().trustedProxies());
  }

  /** Runs the jobs that are due now, and routes again what is due for it; for tests that move the clock instead of waiting. */
  public Future<Integer> runDueJobs() {
    return scheduler.runDue().compose(ran -> routingRetries.sweep().map(routed -> ran + routed));
  }

  /** The SMS channel's options, or null when off; the auth token is a secret and comes from the environment only. */
  private TwilioOptions smsOptions() {
    try {
      return config.sms().options(env.get("TWILIO_AUTH_TOKEN"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of("sms: " + e.getMessage()));
    }
  }

  /**
   * The shipped texts, in the company's language until a customer's is known; the operator's
   * {@code email.signature} is the signature's shipped wording in every language.
   */
  private Texts texts() {
    EmailOptions email = config.email().options();
    try {
      return new Texts(TextCatalogue.bundled().withDefault(TextKey.EMAIL_SIGNATURE, config.email().signature()),
          config.company().defaultLocale(), email == null ? "" : email.domain());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of("email.signature: " + e.getMessage()));
    }
  }

  /** What start-up reads from the class path on a worker: the language models, the texts, the phone-number data. */
  private record Loaded(TextLanguage languages, Texts texts, PhoneNumbers phones) {
  }

  /** libphonenumber reads its data when first used: the company's region and the common ones now, not in a request. */
  private PhoneNumbers phones() {
    return new PhoneNumbers(config.company().region().isBlank() ? null : config.company().region()).loaded();
  }

  /** The OpenID Connect provider, or null when none is configured; its client secret is read from a file, so: on a worker. */
  private OidcSignIn.Provider oidcProvider() {
    RelayConfig.SignIn signin = config.signin();
    return !signin.oidc() ? null : new OidcSignIn.Provider(signin.oidcIssuer().strip(), signin.oidcClientId().strip(),
        Secrets.oidcClientSecret(env, signin.oidcClientSecretFile()), signin.providerName());
  }

  /** How agents are e-mailed (their reset link): a notice through the e-mail channel, or null when it is off. */
  private AgentMail agentMail(EmailConnector email) {
    return config.email().options() == null ? null : (to, subject, text) -> email.send(new OutboundMessage(null,
        OutboundMessage.Kind.NOTICE, new Address(Address.EMAIL, to), text, null, null, clock.instant(), ThreadRef.NONE,
        new Wording(subject, null))).mapEmpty();
  }

  /** Builds the features on the shared services, then mounts every route in one written-out order. */
  private Future<Router> wire(Secrets secrets, Loaded loaded, OidcSignIn.Provider oidc) {
    TextLanguage languages = loaded.languages();
    Texts texts = loaded.texts();
    PhoneNumbers phones = loaded.phones();
    LiveStreams liveStreams = new LiveStreams();
    AgentInbox inbox = new AgentInbox(signals, store.inbox(), clock, metrics, liveStreams);
    scheduler = new Scheduler(vertx, store.jobs(), clock, metrics, config.jobs().lease());
    RoutingRules rules = new RoutingRules(vertx, signals, store, clock, config.rules().initialPath(), metrics);
    FailedLogins failures = new FailedLogins(clock);
    DeskSessions sessions = new DeskSessions(store, config.http().sessionTtl(), clock);
    BearerAuth auth = new BearerAuth(secrets.adminToken(), store.agents(), failures, trustedProxies(), sessions);
    EmailConnector email = new EmailConnector(config.email().options(), secrets.emailReplyKey());
    SignInFeature signIn = new SignInFeature(vertx, store, sessions, failures, trustedProxies(), signals, texts,
        agentMail(email), new SignInFeature.Options(config.signin().baseUrl(), config.signin().resetLinkTtl(), oidc),
        new SignInMetrics(registry), clock);

    HoursBook hours = new HoursBook(vertx, signals, store.hours(), config.hours());
    TextOverrides textOverrides = new TextOverrides(vertx, signals, store, texts, clock);
    BrandBook brand = new BrandBook(vertx, signals, store.brand(), clock);
    BrandRoutes brandRoutes = new BrandRoutes(brand, store.audit(), clock);

    // The features, each built on what it needs; each registers its own jobs.
    ResponseTimes responseTimes = new ResponseTimes(store.responseTimes(), metrics);
    FileLinks fileLinks = new FileLinks(secrets.fileLinkKey(), config.sms().publicUrl(), store.attachments(), clock);
    OutboundFeature outbound = new OutboundFeature(store, connectors, inbox, scheduler, texts, responseTimes,
        config.sms().acknowledge() ? Set.of() : Set.of(TwilioConnector.CHANNEL), fileLinks, clock);
    AgentCalls calls = new AgentCalls(store, scheduler, connectors, outbound.replies(), outbound.deliveries(),
        new CallWindows(hours::current), texts, clock);
    FollowUps followUps = new FollowUpFeature(store, scheduler, calls, config.quality().recordCalls()).followUps();
    Callbacks callbacks = new CallbackFeature(store, scheduler, calls, outbound.notices(), phones, clock).callbacks();
    DeskConnections desks = new DeskConnections();
    Presences presences = new Presences(hours::current, desks, config.presence().grace());
    Outlooks outlooks = new Outlooks(store, presences, responseTimes, hours::current, clock);
    Supervisors supervisors = new Supervisors(store.agents(), inbox);
    HandsChanged handsChanged = new HandsChanged(inbox, supervisors);
    AssignmentFeature assignment = new AssignmentFeature(store, scheduler, inbox, handsChanged, outbound.notices(),
        callbacks, presences, outlooks, metrics, config.presence().handBackQuiet(), clock);
    FirstResponseTargets targets = new FirstResponseTargets(store, scheduler, assignment.absence(), inbox, supervisors,
        metrics, clock);
    presence = new PresenceWatch(store.agents(), scheduler, presences, desks, signals, metrics, assignment::cameBack,
        clock);
    hours.onChange(changed -> presence.refreshAll()
        .onFailure(err -> LOG.atWarn().setCause(err).log("presence not worked out again after an hours change")));
    Surveys surveys = new Surveys(store, outbound.notices(), inbox, config.satisfaction().survey(), clock);
    Dispatch dispatch = new Dispatch(store, assignment.owners(), assignment.absence(), inbox, followUps, callbacks,
        outbound.notices(), assignment.back(), targets, supervisors);
    Reassignment reassignment = new Reassignment(store, handsChanged, assignment.back(), assignment.waiting(),
        outbound.notices(), clock);
    Duration retryAfter = config.jobs().unroutedRetryAfter();
    InboundRouter messages = new InboundRouter(store, rules, surveys, dispatch, languages, clock, metrics, retryAfter);
    routingRetries = new RoutingRetries(vertx, store, dispatch, clock, metrics, retryAfter);
    ChannelSink inbound = new ChannelSink(messages, outbound.deliveries(), calls, store, inbox);
    AgentsFeature agents = new AgentsFeature(store, signals, calls, inbox, assignment.waiting(), presence, hours, phones, clock);
    ConversationsFeature conversations = new ConversationsFeature(store, outbound.replies(), followUps, callbacks,
        surveys, assignment.waiting(), agents.handOver(), clock);
    RuleRoutes ruleRoutes = new RuleRoutes(rules, clock);
    PrivacyFeature privacy = new PrivacyFeature(vertx, store, scheduler, connectors, calls, new RetentionPolicy(
        config.retention().resolvedConversations(), config.retention().attachments(), config.retention().callRecordings()),
        clock);
    QualityFeature quality = new QualityFeature(store, scheduler, calls, config.quality().reviewsPerAgent(), clock);

    connectors.add(new ChatConnector(
        new ChatOptions(secrets.chatSecret(), config.chat().maxTextLength(), ChatOptions.DEFAULT_MAX_FRAME_CHARS,
            secrets.chatIdentitySecret(), config.chat().burst(), config.chat().perMinute(),
            config.chat().newVisitorBurst(), config.chat().newVisitorsPerMinute(), ChatOptions.DEFAULT_HELLO_TIMEOUT,
            config.chat().visitorTokenLifetime(), trustedProxies()),
        new ChatVisitorState(store, callbacks, texts, outlooks, fileLinks, brand, clock)));
    connectors.add(email);
    connectors.add(new TwilioConnector(smsOptions()));

    // The route order, which Vert.x follows as written:
    //  1. response headers and the error handler, for every answer;
    //  2. public endpoints: probes and metrics, static pages, the agent stream (it signs in with
    //     its first frame), signing in to the desk (POST /api/session, its small body read before
    //     anyone is known: that is what signing in is; the reset link, the OpenID Connect redirects), the signed
    //     links to files agents sent (the link is the permission), and the connectors' own (chat WebSocket, Twilio
    //     webhooks: mounted below
    //     when they start; they check their own signatures);
    //  3. /api/*: authentication, then the caller's rate limit, then admin-only for /api/admin/*,
    //     all before any body is read (an unknown caller's upload is refused after its headers);
    //  4. the body handlers: rule sets, replies with files and the brand's logo may be larger than other bodies, so theirs come first;
    //  5. the features' API routes, in any order (their paths do not overlap);
    //  6. 404 for everything else, last, once the connectors have mounted theirs.
    Router router = Router.router(vertx);
    router.route().handler(new ResponseHeaders());
    router.route().failureHandler(new ErrorHandler());
    new OpsRoutes(vertx, store, connectors, registry, auth::isAdmin,
        request -> auth.isAdminOr(request, secrets.metricsToken())).mount(router);
    StaticPages.mount(router, "admin");
    StaticPages.mount(router, "desk");
    StaticPages.mount(router, "common");
    brandRoutes.mountPublic(router);
    new AgentStream(vertx, auth, store.inbox(), liveStreams, metrics, (agent, id, activity) -> conversations.service()
        .visible(new Caller.AgentCaller(agent), id)
        .onSuccess(v -> outbound.notices().agentActivity(v.customer(), v.conversation(), agent.name(), activity))
        .mapEmpty(), presence).mount(router);
    signIn.mountSignIn(router);
    fileLinks.mount(router);
    router.route("/api/*").handler(auth::authenticate);
    router.route("/api/*").handler(new ApiRateLimit(clock, config.http().apiBurst(), config.http().apiPerMinute())::check);
    router.route("/api/admin/*").handler(BearerAuth::adminOnly);
    ruleRoutes.mount(router);
    // A reply may carry files (base64 in its JSON): its body may be larger than others.
    router.post("/api/conversations/:id/messages").handler(BodyHandler.create(false).setBodyLimit(OutgoingFiles.MAX_BODY));
    brandRoutes.mountUpload(router);
    router.route("/api/*").method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
        .handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimit()));
    agents.mount(router);
    signIn.mount(router);
    ruleRoutes.mountEndpoints(router);
    new AuditRoutes(store.audit()).mount(router);
    new CustomerAdminRoutes(store, reassignment, phones, clock).mount(router);
    privacy.mount(router);
    quality.mount(router);
    conversations.mount(router);
    new JobRoutes(store.jobs()).mount(router);
    new SatisfactionReport(store).mount(router);
    new BoardRoutes(new SupervisorBoard(store, () -> hours.current().companyZone(), clock), reassignment,
        new TakeOver(store, assignment.back(), handsChanged, outbound.notices(), clock)).mount(router);
    new TextRoutes(textOverrides, texts).mount(router);
    new CannedReplyRoutes(store.cannedReplies(), store.audit(), conversations.service(), texts.company(), clock).mount(router);
    new SearchRoutes(new Search(store, phones)).mount(router);
    brandRoutes.mount(router);

    StoreLeases leases = new StoreLeases(store.leases(), clock);
    List<Future<Void>> started = connectors.all().stream()
        .map(c -> c.start(new ConnectorContext(vertx, router, inbound, clock,
            new MicrometerChannelMetrics(registry, c.channel()), leases, signals)))
        .toList();
    return rules.load().compose(v -> textOverrides.load()).compose(v -> hours.load()).compose(v -> brand.load()).compose(v -> Future.all(started))
        .compose(v -> privacy.start())
        .compose(v -> quality.start())
        .map(v -> {
          router.route().handler(rc -> rc.fail(404));
          scheduler.start(config.jobs().tick());
          presence.start(vertx);
          routingRetries.start(config.jobs().tick());
          return router;
        });
  }

  @Override
  public Future<?> stop() {
    long graceMs = config.shutdown().grace().toMillis();
    if (scheduler != null) {
      scheduler.stop();
    }
    if (presence != null) {
      presence.stop();
    }
    if (routingRetries != null) {
      routingRetries.stop();
    }
    Future<Void> drained = server == null ? Future.succeededFuture() : server.shutdown(graceMs, TimeUnit.MILLISECONDS);
    return drained
        .eventually(() -> Future.join(connectors.all().stream().map(Connector::stop).toList()))
        .eventually(() -> storage == null ? Future.succeededFuture() : storage.close())
        .onComplete(v -> LOG.info("Relay gateway stopped"));
  }
}
