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
                          SatisfactionSettings satisfaction,
                          Shutdown shutdown) {

  public record Http(String host, int port, int bodyLimit, int apiBurst, int apiPerMinute) {
  }

  /** @param burst messages a visitor may send at once; {@code perMinute} after that */
  public record Chat(int maxTextLength, int burst, int perMinute) {
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

    private static boolean blank(String value) {
      return value == null || value.isBlank();
    }
  }

  /** Blank account and number leave the SMS channel off; the auth token comes from the environment. */
  public record Sms(String accountSid, String number, String publicUrl, String apiBase, String signature,
                    Duration timeout) {

    public TwilioOptions options(String authToken) {
      if ((accountSid == null || accountSid.isBlank()) && (number == null || number.isBlank())) {
        return null;
      }
      return TwilioOptions.parse(accountSid, authToken, number, publicUrl, apiBase, signature, timeout);
    }
  }

  public record Jobs(Duration tick) {
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
   */
  public record StoreSettings(String kind, String redisUrl, String redisType, String redisMaster, int redisPoolSize) {

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
      if (!"embedded".equals(kind) && !"redis".equals(kind)) {
        problems.add("store.kind must be embedded or redis, was " + kind);
      }
      if (!java.util.Set.of("standalone", "sentinel", "cluster").contains(redisType)) {
        problems.add("store.redisType must be standalone, sentinel or cluster, was " + redisType);
      }
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
      if (redisPoolSize < 1 || redisPoolSize > 1000) {
        problems.add("store.redisPoolSize must be 1..1000, was " + redisPoolSize);
      }
      return problems;
    }
  }

  /** @param survey ask customers to rate the conversation (1–5) after it is resolved */
  public record SatisfactionSettings(boolean survey) {
  }

  public record Shutdown(Duration grace) {
  }

  public Path dataPath() {
    return Path.of(dataDir);
  }

  /** Every problem at once, so an operator fixes the file in one go. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (http == null || store == null || chat == null || email == null || sms == null || jobs == null || rules == null || hours == null || satisfaction == null || shutdown == null
        || dataDir == null
        || dataDir.isBlank()) {
      problems.add("http, dataDir, store, chat, email, sms, jobs, rules, hours, satisfaction and shutdown are required");
      return problems;
    }
    if (http.port < 0 || http.port > 65535) {
      problems.add("http.port must be 0..65535, was " + http.port);
    }
    if (http.apiBurst < 1 || http.apiPerMinute < 1) {
      problems.add("http.apiBurst and http.apiPerMinute must be positive");
    }
    if (http.bodyLimit < 1024) {
      problems.add("http.bodyLimit must be at least 1024 bytes, was " + http.bodyLimit);
    }
    if (chat.burst < 1 || chat.perMinute < 1) {
      problems.add("chat.burst and chat.perMinute must be positive");
    }
    if (chat.maxTextLength < 1 || chat.maxTextLength > 100_000) {
      problems.add("chat.maxTextLength must be 1..100000, was " + chat.maxTextLength);
    }
    try {
      email.options();
    } catch (IllegalArgumentException e) {
      problems.add("email: " + e.getMessage());
    }
    if (jobs.tick == null || jobs.tick.toMillis() < 10 || jobs.tick.toMinutes() > 10) {
      problems.add("jobs.tick must be a duration from PT0.01S to PT10M, such as PT1S");
    }
    problems.addAll(hours.problems());
    problems.addAll(store.problems());
    problems.addAll(rules.problems());
    if (shutdown.grace == null || shutdown.grace.isNegative()) {
      problems.add("shutdown.grace must be a non-negative ISO-8601 duration such as PT10S");
    }
    return problems;
  }

  public RelayConfig withHttpPort(int port) {
    return new RelayConfig(new Http(http.host, port, http.bodyLimit, http.apiBurst, http.apiPerMinute), dataDir, store, chat, email, sms, jobs,
        rules, hours, satisfaction, shutdown);
  }

  public RelayConfig withDataDir(Path dir) {
    return new RelayConfig(http, dir.toString(), store, chat, email, sms, jobs, rules, hours, satisfaction, shutdown);
  }
}
