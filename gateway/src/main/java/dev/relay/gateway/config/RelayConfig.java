package dev.relay.gateway.config;

import dev.relay.connector.email.EmailOptions;
import dev.relay.connector.twilio.TwilioOptions;
import dev.relay.gateway.schedule.AgentHours;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The gateway's settings, after defaults, the YAML file and the environment are merged. Secrets are not here. */
public record RelayConfig(Http http, String dataDir, StoreSettings store, Chat chat, Email email, Sms sms, Jobs jobs, Rules rules, AgentHours hours,
                          SatisfactionSettings satisfaction, Company company, Retention retention,
                          Shutdown shutdown, PresenceSettings presence, SignIn signin, Quality quality) {

  /**
   * @param headerTimeout     from a connection's opening, or its last answer, to a complete request head
   * @param bodyTimeout       from a request's head to the end of its body
   * @param writeStallTimeout how long a connection may take nothing we send before it is dropped
   * @param trustedProxies    comma-separated addresses or CIDR ranges whose {@code X-Forwarded-For} is believed
   * @param sessionTtl        how long a desk sign-in lasts
   */
  public record Http(String host, int port, int bodyLimit, int apiBurst, int apiPerMinute, Duration headerTimeout,
                     Duration bodyTimeout, Duration writeStallTimeout, int maxConnectionsPerAddress, String trustedProxies,
                     Duration sessionTtl) {
  }

  /**
   * How agents sign in besides their password (docs/security.md).
   *
   * @param publicUrl            where agents open Relay: e-mailed reset links and the OpenID Connect redirect start with it
   * @param resetLinkTtl         how long an e-mailed reset link works
   * @param oidcIssuer           the company's OpenID Connect provider; blank: none
   * @param oidcClientSecretFile an owner-only file with the client secret, when {@code RELAY_OIDC_CLIENT_SECRET} is not set
   * @param oidcProviderName     the name on the desk's button; blank: the issuer's host
   */
  public record SignIn(String publicUrl, Duration resetLinkTtl, String oidcIssuer, String oidcClientId,
                       String oidcClientSecretFile, String oidcProviderName) {

    public boolean oidc() {
      return !Email.blank(oidcIssuer);
    }

    /** The public address without a trailing slash, or null when it is not set. */
    public String baseUrl() {
      return Email.blank(publicUrl) ? null : publicUrl.strip().replaceAll("/+$", "");
    }

    public String providerName() {
      return !Email.blank(oidcProviderName) ? oidcProviderName.strip() : java.net.URI.create(oidcIssuer.strip()).getHost();
    }

    List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (!Email.blank(publicUrl) && !webAddress(publicUrl, false)) {
        problems.add("signin.publicUrl (RELAY_SIGNIN_URL) must be an http:// or https:// address such as "
            + "https://relay.example.com, was " + publicUrl);
      }
      if (!oidc()) {
        return problems;
      }
      if (!webAddress(oidcIssuer, true)) {
        problems.add("signin.oidcIssuer (RELAY_OIDC_ISSUER) must be an https:// address (http:// on this machine only), was "
            + oidcIssuer);
      }
      if (Email.blank(oidcClientId)) {
        problems.add("signin.oidcClientId (RELAY_OIDC_CLIENT_ID) is required with signin.oidcIssuer");
      }
      if (Email.blank(publicUrl)) {
        problems.add("signin.publicUrl (RELAY_SIGNIN_URL) is required with signin.oidcIssuer: the provider sends agents back there");
      }
      return problems;
    }

    /** An absolute web address; {@code httpsUnlessLocal}: plain http only to this machine (a provider run for a test). */
    private static boolean webAddress(String value, boolean httpsUnlessLocal) {
      try {
        java.net.URI uri = new java.net.URI(value.strip());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
        return uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null
            && ("https".equals(scheme) || "http".equals(scheme) && (!httpsUnlessLocal || local));
      } catch (java.net.URISyntaxException e) {
        return false;
      }
    }
  }

  /**
   * @param burst                messages a visitor may send at once; {@code perMinute} after that
   * @param visitorTokenLifetime how long a visitor token is valid after it was issued
   */
  public record Chat(int maxTextLength, int burst, int perMinute, int newVisitorBurst, int newVisitorsPerMinute,
                     Duration visitorTokenLifetime) {
  }

  /** Blank URLs leave the e-mail channel off. */
  public record Email(String imapUrl, String smtpUrl, String supportAddress, Duration pollInterval, String signature,
                      int maxAttachmentBytes) {

    /** The channel's options, or null when it is not configured. */
    public EmailOptions options() {
      if (blank(imapUrl) && blank(smtpUrl) && blank(supportAddress)) {
        return null;
      }
      return EmailOptions.parse(imapUrl, smtpUrl, supportAddress, pollInterval, signature, maxAttachmentBytes);
    }

    static boolean blank(String value) {
      return value == null || value.isBlank();
    }
  }

  /**
   * Blank account and number leave the SMS channel off; the auth token comes from the environment.
   *
   * @param acknowledge text new customers who answers and when (one segment each)
   */
  public record Sms(String accountSid, String number, String publicUrl, String apiBase, String signature,
                    Duration timeout, boolean acknowledge) {

    public TwilioOptions options(String authToken) {
      if ((accountSid == null || accountSid.isBlank()) && (number == null || number.isBlank())) {
        return null;
      }
      return TwilioOptions.parse(accountSid, authToken, number, publicUrl, apiBase, signature, timeout);
    }
  }

  /**
   * @param tick               how often due jobs and unrouted messages are looked for
   * @param lease              how long a replica holds a job it runs
   * @param unroutedRetryAfter how long after it was stored an unrouted message is routed again
   */
  public record Jobs(Duration tick, Duration lease, Duration unroutedRetryAfter) {
  }

  /** @param initialFile routing rules installed on a new store instead of the shipped default ("": none) */
  public record Rules(String initialFile) {

    public Path initialPath() {
      return initialFile == null || initialFile.isBlank() ? null : Path.of(initialFile);
    }

    List<String> problems() {
      Path path = initialPath();
      return path == null || java.nio.file.Files.isReadable(path) ? List.of()
          : List.of("rules.initialFile (RELAY_RULES_FILE): " + path + " does not exist or is not readable");
    }
  }

  /**
   * @param kind        {@code embedded} (one gateway, a file in the data directory) or {@code redis}
   * @param redisUrl    comma-separated endpoints, e.g. redis://:password@redis:6379/0 (Sentinel: the sentinels)
   * @param redisType   {@code standalone}, {@code sentinel} or {@code cluster}
   * @param redisMaster the Sentinel master name
   * @param redisWaitReplicas {@code auto} or how many replicas must have an inbound message before it is acknowledged
   * @param redisWaitTimeout  how long to wait for them
   * @param redisOutboxGrace  how old an unfinished write across shards must be before a sweeper finishes it
   * @param redisOutboxSweep  how often the sweeper looks
   * @param redisFullSweep    how often every shard's due work is looked at, even where none is known to be due
   */
  public record StoreSettings(String kind, String redisUrl, String redisType, String redisMaster, int redisPoolSize,
                              String redisWaitReplicas, java.time.Duration redisWaitTimeout, Duration redisOutboxGrace,
                              Duration redisOutboxSweep, Duration redisFullSweep) {

    public boolean redis() {
      return "redis".equals(kind);
    }

    /** The Vert.x Redis client's own options for these settings. */
    public io.vertx.redis.client.RedisOptions redisOptions() {
      io.vertx.redis.client.RedisOptions options = new io.vertx.redis.client.RedisOptions()
          .setType(io.vertx.redis.client.RedisClientType.valueOf(redisType.toUpperCase(java.util.Locale.ROOT)))
          .setMaxPoolSize(redisPoolSize)
          .setMaxPoolWaiting(redisPoolSize * 64)
          .setMaxWaitingHandlers(redisPoolSize * 256);
      for (String endpoint : redisUrl.split(",")) {
        options.addConnectionString(endpoint.strip());
      }
      if (redisMaster != null && !redisMaster.isBlank()) {
        options.setMasterName(redisMaster);
      }
      return options;
    }

    List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (redis() && (redisUrl == null || redisUrl.isBlank())) {
        problems.add("store.redisUrl (RELAY_REDIS_URL) is required when store.kind is redis");
      }
      if (redis() && redisUrl != null && java.util.Arrays.stream(redisUrl.split(","))
          .anyMatch(u -> !u.strip().startsWith("redis://") && !u.strip().startsWith("rediss://"))) {
        problems.add("store.redisUrl: every endpoint must start with redis:// or rediss://");
      }
      if ("sentinel".equals(redisType) && redis() && (redisMaster == null || redisMaster.isBlank())) {
        problems.add("store.redisMaster (RELAY_REDIS_MASTER) is required with Sentinel");
      }
      return problems;
    }
  }

  /** @param survey ask customers to rate the conversation (1–5) after it is resolved */
  public record SatisfactionSettings(boolean survey) {
  }

  /**
   * @param locale the BCP 47 tag of the language customers are written to until theirs is known
   * @param region the company's ISO 3166 country ("" when unset): how national phone numbers are read
   */
  public record Company(String locale, String region) {

    public java.util.Locale defaultLocale() {
      return java.util.Locale.forLanguageTag(locale);
    }
  }

  public record Shutdown(Duration grace) {
  }

  /** How long customers' data is kept (docs/privacy.md); a null period: until erased. */
  public record Retention(Duration resolvedConversations, Duration attachments, Duration callRecordings) {
  }

  /**
   * @param grace         how long after an agent's last desk or stream closed they still count as there
   * @param handBackQuiet how long a covered conversation stays quiet after the teammate's reply before
   *                      it goes back to the owner who returned
   */
  public record PresenceSettings(Duration grace, Duration handBackQuiet) {
  }

  /**
   * @param reviewsPerAgent resolved conversations per agent drawn each week for review (0: none)
   * @param recordCalls     follow-up calls are recorded, the customer told first
   */
  public record Quality(int reviewsPerAgent, boolean recordCalls) {
  }

  public Path dataPath() {
    return Path.of(dataDir);
  }

  /** False when a section (or the data directory) is missing: then nothing else is checked. */
  boolean complete() {
    return http != null && store != null && chat != null && email != null && sms != null && jobs != null && rules != null
        && hours != null && satisfaction != null && company != null && retention != null && shutdown != null
        && presence != null && signin != null && quality != null && dataDir != null && !dataDir.isBlank();
  }

  /**
   * Every problem that spans keys, at once, so an operator fixes the file in one go; each key's own
   * check is declared with it in {@link ConfigKey}.
   */
  List<String> problems() {
    if (!complete()) {
      return List.of("http, dataDir, store, chat, email, sms, jobs, rules, hours, satisfaction, company, retention, shutdown, presence, signin and quality are required");
    }
    List<String> problems = new ArrayList<>();
    try {
      email.options();
    } catch (IllegalArgumentException e) {
      problems.add("email: " + e.getMessage());
    }
    problems.addAll(hours.problems());
    problems.addAll(store.problems());
    problems.addAll(rules.problems());
    problems.addAll(signin.problems());
    return problems;
  }

  public RelayConfig withHttpPort(int port) {
    return new RelayConfig(new Http(http.host, port, http.bodyLimit, http.apiBurst, http.apiPerMinute,
        http.headerTimeout, http.bodyTimeout, http.writeStallTimeout, http.maxConnectionsPerAddress, http.trustedProxies,
        http.sessionTtl), dataDir, store, chat, email, sms, jobs,
        rules, hours, satisfaction, company, retention, shutdown, presence, signin, quality);
  }

  public RelayConfig withDataDir(Path dir) {
    return new RelayConfig(http, dir.toString(), store, chat, email, sms, jobs, rules, hours, satisfaction, company, retention, shutdown,
        presence, signin, quality);
  }
}
