package dev.relay.connector.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskedTest {

  @Test
  void anOperatorSeesWhichAddressOrNumberNotTheWholeOfIt() {
    assertEquals("a***@exemple.fr", Masked.email("anne.dupont@exemple.fr"));
    assertEquals("+33*******32", Masked.phone("+33698765432"));
    assertEquals("06******32", Masked.phone("06 98 76 54 32"));
    assertEquals("***", Masked.email("pas une adresse"));
  }

  @Test
  void providerErrorsKeepTheirMeaningWithoutThePersonalData() {
    assertEquals("550 5.1.1 <a***@exemple.fr>: Recipient address rejected: utilisateur inconnu",
        Masked.text("550 5.1.1 <anne.dupont@exemple.fr>: Recipient address rejected: utilisateur inconnu"));
    assertEquals("The 'To' number +33*******32 is not a valid phone number.",
        Masked.text("The 'To' number +33698765432 is not a valid phone number."));
    assertEquals("rappeler le 06******32 ou le 51******99 avant le 2026-03-02T09:00:00Z (erreur 21211)",
        Masked.text("rappeler le 06 98 76 54 32 ou le 514 555 0199 avant le 2026-03-02T09:00:00Z (erreur 21211)"));
  }
}
