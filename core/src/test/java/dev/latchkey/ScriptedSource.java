package dev.latchkey;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A source whose answer a test scripts, counting how often it was asked. */
final class ScriptedSource implements CredentialSource {
  private final String id;
  private final Function<Credential, Verdict> answer;
  final AtomicInteger calls = new AtomicInteger();

  ScriptedSource(String id, Function<Credential, Verdict> answer) {
    this.id = id;
    this.answer = answer;
  }

  static ScriptedSource answering(String id, Verdict verdict) {
    return new ScriptedSource(id, c -> verdict);
  }

  static ScriptedSource throwing(String id, RuntimeException failure) {
    return new ScriptedSource(
        id,
        c -> {
          throw failure;
        });
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Verdict verify(Credential credential) {
    calls.incrementAndGet();
    return answer.apply(credential);
  }
}
