package dev.relay.connector.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private final TrustedProxies ingress = TrustedProxies.parse("10.244.0.0/16, 192.168.1.10, fd00::/8");

  @Test
  void rangesAndSingleAddressesAreTrustedAndNothingElse() {
    assertTrue(ingress.trusts("10.244.3.7"));
    assertFalse(ingress.trusts("10.245.0.1"));
    assertTrue(ingress.trusts("192.168.1.10"));
    assertFalse(ingress.trusts("192.168.1.11"));
    assertTrue(ingress.trusts("fd12:3456::1"));
    assertFalse(ingress.trusts("2001:db8::1"));
    assertFalse(ingress.trusts("proxy.example.com"), "names are never looked up");
    assertFalse(TrustedProxies.NONE.trusts("127.0.0.1"));
  }

  @Test
  void theClientIsTheRightmostAddressNoTrustedProxyWrote() {
    assertEquals("203.0.113.7", ingress.client("10.244.0.5", "203.0.113.7"));
    assertEquals("203.0.113.7", ingress.client("10.244.0.5", "198.51.100.1, 203.0.113.7, 10.244.9.9"),
        "whatever the client wrote before its own address is not believed");
    assertEquals("10.244.0.5", ingress.client("10.244.0.5", "pas une adresse"));
    assertEquals("198.51.100.9", ingress.client("198.51.100.9", "203.0.113.7"), "from anyone else the header is ignored");
    assertEquals("10.244.0.5", ingress.client("10.244.0.5", null));
  }

  @Test
  void aBadEntryIsNamedWhenTheConfigurationIsChecked() {
    assertNull(TrustedProxies.problem("http.trustedProxies", ""));
    assertEquals("http.trustedProxies: ingress.local is not an IP address or CIDR range (such as 10.0.0.0/8)",
        TrustedProxies.problem("http.trustedProxies", "10.0.0.0/8, ingress.local"));
    assertTrue(TrustedProxies.problem("http.trustedProxies", "10.0.0.0/33").contains("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/x"));
  }
}
