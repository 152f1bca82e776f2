package dev.relay.gateway.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.relay.connector.spi.Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads phone numbers as people write them: "06 98 76 54 32", "(514) 555-0199", "+33 6 98 76 54 32",
 * "0033 6 98 76 54 32". A national number is read in the regions that fit whoever typed it (a
 * customer's, see {@link #regionsOf}, then the company's); a number that cannot be read says why,
 * as a {@link Problem} the caller puts in words for whoever sees it. One instance holds the
 * company's region ({@code company.region}).
 */
public final class PhoneNumbers {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private final String companyRegion;

  /** @param companyRegion the company's region (FR, CA…), or null to read only international numbers */
  public PhoneNumbers(String companyRegion) {
    this.companyRegion = companyRegion;
  }

  /**
   * Reads the number data of the company's region and of the regions Relay's customers mostly write
   * from (France, Canada, the US): libphonenumber loads each region's file on first use. Blocks.
   */
  public PhoneNumbers loaded() {
    Set<String> regions = new LinkedHashSet<>(List.of("FR", "CA", "US"));
    if (companyRegion != null) {
      regions.add(companyRegion.toUpperCase(Locale.ROOT));
    }
    regions.forEach(PHONES::getExampleNumber);
    return this;
  }

  /**
   * A number typed for a customer (by them, or by an agent or admin about them): read in their
   * regions ({@link #regionsOf}), then the company's.
   *
   * @param customer the customer, or null for a visitor not known yet
   * @param locale   the person's locale when the customer's is not known (the browser's), or null
   */
  public Parsed ofCustomer(Customer customer, String locale, String typed) {
    return parse(typed, regionsOf(customer, locale, companyRegion));
  }

  /** A number of the company's own (an agent's phone): read in the company's region. */
  public Parsed ofCompany(String typed) {
    return parse(typed, companyRegion == null ? List.of() : List.of(companyRegion.toUpperCase(Locale.ROOT)));
  }

  /** A number read: in E.164, or why not. */
  public sealed interface Parsed {

    /** The number in E.164; a {@link RelayException} (422) naming {@code field} and the problem when it cannot be read. */
    default String e164OrThrow(String field) {
      if (this instanceof Invalid invalid) {
        throw RelayException.invalid(List.of(invalid.problem().describe(field, invalid.regions())));
      }
      return ((Valid) this).e164();
    }

    /** @param e164 the number in E.164, "+33698765432" */
    record Valid(String e164) implements Parsed {
    }

    /** @param regions the regions it was read in (empty: only international numbers could be read) */
    record Invalid(Problem problem, List<String> regions) implements Parsed {
      public Invalid {
        regions = List.copyOf(regions);
      }

      /**
       * What a text telling the customer needs: {@code phone} as they typed it, {@code problem} in
       * lower case ({@code too_short}), {@code example} a number of their region as written there.
       */
      public Map<String, Object> arguments(String typed) {
        return Map.of("phone", typed == null ? "" : typed.strip(), "problem", problem.name().toLowerCase(Locale.ROOT),
            "example", example(regions));
      }
    }
  }

  /** Why a typed number cannot be called. */
  public enum Problem {
    /** Nothing typed. */
    EMPTY,
    /** Letters, or nothing like a number. */
    NOT_A_NUMBER,
    /** A national number, and no region to read it in: it needs its country code. */
    NEEDS_COUNTRY_CODE,
    /** A "+" followed by no country's code. */
    UNKNOWN_COUNTRY_CODE,
    TOO_SHORT,
    TOO_LONG,
    /** The right shape, but no such number is given out there. */
    NO_SUCH_NUMBER;

    /** The problem as an API error says it to an agent or an admin, naming the field. */
    public String describe(String field, List<String> regions) {
      String where = regions.isEmpty() ? "" : " (read as a number of " + String.join(" or ", regions) + ")";
      return field + ": " + switch (this) {
        case EMPTY -> "a phone number is required";
        case NOT_A_NUMBER -> "not a phone number";
        case NEEDS_COUNTRY_CODE -> "add the country code (+33 6…, +1 514…): no region is set to read national numbers"
            + " (company.region)";
        case UNKNOWN_COUNTRY_CODE -> "no country has this code";
        case TOO_SHORT -> "too short for a phone number" + where;
        case TOO_LONG -> "too long for a phone number" + where;
        case NO_SUCH_NUMBER -> "not a valid phone number" + where;
      };
    }
  }

  /**
   * {@code typed} in E.164, read in the first of {@code regions} (ISO 3166 codes such as FR, CA) where it
   * is a valid number; an international number ("+…", "00…") is read as such wherever it was typed.
   */
  public static Parsed parse(String typed, List<String> regions) {
    if (typed == null || typed.isBlank()) {
      return new Parsed.Invalid(Problem.EMPTY, regions);
    }
    String raw = typed.strip();
    // "00" is the international prefix nearly everywhere but North America (011), where no number starts with it.
    List<String> tries = raw.startsWith("00") ? List.of(raw, "+" + raw.substring(2)) : List.of(raw);
    Problem first = null;
    for (String attempt : tries) {
      for (String region : regions.isEmpty() ? List.of("ZZ") : regions) {
        Parsed parsed = parseIn(attempt, region);
        if (parsed instanceof Parsed.Valid) {
          return parsed;
        }
        first = first == null ? ((Parsed.Invalid) parsed).problem() : first;
      }
    }
    return new Parsed.Invalid(first, regions);
  }

  private static Parsed parseIn(String raw, String region) {
    try {
      PhoneNumber number = PHONES.parse(raw, region);
      if (PHONES.isValidNumber(number)) {
        return new Parsed.Valid(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
      }
      ValidationResult possible = PHONES.isPossibleNumberWithReason(number);
      return invalid(switch (possible) {
        case TOO_SHORT -> Problem.TOO_SHORT;
        case TOO_LONG -> Problem.TOO_LONG;
        case INVALID_COUNTRY_CODE -> Problem.UNKNOWN_COUNTRY_CODE;
        default -> Problem.NO_SUCH_NUMBER;
      });
    } catch (NumberParseException e) {
      return invalid(switch (e.getErrorType()) {
        case INVALID_COUNTRY_CODE -> raw.startsWith("+") ? Problem.UNKNOWN_COUNTRY_CODE : Problem.NEEDS_COUNTRY_CODE;
        case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> Problem.TOO_SHORT;
        case TOO_LONG -> Problem.TOO_LONG;
        case NOT_A_NUMBER -> Problem.NOT_A_NUMBER;
      });
    }
  }

  /** A mobile number of the first region as written there ("06 12 34 56 78"), or an international one. */
  /**
   * A stored number ({@code +33698765432}) as people of its country write it ({@code 06 98 76 54 32},
   * {@code (514) 555-0199}); as stored when it cannot be read.
   */
  public static String written(String e164) {
    try {
      return PHONES.format(PHONES.parse(e164, null), PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      return e164;
    }
  }

  static String example(List<String> regions) {
    PhoneNumber example = regions.isEmpty() ? null : PHONES.getExampleNumberForType(regions.get(0), PhoneNumberUtil.PhoneNumberType.MOBILE);
    return example == null ? "+33 6 12 34 56 78" : PHONES.format(example, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
  }

  private static Parsed invalid(Problem problem) {
    return new Parsed.Invalid(problem, List.of());
  }

  /**
   * Where a customer's national numbers are read, most telling first: the countries of the phones
   * they wrote from, the country of their locale (fr-CA: CA), then the company's region.
   *
   * @param customer      the customer, or null for someone not known yet
   * @param locale        a locale for the person when the customer's is unknown (the browser's), or null
   * @param companyRegion the company's region ({@code company.region}), or null
   */
  public static List<String> regionsOf(Customer customer, String locale, String companyRegion) {
    Set<String> regions = new LinkedHashSet<>();
    if (customer != null) {
      List<Address> identities = new ArrayList<>(customer.identities());
      java.util.Collections.reverse(identities);
      identities.stream().filter(a -> Address.PHONE.equals(a.kind())).forEach(a -> add(regions, regionOfNumber(a.value())));
    }
    add(regions, countryOf(customer != null && customer.locale() != null ? customer.locale() : locale));
    add(regions, countryOf(locale));
    add(regions, companyRegion);
    return List.copyOf(regions);
  }

  /**
   * Where the customer is, as routing rules see it ({@code customer.segment}): the country of their
   * latest phone, else of their locale (fr-CA: CA); null when neither says.
   */
  public static String regionOf(Customer customer) {
    List<String> regions = regionsOf(customer, null, null);
    return regions.isEmpty() ? null : regions.get(0);
  }

  private static String regionOfNumber(String e164) {
    try {
      return PHONES.getRegionCodeForNumber(PHONES.parse(e164, "ZZ"));
    } catch (NumberParseException e) {
      return null;
    }
  }

  private static String countryOf(String locale) {
    return locale == null ? null : Locale.forLanguageTag(locale).getCountry();
  }

  private static void add(Set<String> regions, String region) {
    if (region != null && PHONES.getSupportedRegions().contains(region.toUpperCase(Locale.ROOT))) {
      regions.add(region.toUpperCase(Locale.ROOT));
    }
  }
}
