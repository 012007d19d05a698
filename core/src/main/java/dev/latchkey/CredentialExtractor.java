package dev.latchkey;

import dev.latchkey.internal.CredentialRules;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Finds the credential in a request, in carrier order, and refuses malformed, oversized and
 * conflicting ones before any source sees them. Immutable and thread-safe.
 */
final class CredentialExtractor {
  private static final String AUTHORIZATION = "authorization";

  private final List<CredentialCarrier> carriers;
  private final CarrierConflictPolicy conflictPolicy;
  private final int maxBytes;

  CredentialExtractor(
      List<CredentialCarrier> carriers, CarrierConflictPolicy conflictPolicy, int maxBytes) {
    this.carriers = List.copyOf(carriers);
    this.conflictPolicy = conflictPolicy;
    this.maxBytes = maxBytes;
  }

  /** The result of looking for a credential. */
  sealed interface Extraction {}

  /** Exactly one credential was found. */
  record Found(Credential credential) implements Extraction {}

  /** No carrier held a credential. */
  record Missing() implements Extraction {}

  /** A credential was present but unusable; the request is denied with {@code reason}. */
  record Refused(Reason reason, String detail) implements Extraction {}

  Extraction extract(AuthRequest request) {
    Found first = null;
    for (CredentialCarrier carrier : carriers) {
      for (String raw : rawValues(carrier, request)) {
        Extraction candidate = parse(carrier, raw);
        if (candidate == null) {
          continue; // this value is not for this carrier (another scheme, an empty header)
        }
        if (conflictPolicy == CarrierConflictPolicy.FIRST_IN_ORDER || candidate instanceof Refused) {
          return candidate;
        }
        Found found = (Found) candidate;
        if (first == null) {
          first = found;
        } else if (!first.credential().secret().matches(found.credential().secret())) {
          return new Refused(
              Reason.CONFLICTING_CREDENTIALS,
              "different credentials in " + first.credential().carrier().describe() + " and "
                  + carrier.describe());
        }
      }
    }
    return first != null ? first : new Missing();
  }

  private static List<String> rawValues(CredentialCarrier carrier, AuthRequest request) {
    if (carrier instanceof CredentialCarrier.Header h) {
      return request.headers(h.name());
    }
    if (carrier instanceof CredentialCarrier.QueryParameter q) {
      return request.queryParameters(q.name());
    }
    return request.headers(AUTHORIZATION);
  }

  /** The extraction for one raw value, or null when the value does not belong to the carrier. */
  private Extraction parse(CredentialCarrier carrier, String raw) {
    if (carrier instanceof CredentialCarrier.Bearer) {
      return parseAuthorization(carrier, raw, "bearer");
    }
    if (carrier instanceof CredentialCarrier.BasicPassword) {
      return parseAuthorization(carrier, raw, "basic");
    }
    String value = stripOws(raw);
    return value.isEmpty() ? null : checked(carrier, value);
  }

  private Extraction parseAuthorization(CredentialCarrier carrier, String raw, String wantedScheme) {
    String value = stripOws(raw);
    int space = indexOfOws(value);
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!CredentialRules.asciiEqualsIgnoreCase(scheme, wantedScheme)) {
      return null;
    }
    String token = space < 0 ? "" : stripOws(value.substring(space));
    if (token.isEmpty()) {
      return new Refused(Reason.MALFORMED_CREDENTIAL, carrier.describe() + " without a credential");
    }
    if (indexOfOws(token) >= 0) {
      return new Refused(
          Reason.MALFORMED_CREDENTIAL, carrier.describe() + " must carry exactly one credential");
    }
    if (carrier instanceof CredentialCarrier.Bearer) {
      return checked(carrier, token);
    }
    return basicPassword(carrier, token);
  }

  private Extraction basicPassword(CredentialCarrier carrier, String token) {
    if (token.length() / 2 > maxBytes) {
      return new Refused(Reason.CREDENTIAL_TOO_LARGE, carrier.describe() + " is too large");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new Refused(Reason.MALFORMED_CREDENTIAL, carrier.describe() + " is not valid base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return new Refused(
          Reason.MALFORMED_CREDENTIAL, carrier.describe() + " has no ':' between user and password");
    }
    String password = decoded.substring(colon + 1);
    return password.isEmpty() ? null : checked(carrier, password);
  }

  /** Applies the size and character limits to a credential value. */
  private Extraction checked(CredentialCarrier carrier, String value) {
    // A char never encodes to more than 3 UTF-8 bytes, so short values skip the exact count.
    if (value.length() > maxBytes
        || (value.length() > maxBytes / 3
            && value.getBytes(StandardCharsets.UTF_8).length > maxBytes)) {
      return new Refused(
          Reason.CREDENTIAL_TOO_LARGE,
          "credential in " + carrier.describe() + " exceeds " + maxBytes + " bytes");
    }
    Optional<String> problem = CredentialRules.problemWith(value);
    if (problem.isPresent()) {
      return new Refused(
          Reason.MALFORMED_CREDENTIAL, "credential in " + carrier.describe() + " " + problem.get());
    }
    return new Found(new Credential(Secret.of(value), carrier));
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  private static int indexOfOws(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isOws(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String stripOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isOws(s.charAt(start))) {
      start++;
    }
    while (end > start && isOws(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }
}
