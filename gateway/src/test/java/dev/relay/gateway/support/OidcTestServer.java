package dev.relay.gateway.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small OpenID Connect provider on a local port, as a company's identity provider behaves for one
 * client: the discovery document, its JWKS (one RSA key), an authorize endpoint that signs in the
 * person the test chose and redirects back with a code, and a token endpoint that checks the client
 * secret, the redirect URI and the PKCE verifier and answers an RS256 id token. A test can make the
 * next id token go wrong the ways a real attack or misconfiguration would: another key, another nonce.
 */
public final class OidcTestServer implements AutoCloseable {

  public static final String CLIENT_ID = "relay-desk";
  public static final String CLIENT_SECRET = "s3cret-du-client-relay-0123456789";
  private static final String KID = "clé-2026";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final HttpServer server;
  private final KeyPair key = rsa();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private volatile String email;
  private volatile boolean emailVerified = true;
  private volatile String nextNonce;
  private volatile PrivateKey nextSigner;

  /** What the authorize endpoint remembers of a code until it is exchanged (once). */
  private record Grant(String email, String nonce, String challenge, String redirectUri) {
  }

  private OidcTestServer(HttpServer server) {
    this.server = server;
  }

  public static OidcTestServer start(Vertx vertx) {
    Router router = Router.router(vertx);
    OidcTestServer[] self = new OidcTestServer[1];
    router.get("/.well-known/openid-configuration").handler(rc -> json(rc.request(), self[0].discovery()));
    router.get("/jwks").handler(rc -> json(rc.request(), self[0].jwks()));
    router.get("/authorize").handler(rc -> self[0].authorize(rc.request()));
    router.post("/token").handler(BodyHandler.create());
    router.post("/token").handler(rc -> self[0].token(rc.request(), rc.request().formAttributes()));
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "localhost"));
    self[0] = new OidcTestServer(server);
    return self[0];
  }

  public String issuer() {
    return "http://localhost:" + server.actualPort();
  }

  /** The person signed in at the provider: the next authorize answers for them. */
  public OidcTestServer signedInAs(String address, boolean verified) {
    this.email = address;
    this.emailVerified = verified;
    return this;
  }

  /** The next id token carries this nonce instead of the one Relay sent. */
  public void nextNonce(String nonce) {
    this.nextNonce = nonce;
  }

  /** The next id token is signed by a key the provider never published (under its published key id). */
  public void nextSignedByAnotherKey() {
    this.nextSigner = rsa().getPrivate();
  }

  private JsonObject discovery() {
    return new JsonObject().put("issuer", issuer())
        .put("authorization_endpoint", issuer() + "/authorize")
        .put("token_endpoint", issuer() + "/token")
        .put("jwks_uri", issuer() + "/jwks")
        .put("response_types_supported", new JsonArray().add("code"))
        .put("subject_types_supported", new JsonArray().add("public"))
        .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256"))
        .put("code_challenge_methods_supported", new JsonArray().add("S256"))
        .put("scopes_supported", new JsonArray().add("openid").add("email").add("profile"));
  }

  private JsonObject jwks() {
    RSAPublicKey pub = (RSAPublicKey) key.getPublic();
    return new JsonObject().put("keys", new JsonArray().add(new JsonObject().put("kty", "RSA").put("kid", KID)
        .put("use", "sig").put("alg", "RS256")
        .put("n", B64.encodeToString(unsigned(pub.getModulus().toByteArray())))
        .put("e", B64.encodeToString(unsigned(pub.getPublicExponent().toByteArray())))));
  }

  private void authorize(HttpServerRequest request) {
    MultiMap q = request.params();
    if (!CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type"))
        || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null
        || q.get("scope") == null || !q.get("scope").contains("openid")) {
      request.response().setStatusCode(400).end("bad authorization request: " + request.uri());
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(email, q.get("nonce"), q.get("code_challenge"), q.get("redirect_uri")));
    String back = q.get("redirect_uri") + "?code=" + code + "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
    request.response().setStatusCode(302).putHeader("Location", back).end();
  }

  private void token(HttpServerRequest request, MultiMap form) {
    Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
    String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    boolean client = basic.equals(request.getHeader("Authorization"))
        || CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    if (!client) {
      error(request, 401, "invalid_client");
    } else if (grant == null || !"authorization_code".equals(form.get("grant_type"))
        || !grant.redirectUri().equals(form.get("redirect_uri"))) {
      error(request, 400, "invalid_grant");
    } else if (form.get("code_verifier") == null || !grant.challenge().equals(s256(form.get("code_verifier")))) {
      error(request, 400, "invalid_grant");
    } else {
      json(request, new JsonObject().put("access_token", UUID.randomUUID().toString()).put("token_type", "Bearer")
          .put("expires_in", 300).put("id_token", idToken(grant)));
    }
  }

  private String idToken(Grant grant) {
    long now = System.currentTimeMillis() / 1000;
    String nonce = nextNonce != null ? nextNonce : grant.nonce();
    PrivateKey signer = nextSigner != null ? nextSigner : key.getPrivate();
    nextNonce = null;
    nextSigner = null;
    JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", KID);
    JsonObject claims = new JsonObject().put("iss", issuer()).put("sub", "sub-" + grant.email().hashCode())
        .put("aud", CLIENT_ID).put("iat", now).put("exp", now + 300).put("nonce", nonce)
        .put("email", grant.email()).put("email_verified", emailVerified).put("name", "Personne de test");
    String signed = B64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(signer);
      rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + B64.encodeToString(rs256.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void error(HttpServerRequest request, int status, String code) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).encode());
  }

  private static void json(HttpServerRequest request, JsonObject body) {
    request.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static String s256(String verifier) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] unsigned(byte[] twos) {
    return twos.length > 1 && twos[0] == 0 ? java.util.Arrays.copyOfRange(twos, 1, twos.length) : twos;
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    Await.result(server.close());
  }
}
