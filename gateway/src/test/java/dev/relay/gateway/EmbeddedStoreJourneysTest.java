package dev.relay.gateway;

/** {@link StoreJourneys} on the embedded store. */
class EmbeddedStoreJourneysTest extends StoreJourneys {
}
