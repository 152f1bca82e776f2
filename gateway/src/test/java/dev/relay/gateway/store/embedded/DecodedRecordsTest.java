package dev.relay.gateway.store.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Json;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecodedRecordsTest {

  private final DecodedRecords decoded = new DecodedRecords();

  @Test
  void aCustomerReadAgainUnchangedIsTheValueDecodedBefore() {
    Customer amelie = Customer.first("cus_1", new Address(Address.PHONE, "+33698765432"), "Amélie Poulain",
        Instant.parse("2026-11-30T09:15:00Z"));
    String stored = Json.encode(amelie);
    Customer first = decoded.decode(stored, Customer.class);
    assertEquals(amelie, first);
    assertSame(first, decoded.decode(new String(stored), Customer.class), "the same text, even another copy of it");

    Customer french = decoded.decode(Json.encode(first.withLocale("fr-FR")), Customer.class);
    assertEquals("fr-FR", french.locale(), "changed text is decoded anew");
  }

  @Test
  void whatIsNotAnImmutableRecordIsDecodedForEachReader() {
    String stored = new JsonObject().put("texte", "Bonjour, je voudrais être rappelée").encode();
    assertNotSame(decoded.decode(stored, JsonObject.class), decoded.decode(stored, JsonObject.class));
  }
}
