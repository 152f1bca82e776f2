package dev.relay.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplySubjectTest {

  @Test
  void aSubjectTheCustomersClientAlreadyMarkedAsAReplyIsKeptAsTheyWroteIt() {
    assertEquals("RE : Réclamation commande n° 4512", ReplySubject.of("RE : Réclamation commande n° 4512")); // Outlook, French
    assertEquals("RE\u00a0: Facture de novembre", ReplySubject.of("RE\u00a0: Facture de novembre"));
    assertEquals("Re: Livraison du 12 mars", ReplySubject.of("Re: Livraison du 12 mars")); // Gmail, Apple Mail, Thunderbird
    assertEquals("AW: Bestellung 4512", ReplySubject.of("AW: Bestellung 4512"));
    assertEquals("Re[2]: Parcel", ReplySubject.of("Re[2]: Parcel"));
  }

  @Test
  void anyOtherSubjectIsMarkedOnce() {
    assertEquals("Re: Commande n° 4512", ReplySubject.of("Commande n° 4512"));
    assertEquals("Re: TR : Facture EDF", ReplySubject.of("TR : Facture EDF")); // forwarded by Outlook, then answered
    assertEquals("Re: Relance facture", ReplySubject.of("Relance facture"));
    assertEquals("Re: Réservation", ReplySubject.of("Réservation"));
  }
}
