package dev.latchkey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one SLF4J line per decision to the logger {@value #LOGGER_NAME}: authenticated requests at
 * DEBUG, denials at INFO, and 5xx denials (a source was unavailable) at WARN. Lines are
 * {@code key=value} pairs, for example:
 *
 * <pre>
 * outcome=DENIED reason=INVALID_CREDENTIAL status=401 principal=- source=- credential=fp_1a2b3c4d5e6f7a8b client=203.0.113.9 micros=41
 * </pre>
 *
 * <p>Never logs a secret: events carry only fingerprints. Values are stripped of control characters,
 * so a crafted value cannot forge log lines. Stateless and thread-safe.
 */
public final class Slf4jAuditListener implements AuthListener {
  /** The logger name. */
  public static final String LOGGER_NAME = "dev.latchkey.audit";

  private final Logger log;

  /** A listener writing to the logger {@value #LOGGER_NAME}. */
  public Slf4jAuditListener() {
    this(LOGGER_NAME);
  }

  /**
   * A listener writing to the logger named {@code loggerName}.
   *
   * @param loggerName the SLF4J logger name
   */
  public Slf4jAuditListener(String loggerName) {
    this.log = LoggerFactory.getLogger(loggerName);
  }

  @Override
  public void onEvent(AuthEvent event) {
    if (event.outcome() == AuthEvent.Outcome.AUTHENTICATED) {
      if (log.isDebugEnabled()) {
        log.debug(format(event));
      }
    } else if (event.status().orElse(0) >= 500) {
      log.warn(format(event));
    } else if (log.isInfoEnabled()) {
      log.info(format(event));
    }
  }

  /**
   * The line written for {@code event}.
   *
   * @param event the event
   * @return one line of {@code key=value} pairs, without a line break; never holding a secret
   */
  public static String format(AuthEvent event) {
    return "outcome=" + event.outcome()
        + " reason=" + event.reason().map(Enum::name).orElse("-")
        + " status=" + event.status().map(String::valueOf).orElse("-")
        + " principal=" + clean(event.principalName().orElse("-"))
        + " source=" + clean(event.sourceId().orElse("-"))
        + " credential=" + event.credentialFingerprint().orElse("-")
        + " client=" + clean(event.clientAddress().orElse("-"))
        + " micros=" + event.duration().toNanos() / 1000;
  }

  private static String clean(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) || c == ' ' ? '_' : c);
    }
    return out.toString();
  }
}
