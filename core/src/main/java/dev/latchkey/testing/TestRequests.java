package dev.latchkey.testing;

import dev.latchkey.AuthRequest;
import dev.latchkey.CredentialCarrier;

/**
 * Ready-made requests for host test suites: a request from {@value #CLIENT_ADDRESS} to
 * {@code GET /}, with or without a credential. Stateless and thread-safe.
 */
public final class TestRequests {
  /** The remote address every fixture request has. */
  public static final String CLIENT_ADDRESS = "192.0.2.10";

  private TestRequests() {}

  /**
   * A builder preset with {@code GET /} from {@value #CLIENT_ADDRESS}.
   *
   * @return a new builder
   */
  public static AuthRequest.Builder request() {
    return AuthRequest.builder().method("GET").path("/").remoteAddress(CLIENT_ADDRESS);
  }

  /**
   * A request with no credential.
   *
   * @return a new request
   */
  public static AuthRequest anonymous() {
    return request().build();
  }

  /**
   * A request carrying {@code token} as {@code Authorization: Bearer}.
   *
   * @param token the token
   * @return a new request
   */
  public static AuthRequest bearer(String token) {
    return request().header("Authorization", "Bearer " + token).build();
  }

  /**
   * A request carrying {@code key} in the {@code X-API-Key} header.
   *
   * @param key the key
   * @return a new request
   */
  public static AuthRequest apiKey(String key) {
    return request().header(CredentialCarrier.API_KEY_HEADER, key).build();
  }
}
