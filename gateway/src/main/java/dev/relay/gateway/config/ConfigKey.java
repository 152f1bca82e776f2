package dev.relay.gateway.config;

import static dev.relay.gateway.config.Check.NONE;
import static dev.relay.gateway.config.Check.atLeast;
import static dev.relay.gateway.config.Check.autoOrBetween;
import static dev.relay.gateway.config.Check.between;
import static dev.relay.gateway.config.Check.durationWithin;
import static dev.relay.gateway.config.Check.nonNegativeDuration;
import static dev.relay.gateway.config.Check.oneOf;
import static dev.relay.gateway.config.Check.optionalPeriod;
import static dev.relay.gateway.config.Check.positive;

import dev.relay.connector.spi.TrustedProxies;
import java.time.Duration;

/**
 * Every setting, declared once: its path in the YAML file, the environment variable that overrides
 * it (null: file only), its type, its default, the check its value must pass, and its line in the
 * README's table. {@link ConfigLoader} builds the defaults, the environment overrides and these
 * checks from here; a test holds the README and {@code relay-defaults.yaml} to it. Rules that span
 * keys (a Redis URL once the store is Redis) stay in {@link RelayConfig}.
 */
enum ConfigKey {
  HTTP_HOST("http.host", "RELAY_HTTP_HOST", Type.TEXT, "0.0.0.0", NONE, "interface to listen on"),
  HTTP_PORT("http.port", "RELAY_HTTP_PORT", Type.INT, "8080", between(0, 65535), "the one port for HTTP and WebSockets"),
  HTTP_BODY_LIMIT("http.bodyLimit", "RELAY_HTTP_BODY_LIMIT", Type.INT, "65536", atLeast(1024, "bytes"),
      "largest request body in bytes (413 above)"),
  HTTP_API_BURST("http.apiBurst", "RELAY_API_BURST", Type.INT, "100", positive("http.apiBurst and http.apiPerMinute"),
      "API requests one caller may make at once (429 above)"),
  HTTP_API_PER_MINUTE("http.apiPerMinute", "RELAY_API_PER_MINUTE", Type.INT, "1200",
      positive("http.apiBurst and http.apiPerMinute"), "API requests per caller per minute after the burst"),
  HTTP_HEADER_TIMEOUT("http.headerTimeout", "RELAY_HTTP_HEADER_TIMEOUT", Type.DURATION, "PT10S",
      durationWithin(Duration.ofMillis(100), Duration.ofMinutes(10), "PT10S"),
      "a connection that sends no complete request head this long after opening (or after its last answer) is closed"),
  HTTP_BODY_TIMEOUT("http.bodyTimeout", "RELAY_HTTP_BODY_TIMEOUT", Type.DURATION, "PT30S",
      durationWithin(Duration.ofMillis(100), Duration.ofMinutes(10), "PT30S"),
      "a request whose body has not all arrived this long after its head is dropped"),
  HTTP_WRITE_STALL_TIMEOUT("http.writeStallTimeout", "RELAY_HTTP_WRITE_STALL_TIMEOUT", Type.DURATION, "PT30S",
      durationWithin(Duration.ofMillis(100), Duration.ofMinutes(10), "PT30S"),
      "a connection (WebSockets too) that takes nothing sent to it this long is dropped; it is not read meanwhile"),
  HTTP_MAX_CONNECTIONS_PER_ADDRESS("http.maxConnectionsPerAddress", "RELAY_HTTP_MAX_CONNECTIONS_PER_ADDRESS", Type.INT,
      "200", between(1, 1_000_000), "open connections from one client address (WebSockets per forwarded client behind a trusted proxy)"),
  HTTP_TRUSTED_PROXIES("http.trustedProxies", "RELAY_HTTP_TRUSTED_PROXIES", Type.TEXT, "",
      (path, value) -> TrustedProxies.problem(path, (String) value),
      "comma-separated addresses or CIDR ranges of proxies whose `X-Forwarded-For` is believed, e.g. `10.0.0.0/8`"),
  HTTP_SESSION_TTL("http.sessionTtl", "RELAY_SESSION_TTL", Type.DURATION, "PT12H",
      durationWithin(Duration.ofMinutes(5), Duration.ofDays(30), "PT12H"),
      "how long a desk sign-in lasts before the agent signs in again"),
  SIGNIN_PUBLIC_URL("signin.publicUrl", "RELAY_SIGNIN_URL", Type.TEXT, "", NONE,
      "the address agents open Relay at, e.g. `https://relay.example.com`: e-mailed reset links and the OpenID Connect "
          + "redirect start with it; blank: neither is offered"),
  SIGNIN_RESET_LINK_TTL("signin.resetLinkTtl", "RELAY_RESET_LINK_TTL", Type.DURATION, "PT30M",
      durationWithin(Duration.ofMinutes(5), Duration.ofDays(1), "PT30M"),
      "how long an e-mailed password reset link works (once)"),
  SIGNIN_OIDC_ISSUER("signin.oidcIssuer", "RELAY_OIDC_ISSUER", Type.TEXT, "", NONE,
      "the company's OpenID Connect provider, by its issuer URL; blank: no single sign-on"),
  SIGNIN_OIDC_CLIENT_ID("signin.oidcClientId", "RELAY_OIDC_CLIENT_ID", Type.TEXT, "", NONE,
      "Relay's client id at the provider; the client secret comes from `RELAY_OIDC_CLIENT_SECRET` (environment) "
          + "or `signin.oidcClientSecretFile`"),
  SIGNIN_OIDC_CLIENT_SECRET_FILE("signin.oidcClientSecretFile", "RELAY_OIDC_CLIENT_SECRET_FILE", Type.TEXT, "", NONE,
      "a file only Relay's user may read, holding the client secret"),
  SIGNIN_OIDC_PROVIDER_NAME("signin.oidcProviderName", "RELAY_OIDC_PROVIDER_NAME", Type.TEXT, "", NONE,
      "the desk's button says \"Sign in with\" this name; blank: the issuer's host"),
  DATA_DIR("dataDir", "RELAY_DATA_DIR", Type.TEXT, "./data", NONE, "the embedded store and generated secrets"),
  STORE_KIND("store.kind", "RELAY_STORE", Type.TEXT, "embedded", oneOf("embedded", "redis"),
      "`redis` to share the store between replicas"),
  STORE_REDIS_URL("store.redisUrl", "RELAY_REDIS_URL", Type.TEXT, "", NONE,
      "e.g. `redis://:password@redis:6379/0` (keep it in the environment); comma-separated for Sentinel/Cluster"),
  STORE_REDIS_TYPE("store.redisType", "RELAY_REDIS_TYPE", Type.TEXT, "standalone", oneOf("standalone", "sentinel", "cluster"),
      "`standalone`, `sentinel` or `cluster`"),
  STORE_REDIS_MASTER("store.redisMaster", "RELAY_REDIS_MASTER", Type.TEXT, "", NONE, "the Sentinel master name"),
  STORE_REDIS_POOL("store.redisPoolSize", "RELAY_REDIS_POOL", Type.INT, "16", between(1, 1000), "Redis connections per gateway"),
  STORE_REDIS_WAIT_REPLICAS("store.redisWaitReplicas", "RELAY_REDIS_WAIT_REPLICAS", Type.TEXT, "auto", autoOrBetween(0, 10),
      "replicas that must have an inbound message before it is acknowledged (`WAIT`); `auto`: one when the master has any"),
  STORE_REDIS_WAIT_TIMEOUT("store.redisWaitTimeout", "RELAY_REDIS_WAIT_TIMEOUT", Type.DURATION, "PT1S",
      durationWithin(java.time.Duration.ofMillis(10), java.time.Duration.ofSeconds(30), "PT1S"),
      "how long to wait for them; fewer in time → 503 / `unavailable`, and the channel sends it again"),
  STORE_REDIS_OUTBOX_GRACE("store.redisOutboxGrace", "RELAY_REDIS_OUTBOX_GRACE", Type.DURATION, "PT30S",
      durationWithin(Duration.ofSeconds(1), Duration.ofHours(1), "PT30S"),
      "a write across shards left unfinished this long (its replica died) is finished by another replica's sweeper"),
  STORE_REDIS_OUTBOX_SWEEP("store.redisOutboxSweep", "RELAY_REDIS_OUTBOX_SWEEP", Type.DURATION, "PT5S",
      durationWithin(Duration.ofMillis(100), Duration.ofMinutes(10), "PT5S"),
      "how often that sweeper looks for them (on the shards known to have some due)"),
  STORE_REDIS_FULL_SWEEP("store.redisFullSweep", "RELAY_REDIS_FULL_SWEEP", Type.DURATION, "PT1M",
      durationWithin(Duration.ofSeconds(1), Duration.ofHours(1), "PT1M"),
      "how often every shard is looked at for due jobs, notes and unrouted messages, even where none is known to be due"),
  CHAT_MAX_TEXT("chat.maxTextLength", "RELAY_CHAT_MAX_TEXT", Type.INT, "4000", between(1, 100_000),
      "longest chat message, in characters"),
  CHAT_BURST("chat.burst", "RELAY_CHAT_BURST", Type.INT, "10", positive("chat.burst and chat.perMinute"),
      "messages a chat visitor may send at once"),
  CHAT_PER_MINUTE("chat.perMinute", "RELAY_CHAT_PER_MINUTE", Type.INT, "30", positive("chat.burst and chat.perMinute"),
      "messages per chat visitor per minute after the burst"),
  CHAT_NEW_VISITOR_BURST("chat.newVisitorBurst", "RELAY_CHAT_NEW_VISITOR_BURST", Type.INT, "20",
      positive("chat.newVisitorBurst and chat.newVisitorsPerMinute"),
      "new anonymous chats one client address may open at once"),
  CHAT_NEW_VISITORS_PER_MINUTE("chat.newVisitorsPerMinute", "RELAY_CHAT_NEW_VISITORS_PER_MINUTE", Type.INT, "20",
      positive("chat.newVisitorBurst and chat.newVisitorsPerMinute"),
      "new anonymous chats per client address per minute after the burst"),
  CHAT_VISITOR_TOKEN_LIFETIME("chat.visitorTokenLifetime", "RELAY_CHAT_VISITOR_TOKEN_LIFETIME", Type.DURATION, "P30D",
      durationWithin(Duration.ofMinutes(5), Duration.ofDays(400), "P30D"),
      "a visitor who does not come back within this time starts a new chat (each visit renews it)"),
  EMAIL_IMAP_URL("email.imapUrl", "RELAY_IMAP_URL", Type.TEXT, "", NONE,
      "support mailbox, e.g. `imaps://support:password@imap.example.com/INBOX` (password %-encoded)"),
  EMAIL_SMTP_URL("email.smtpUrl", "RELAY_SMTP_URL", Type.TEXT, "", NONE,
      "outgoing mail, e.g. `smtp://support:password@smtp.example.com:587?starttls=true` or `smtps://…`"),
  EMAIL_SUPPORT_ADDRESS("email.supportAddress", "RELAY_SUPPORT_ADDRESS", Type.TEXT, "", NONE,
      "the address customers write to; replies come from it under the agent's name"),
  EMAIL_POLL("email.pollInterval", "RELAY_EMAIL_POLL", Type.DURATION, "PT10S", NONE, "how often the mailbox is checked"),
  EMAIL_SIGNATURE("email.signature", "RELAY_EMAIL_SIGNATURE", Type.TEXT, "{agent}", NONE,
      "how replies are signed, e.g. `{agent}, Acme support`; admins may word it per language ([docs/texts.md](docs/texts.md))"),
  EMAIL_MAX_ATTACHMENT("email.maxAttachmentBytes", "RELAY_EMAIL_MAX_ATTACHMENT", Type.INT, "10485760", NONE,
      "larger attachments are listed, not kept"),
  SMS_ACCOUNT_SID("sms.accountSid", "TWILIO_ACCOUNT_SID", Type.TEXT, "", NONE,
      "Twilio account; with `TWILIO_AUTH_TOKEN` (environment only)"),
  SMS_NUMBER("sms.number", "RELAY_TWILIO_NUMBER", Type.TEXT, "", NONE, "your Twilio number, e.g. `+15551234567`"),
  SMS_PUBLIC_URL("sms.publicUrl", "RELAY_PUBLIC_URL", Type.TEXT, "", NONE,
      "how Twilio reaches the gateway; webhooks are signed against it"),
  SMS_API_BASE("sms.apiBase", "RELAY_TWILIO_API_BASE", Type.TEXT, "", NONE, "Twilio's own API unless set"),
  SMS_TIMEOUT("sms.timeout", "RELAY_TWILIO_TIMEOUT", Type.DURATION, "PT10S", NONE,
      "a slower call to Twilio fails and is retried later"),
  SMS_SIGNATURE("sms.signature", "RELAY_SMS_SIGNATURE", Type.TEXT, "- {agent}", NONE, "appended to every text (keep it GSM-7)"),
  SMS_ACKNOWLEDGE("sms.acknowledge", "RELAY_SMS_ACKNOWLEDGE", Type.BOOL, "true", NONE,
      "text each new conversation who answers and when (one GSM-7 segment); `false` saves the segment"),
  JOBS_TICK("jobs.tick", "RELAY_JOBS_TICK", Type.DURATION, "PT1S",
      durationWithin(Duration.ofMillis(10), Duration.ofMinutes(10), "PT1S"),
      "how often due jobs (owner waits, follow-ups, callbacks) are looked for"),
  JOBS_LEASE("jobs.lease", "RELAY_JOBS_LEASE", Type.DURATION, "PT2M",
      durationWithin(Duration.ofSeconds(10), Duration.ofHours(1), "PT2M"),
      "how long a replica holds a job it runs; one still held after this (its replica died) runs again elsewhere"),
  JOBS_UNROUTED_RETRY_AFTER("jobs.unroutedRetryAfter", "RELAY_UNROUTED_RETRY_AFTER", Type.DURATION, "PT1M",
      durationWithin(Duration.ofSeconds(5), Duration.ofHours(1), "PT1M"),
      "an inbound message stored but not yet with its agent this long after (a step failed, its replica died) is routed again"),
  RULES_FILE("rules.initialFile", "RELAY_RULES_FILE", Type.TEXT, "", NONE,
      "routing rules installed on a new store instead of the shipped default"),
  HOURS_COMPANY("hours.company", null, Type.MAPPING, "null", NONE,
      "when agents work (who is reachable, when calls are placed) until an admin saves hours ([docs/callbacks.md](docs/callbacks.md))"),
  HOURS_TEAMS("hours.teams", null, Type.MAPPING, "{}", NONE, "team name → hours, for its agents who have none of their own"),
  SATISFACTION_SURVEY("satisfaction.survey", "RELAY_SATISFACTION_SURVEY", Type.BOOL, "true", NONE,
      "ask customers to rate a resolved conversation 1–5"),
  COMPANY_LOCALE("company.locale", "RELAY_COMPANY_LOCALE", Type.TEXT, "en",
      oneOf(dev.relay.gateway.texts.TextCatalogue.LOCALES.toArray(String[]::new)),
      "the language customers are written to until theirs is known (`en`, `fr`, `fr-CA`; [docs/texts.md](docs/texts.md))"),
  COMPANY_REGION("company.region", "RELAY_COMPANY_REGION", Type.TEXT, "", NONE,
      "the company's country (`FR`, `CA`…): how national phone numbers are read"),
  RETENTION_CONVERSATIONS("retention.resolvedConversations", "RELAY_RETENTION_CONVERSATIONS", Type.DURATION, "",
      optionalPeriod(), "resolved conversations (messages, attachments) are deleted this long after resolution, e.g. `P365D`"),
  RETENTION_ATTACHMENTS("retention.attachments", "RELAY_RETENTION_ATTACHMENTS", Type.DURATION, "", optionalPeriod(),
      "attachments' files are deleted this long after their message (it stays, listing them), e.g. `P90D`"),
  RETENTION_RECORDINGS("retention.callRecordings", "RELAY_RETENTION_RECORDINGS", Type.DURATION, "", optionalPeriod(),
      "call recordings are deleted at Twilio this long after the call, e.g. `P30D`"),
  PRESENCE_GRACE("presence.grace", "RELAY_PRESENCE_GRACE", Type.DURATION, "PT2M",
      durationWithin(Duration.ofSeconds(3), Duration.ofHours(1), "PT2M"),
      "how long after an agent's desk closed they still count as there (then they are away)"),
  PRESENCE_HAND_BACK_QUIET("presence.handBackQuiet", "RELAY_PRESENCE_HAND_BACK_QUIET", Type.DURATION, "PT10M",
      durationWithin(Duration.ZERO, Duration.ofDays(1), "PT10M"),
      "an owner back gets a covered conversation once the customer answered the teammate's last reply, or after this quiet time"),
  QUALITY_REVIEWS_PER_AGENT("quality.reviewsPerAgent", "RELAY_QUALITY_REVIEWS_PER_AGENT", Type.INT, "3", between(0, 50),
      "resolved conversations per agent drawn each Monday for a supervisor's review (0: none) ([docs/agent-desk.md](docs/agent-desk.md))"),
  QUALITY_RECORD_CALLS("quality.recordCalls", "RELAY_QUALITY_RECORD_CALLS", Type.BOOL, "false", NONE,
      "record follow-up calls at Twilio (the customer is told first, in their language); played through Relay to supervisors and the owner"),
  SHUTDOWN_GRACE("shutdown.grace", "RELAY_SHUTDOWN_GRACE", Type.DURATION, "PT10S", nonNegativeDuration("PT10S"),
      "how long SIGTERM lets requests finish");

  /** How a value is written in YAML, and the Java type its check receives. */
  enum Type {
    TEXT(String.class), INT(Integer.class), BOOL(Boolean.class), DURATION(Duration.class),
    /** A structure of its own (validated by its record): the default is {@code null} or {@code {}}. */
    MAPPING(Object.class);

    final Class<?> javaType;

    Type(Class<?> javaType) {
      this.javaType = javaType;
    }
  }

  final String path;
  final String env;
  final Type type;
  /** As written in the README and the defaults file; "" is blank (the feature stays off). */
  final String defaultValue;
  final Check check;
  final String doc;

  ConfigKey(String path, String env, Type type, String defaultValue, Check check, String doc) {
    this.path = path;
    this.env = env;
    this.type = type;
    this.defaultValue = defaultValue;
    this.check = check;
    this.doc = doc;
  }
}
