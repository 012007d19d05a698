package dev.latchkey.testing;

import dev.latchkey.AuthEvent;
import dev.latchkey.AuthResult;
import dev.latchkey.Health;
import dev.latchkey.Slf4jAuditListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Collects everything a host could see (results and their explain traces, denial bodies and headers,
 * audit events, exceptions with their causes and stack traces, the {@code toString} of any value, log
 * lines captured by {@link CapturingLogProvider}) and checks that none of it holds a secret, in plain
 * text or in its hex, base64 or base64url form.
 *
 * <pre>{@code
 * SecretLeakCheck check = SecretLeakCheck.of("s3cr3t-ci-key");
 * check.result(auth.authenticate(request)).logs().assertNoLeak();
 * }</pre>
 *
 * <p>A failure names where the secret showed and in which form, and shows the text with the secret
 * replaced by {@code [LEAKED]}: the failure message never repeats the secret itself. Not thread-safe:
 * collect from one thread.
 */
public final class SecretLeakCheck {
  private final Map<String, String> forms = new LinkedHashMap<>();
  private final List<String[]> seen = new ArrayList<>();

  private SecretLeakCheck(List<String> secrets) {
    for (int i = 0; i < secrets.size(); i++) {
      String secret = Objects.requireNonNull(secrets.get(i), "secret");
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("a secret to look for must not be empty");
      }
      encodedForms(secret).forEach((form, text) -> forms.merge(text, form, (first, same) -> first + " or " + same));
    }
  }

  /**
   * A check for the given secrets; add what a host could see, then call {@link #assertNoLeak()}.
   *
   * @param secrets the secrets that must not appear
   * @return a new check with nothing added yet
   */
  public static SecretLeakCheck of(String... secrets) {
    return new SecretLeakCheck(List.of(secrets));
  }

  /**
   * The forms a secret is looked for in, by name: {@code plain}, {@code hex}, {@code HEX},
   * {@code base64}, {@code base64 unpadded}, {@code base64url} (unpadded) of its UTF-8 bytes.
   *
   * @param secret the secret
   * @return each form by name, in the order listed
   */
  public static Map<String, String> encodedForms(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("plain", secret);
    forms.put("hex", HexFormat.of().formatHex(bytes));
    forms.put("HEX", HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT));
    forms.put("base64", Base64.getEncoder().encodeToString(bytes));
    forms.put("base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(bytes));
    forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    return forms;
  }

  /**
   * Adds {@code String.valueOf(value)}, labelled {@code where}.
   *
   * @param where a label for the failure message
   * @param value the value whose text to check; may be null
   * @return this check
   */
  public SecretLeakCheck text(String where, Object value) {
    seen.add(new String[] {where, String.valueOf(value)});
    return this;
  }

  /**
   * Adds the {@code toString} of each value, labelled by its class.
   *
   * @param values the values to check
   * @return this check
   */
  public SecretLeakCheck values(Object... values) {
    for (Object value : values) {
      text(value == null ? "null" : value.getClass().getName() + ".toString()", value);
    }
    return this;
  }

  /**
   * Adds a result, its explain trace and, for a denial, its message, JSON body and headers.
   *
   * @param result the result to check
   * @return this check
   */
  public SecretLeakCheck result(AuthResult result) {
    text("result", result);
    text("explain()", result.explain());
    if (result instanceof AuthResult.Denied denied) {
      text("denied message", denied.message());
      text("denied body", denied.toJson());
      text("denied headers", denied.headers());
    }
    return this;
  }

  /**
   * Adds each event and its audit-log line.
   *
   * @param events the events to check
   * @return this check
   */
  public SecretLeakCheck events(List<AuthEvent> events) {
    for (AuthEvent event : events) {
      text("event", event);
      text("audit line", Slf4jAuditListener.format(event));
    }
    return this;
  }

  /**
   * Adds every detail of {@code health} and of its components, labelled by its path (such as
   * {@code health keys.last_failure}), and the whole health's {@code toString}.
   *
   * @param health the health to check
   * @return this check
   */
  public SecretLeakCheck health(Health health) {
    text("health", health);
    return healthDetails("health", health);
  }

  private SecretLeakCheck healthDetails(String path, Health health) {
    health.details().forEach((name, value) -> text(path + " " + name, value));
    health.components().forEach((name, component) -> healthDetails(path + " " + name + ".", component));
    return this;
  }

  /**
   * Adds an exception's message, its causes' and suppressed exceptions' messages, and its stack trace.
   *
   * @param thrown the exception to check
   * @return this check
   */
  public SecretLeakCheck exception(Throwable thrown) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    return text("exception " + thrown.getClass().getName(), trace);
  }

  /**
   * Adds every line {@link CapturingLogProvider} has captured so far.
   *
   * @return this check
   */
  public SecretLeakCheck logs() {
    for (String line : CapturingLogProvider.lines()) {
      text("log", line);
    }
    return this;
  }

  /**
   * Checks everything added.
   *
   * @throws AssertionError naming each place a secret showed and the form it showed in
   */
  public void assertNoLeak() {
    List<String> leaks = new ArrayList<>();
    for (String[] entry : seen) {
      String text = entry[1];
      for (Map.Entry<String, String> form : forms.entrySet()) {
        if (text.contains(form.getKey())) {
          leaks.add(entry[0] + " shows a secret (" + form.getValue() + "): " + redact(text));
          break; // one finding a place: a padded base64 form also holds the unpadded one
        }
      }
    }
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " leak(s):\n" + String.join("\n", leaks));
    }
  }

  private String redact(String text) {
    String redacted = text;
    for (String form : forms.keySet()) {
      redacted = redacted.replace(form, "[LEAKED]");
    }
    return redacted;
  }
}
