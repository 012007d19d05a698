package dev.latchkey.spi;

/**
 * A {@link dev.latchkey.CredentialSource} (or a part of one) that has background work: polling a file,
 * refreshing remote keys, writing batched usage. {@link dev.latchkey.Latchkey.Builder#build()} calls
 * {@link #start(Background)} once on every source that implements this, with the authenticator's
 * shared {@link Background}; {@link dev.latchkey.Authenticator#close()} cancels everything scheduled
 * there and then closes the source if it is {@link AutoCloseable}.
 *
 * <p>A source used without an authenticator does no background work until its owner calls
 * {@link #start(Background)} with a background of its own ({@link BackgroundScheduler#start}).
 */
public interface BackgroundSource {

  /**
   * Schedules this source's background work on {@code background}. Must return promptly and must not
   * throw for a failing file or server: such failures are reported as the source's events and
   * warnings, and retried at the next interval. A source belongs to one authenticator: starting it
   * a second time does nothing.
   *
   * @param background where to schedule the work; never null
   */
  void start(Background background);
}
