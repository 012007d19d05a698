package dev.latchkey;

/** What the authenticator does when a request carries credentials in more than one place. */
public enum CarrierConflictPolicy {
  /**
   * The default (RFC 6750 §3.1): different values in two carriers, or two different values in one,
   * deny the request with 400 {@code invalid_request}. Equal values are accepted as one credential.
   */
  REJECT,
  /**
   * Take the first credential in carrier order and ignore the rest, as Omnidev does (it reads
   * {@code x-api-key} before {@code Authorization}).
   */
  FIRST_IN_ORDER
}
