package dev.latchkey;

import java.util.Objects;

/**
 * Where in a request a credential travels. The authenticator looks in its carriers in the configured
 * order ({@link Latchkey.Builder#carriers(CredentialCarrier...)}).
 *
 * <p>Values are immutable and thread-safe.
 */
public sealed interface CredentialCarrier
    permits CredentialCarrier.Bearer,
        CredentialCarrier.Header,
        CredentialCarrier.QueryParameter,
        CredentialCarrier.BasicPassword {

  /** The default API-key header, {@code X-API-Key}. */
  String API_KEY_HEADER = "X-API-Key";

  /** The query parameter some clients (for example SSE clients) use, {@code api_key}. */
  String API_KEY_QUERY_PARAMETER = "api_key";

  /**
   * {@code Authorization: Bearer <token>} (RFC 6750 §2.1): scheme case-insensitive, exactly one token,
   * surrounding spaces and tabs ignored.
   *
   * @return the bearer carrier; the same instance every time
   */
  static CredentialCarrier bearer() {
    return Bearer.INSTANCE;
  }

  /**
   * The {@code X-API-Key} header.
   *
   * @return a carrier for the {@value #API_KEY_HEADER} header
   */
  static CredentialCarrier apiKeyHeader() {
    return new Header(API_KEY_HEADER);
  }

  /**
   * A named header whose whole value is the credential.
   *
   * @param name the header name, matched case-insensitively
   * @return a carrier for that header
   * @throws IllegalArgumentException if {@code name} is not an HTTP token or is {@code Authorization}
   */
  static CredentialCarrier header(String name) {
    return new Header(name);
  }

  /**
   * A query parameter. Opt-in only: URLs end up in access logs, browser history and proxies.
   *
   * @param name the parameter name, matched exactly
   * @return a carrier for that query parameter
   * @throws IllegalArgumentException if {@code name} is empty
   */
  static CredentialCarrier queryParameter(String name) {
    return new QueryParameter(name);
  }

  /**
   * The password of {@code Authorization: Basic} (RFC 7617), for clients that can only send a user
   * name and password; the user name is ignored.
   *
   * @return the Basic password carrier; the same instance every time
   */
  static CredentialCarrier basicPassword() {
    return BasicPassword.INSTANCE;
  }

  /**
   * A short human description, for traces and error messages, such as {@code header X-API-Key}.
   *
   * @return the description; never null, never holding a credential
   */
  String describe();

  /** {@code Authorization: Bearer}. */
  record Bearer() implements CredentialCarrier {
    static final Bearer INSTANCE = new Bearer();

    @Override
    public String describe() {
      return "Authorization: Bearer";
    }
  }

  /**
   * A named header.
   *
   * @param name the header name, matched case-insensitively
   */
  record Header(String name) implements CredentialCarrier {
    /**
     * Validates the name.
     *
     * @param name the header name, matched case-insensitively
     */
    public Header {
      Objects.requireNonNull(name, "name");
      if (!isHttpToken(name)) {
        throw new IllegalArgumentException("not a valid HTTP header name: '" + name + "'");
      }
      if (name.equalsIgnoreCase("Authorization")) {
        throw new IllegalArgumentException(
            "use CredentialCarrier.bearer() or basicPassword() for the Authorization header");
      }
    }

    @Override
    public String describe() {
      return "header " + name;
    }

    /** Header names compare case-insensitively, as HTTP does. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Header other && name.equalsIgnoreCase(other.name);
    }

    @Override
    public int hashCode() {
      return name.toLowerCase(java.util.Locale.ROOT).hashCode();
    }

    private static boolean isHttpToken(String s) {
      if (s.isEmpty()) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A query parameter.
   *
   * @param name the parameter name, matched exactly
   */
  record QueryParameter(String name) implements CredentialCarrier {
    /**
     * Validates the name.
     *
     * @param name the parameter name, matched exactly
     */
    public QueryParameter {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a query parameter name must not be empty");
      }
    }

    @Override
    public String describe() {
      return "query parameter " + name;
    }
  }

  /** The password of {@code Authorization: Basic}. */
  record BasicPassword() implements CredentialCarrier {
    static final BasicPassword INSTANCE = new BasicPassword();

    @Override
    public String describe() {
      return "Authorization: Basic password";
    }
  }
}
