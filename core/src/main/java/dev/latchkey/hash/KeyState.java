package dev.latchkey.hash;

/** Whether a stored key may be used. */
public enum KeyState {
  /** The key works (until its expiry, if it has one). */
  ACTIVE,
  /** The key is switched off and may be switched on again. */
  DISABLED,
  /** The key was revoked for good. */
  REVOKED
}
