package dev.latchkey.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Credential;
import dev.latchkey.Principal;
import dev.latchkey.Reason;
import dev.latchkey.Secret;
import dev.latchkey.Verdict;
import dev.latchkey.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashedKeyIndexTest {
  private static final String MOOSE_TOKEN = "deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef0123456789abcdef";
  private static final String MOOSE_STORED = "445fd4696cfc5c49e28995c4aba05de44303a112";

  private final MutableClock clock = MutableClock.standard();
  private final HashedKeyIndex index = HashedKeyIndex.builder("keys").clock(clock).build();
  private ExecutorService pool;

  @AfterEach
  void stopPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private static KeyEntry fast(String id, String secret) {
    return KeyEntry.builder(id, KeyHashes.sha256(Secret.of(secret))).build();
  }

  private Optional<KeyEntry> found(String secret) {
    HashedKeyIndex.Lookup lookup = index.lookup(Secret.of(secret));
    return lookup instanceof HashedKeyIndex.Lookup.Found f ? Optional.of(f.entry()) : Optional.empty();
  }

  /** A slow hash that counts its verifications, optionally blocking in them. */
  private static class CountingHash implements KeyHash {
    final String secret;
    final AtomicInteger verifications = new AtomicInteger();
    volatile CountDownLatch entered;
    volatile CountDownLatch release;

    CountingHash(String secret) {
      this.secret = secret;
    }

    @Override
    public String format() {
      return "counting";
    }

    @Override
    public String encoded() {
      return "counting";
    }

    @Override
    public boolean verify(Secret candidate) {
      verifications.incrementAndGet();
      if (entered != null) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return candidate.expose().equals(secret);
    }

    @Override
    public boolean isSlow() {
      return true;
    }
  }

  @Test
  void acceptsAFastKeyWithEverythingTheEntryKnows() {
    Instant expiry = clock.instant().plus(Duration.ofDays(30));
    index.put(
        KeyEntry.builder("k1", KeyHashes.sha256(Secret.of("secret-1")))
            .name("ci-bot")
            .roles("deploy", "read")
            .owner("user-7")
            .expiresAt(expiry)
            .attributes(Map.of("team", "platform"))
            .build());

    Verdict verdict = index.verify(Credential.bearer("secret-1"));

    assertThat(verdict)
        .isEqualTo(
            Verdict.accept(
                new Principal(
                    "ci-bot",
                    java.util.Set.of("deploy", "read"),
                    "keys",
                    Optional.of("k1"),
                    Optional.of("user-7"),
                    Optional.of(expiry),
                    Map.of("team", "platform"))));
  }

  @Test
  void unknownKeyAbstains() {
    index.put(fast("k1", "secret-1"));
    assertThat(index.verify(Credential.bearer("secret-2"))).isEqualTo(Verdict.abstain("no such key"));
  }

  @Test
  void revokedDisabledAndExpiredKeysAreRejectedWithTheirReasons() {
    index.put(fast("revoked", "s-revoked").toBuilder().state(KeyState.REVOKED).build());
    index.put(fast("disabled", "s-disabled").toBuilder().state(KeyState.DISABLED).build());
    index.put(fast("expired", "s-expired").toBuilder().expiresAt(clock.instant()).build());

    assertThat(index.verify(Credential.bearer("s-revoked"))).isEqualTo(Verdict.reject(Reason.REVOKED, "key 'revoked' is revoked"));
    assertThat(index.verify(Credential.bearer("s-disabled"))).isEqualTo(Verdict.reject(Reason.DISABLED, "key 'disabled' is disabled"));
    assertThat(index.verify(Credential.bearer("s-expired")))
        .isEqualTo(Verdict.reject(Reason.EXPIRED, "key 'expired' expired at " + clock.instant()));
  }

  @Test
  void badChecksumIsRejectedBeforeAnyLookup() {
    GeneratedKeys format = GeneratedKeys.standard();
    HashedKeyIndex checked = HashedKeyIndex.builder("keys").generatedKeys(format).build();
    String good = format.generate().secret().expose();
    String typo = good.substring(0, good.length() - 1) + (good.endsWith("a") ? "b" : "a");
    // Even an entry stored for the mistyped text is never reached: the checksum is judged first.
    checked.put(fast("typo", typo));

    assertThat(checked.lookup(Secret.of(typo))).isEqualTo(HashedKeyIndex.Lookup.BAD_CHECKSUM);
    assertThat(checked.verify(Credential.bearer(typo))).isEqualTo(Verdict.reject(Reason.INVALID_CREDENTIAL, "key checksum does not match"));
  }

  @Test
  void generatedKeyWithAValidChecksumIsLookedUp() {
    GeneratedKeys format = GeneratedKeys.standard();
    HashedKeyIndex checked = HashedKeyIndex.builder("keys").generatedKeys(format).build();
    GeneratedKey key = format.generate();
    checked.put(KeyEntry.builder("g1", key.hash()).build());
    assertThat(checked.verify(new Credential(key.secret(), dev.latchkey.CredentialCarrier.bearer())))
        .isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void refusesTwoEntriesWithTheSameSecretAndLeavesTheIndexUnchanged() {
    index.put(fast("k1", "same"));
    assertThatThrownBy(() -> index.put(fast("k2", "same")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the secret of 'k2' is already used by 'k1'");
    assertThat(index.entries()).extracting(KeyEntry::id).containsExactly("k1");
  }

  @Test
  void replaceAllRefusesDuplicateIds() {
    assertThatThrownBy(() -> index.replaceAll(List.of(fast("k1", "a"), fast("k1", "b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two keys have the id 'k1'");
    assertThat(index.size()).isZero();
  }

  @Test
  void putReplacesAnEntryWithTheSameId() {
    index.put(fast("k1", "old"));
    index.put(fast("k1", "new"));
    assertThat(found("old")).isEmpty();
    assertThat(found("new")).map(KeyEntry::id).contains("k1");
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void removeForgetsTheKey() {
    index.put(fast("k1", "s1"));
    index.put(fast("k2", "s2"));
    assertThat(index.remove("k1")).isTrue();
    assertThat(index.remove("k1")).isFalse();
    assertThat(found("s1")).isEmpty();
    assertThat(found("s2")).isPresent();
    assertThat(index.get("k2")).isPresent();
  }

  @Test
  void findsEveryKeyAmongManyFastEntries() {
    List<KeyEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      entries.add(fast("k" + i, "secret-" + i));
    }
    index.replaceAll(entries);
    for (int i = 0; i < 5000; i += 7) {
      assertThat(found("secret-" + i)).map(KeyEntry::id).contains("k" + i);
    }
    assertThat(found("secret-5000")).isEmpty();
  }

  @Test
  void findsKeysUnderEachConfiguredPepper() {
    Peppers peppers = Peppers.of(Map.of("p1", Secret.of("one"), "p2", Secret.of("two")));
    index.put(KeyEntry.builder("a", KeyHashes.hmacSha256(Secret.of("sa"), "p1", peppers)).build());
    index.put(KeyEntry.builder("b", KeyHashes.hmacSha256(Secret.of("sb"), "p2", peppers)).build());
    index.put(fast("c", "sc"));
    assertThat(found("sa")).map(KeyEntry::id).contains("a");
    assertThat(found("sb")).map(KeyEntry::id).contains("b");
    assertThat(found("sc")).map(KeyEntry::id).contains("c");
  }

  @Test
  void findsAMooseTokenByOneDerivation() {
    index.put(KeyEntry.builder("moose-admin", KeyHashes.mooseStoredValue(MOOSE_STORED)).roles("admin").build());
    index.put(fast("other", "x"));
    assertThat(found(MOOSE_TOKEN)).map(KeyEntry::id).contains("moose-admin");
    assertThat(found("deadbeefdeadbeefdeadbeefdeadbeef.0123456789abcdef0123456789abcdee")).isEmpty();
  }

  @Test
  void slowVerificationIsCachedAndTheCacheHitSkipsTheDerivation() {
    CountingHash hash = new CountingHash("human-chosen");
    index.put(KeyEntry.builder("legacy", hash).build());

    assertThat(found("human-chosen")).isPresent();
    assertThat(found("human-chosen")).isPresent();
    assertThat(found("human-chosen")).isPresent();

    assertThat(hash.verifications.get()).isEqualTo(1);
  }

  @Test
  void failedSlowVerificationsAreNotCached() {
    CountingHash hash = new CountingHash("human-chosen");
    index.put(KeyEntry.builder("legacy", hash).build());
    assertThat(found("wrong")).isEmpty();
    assertThat(found("wrong")).isEmpty();
    assertThat(hash.verifications.get()).isEqualTo(2);
  }

  @Test
  void cachedVerificationEndsWhenTheKeyIsRevoked() {
    CountingHash hash = new CountingHash("human-chosen");
    index.put(KeyEntry.builder("legacy", hash).build());
    assertThat(index.verify(Credential.bearer("human-chosen"))).isInstanceOf(Verdict.Accept.class);

    index.put(index.get("legacy").orElseThrow().toBuilder().state(KeyState.REVOKED).build());

    assertThat(index.verify(Credential.bearer("human-chosen"))).isEqualTo(Verdict.reject(Reason.REVOKED, "key 'legacy' is revoked"));
  }

  @Test
  void cachedVerificationEndsWhenTheKeyIsRemoved() {
    CountingHash hash = new CountingHash("human-chosen");
    index.put(KeyEntry.builder("legacy", hash).build());
    index.put(KeyEntry.builder("other", new CountingHash("other-secret")).build());
    assertThat(found("human-chosen")).isPresent();

    index.remove("legacy");

    assertThat(found("human-chosen")).isEmpty();
  }

  @Test
  void cachedVerificationEndsWhenTheKeyExpires() {
    CountingHash hash = new CountingHash("human-chosen");
    Instant expiry = clock.instant().plus(Duration.ofMinutes(1));
    index.put(KeyEntry.builder("legacy", hash).expiresAt(expiry).build());
    assertThat(index.verify(Credential.bearer("human-chosen"))).isInstanceOf(Verdict.Accept.class);

    clock.advance(Duration.ofMinutes(1));

    assertThat(index.verify(Credential.bearer("human-chosen")))
        .isEqualTo(Verdict.reject(Reason.EXPIRED, "key 'legacy' expired at " + expiry));
  }

  @Test
  void cacheEntriesLapseAfterTheirTimeToLive() {
    CountingHash hash = new CountingHash("human-chosen");
    HashedKeyIndex shortCache =
        HashedKeyIndex.builder("keys").clock(clock).verificationCache(100, Duration.ofSeconds(30)).build();
    shortCache.put(KeyEntry.builder("legacy", hash).build());
    shortCache.lookup(Secret.of("human-chosen"));
    shortCache.lookup(Secret.of("human-chosen"));
    clock.advance(Duration.ofSeconds(30));
    shortCache.lookup(Secret.of("human-chosen"));
    assertThat(hash.verifications.get()).isEqualTo(2);
  }

  @Test
  void disabledCacheDerivesEveryTime() {
    CountingHash hash = new CountingHash("human-chosen");
    HashedKeyIndex noCache = HashedKeyIndex.builder("keys").verificationCache(0, Duration.ZERO).build();
    noCache.put(KeyEntry.builder("legacy", hash).build());
    noCache.lookup(Secret.of("human-chosen"));
    noCache.lookup(Secret.of("human-chosen"));
    assertThat(hash.verifications.get()).isEqualTo(2);
  }

  @Test
  void cacheStaysWithinItsBound() {
    HashedKeyIndex small = HashedKeyIndex.builder("keys").verificationCache(16, Duration.ofHours(1)).build();
    List<KeyEntry> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      entries.add(KeyEntry.builder("k" + i, KeyHashes.pbkdf2Sha256(Secret.of("pw-" + i), 1)).build());
    }
    small.replaceAll(entries);
    for (int i = 0; i < 40; i++) {
      assertThat(small.lookup(Secret.of("pw-" + i))).isInstanceOf(HashedKeyIndex.Lookup.Found.class);
    }
    assertThat(small.cacheSize()).isLessThanOrEqualTo(16);
  }

  @Test
  void concurrentIdenticalRequestsShareOneDerivation() throws Exception {
    CountingHash hash = new CountingHash("human-chosen");
    hash.entered = new CountDownLatch(1);
    hash.release = new CountDownLatch(1);
    HashedKeyIndex noCache =
        HashedKeyIndex.builder("keys").verificationCache(0, Duration.ZERO).maxConcurrentSlowVerifications(1).build();
    noCache.put(KeyEntry.builder("legacy", hash).build());
    int waiters = 5;
    pool = Executors.newFixedThreadPool(waiters + 1);
    List<Thread> threads = new ArrayList<>();
    List<Future<HashedKeyIndex.Lookup>> results = new ArrayList<>();
    results.add(pool.submit(() -> noCache.lookup(Secret.of("human-chosen"))));
    assertThat(hash.entered.await(30, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < waiters; i++) {
      results.add(
          pool.submit(
              () -> {
                synchronized (threads) {
                  threads.add(Thread.currentThread());
                }
                return noCache.lookup(Secret.of("human-chosen"));
              }));
    }
    awaitAllWaiting(threads, waiters);
    hash.release.countDown();

    for (Future<HashedKeyIndex.Lookup> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(HashedKeyIndex.Lookup.Found.class);
    }
    assertThat(hash.verifications.get()).isEqualTo(1);
  }

  @Test
  void slowHashThatThrowsMatchesNothingAndNeverFailsTheRequest() {
    KeyHash broken =
        new CountingHash("unused") {
          @Override
          public boolean verify(Secret candidate) {
            throw new IllegalStateException("plug-in bug");
          }
        };
    index.put(KeyEntry.builder("broken", broken).build());
    index.put(KeyEntry.builder("legacy", KeyHashes.pbkdf2Sha256(Secret.of("pw"), 1)).build());

    assertThat(index.verify(Credential.bearer("anything"))).isEqualTo(Verdict.abstain("no such key"));
    assertThat(found("pw")).map(KeyEntry::id).contains("legacy");
    assertThat(found("pw")).map(KeyEntry::id).contains("legacy");
  }

  @Test
  void wellFormedGeneratedKeysNeverReachSlowEntries() {
    GeneratedKeys format = GeneratedKeys.standard();
    HashedKeyIndex checked = HashedKeyIndex.builder("keys").generatedKeys(format).build();
    CountingHash slow = new CountingHash("human-chosen");
    checked.put(KeyEntry.builder("legacy", slow).build());

    checked.lookup(format.generate().secret());
    checked.lookup(format.generate().secret());

    assertThat(slow.verifications.get()).isZero();
    assertThat(checked.lookup(Secret.of("human-chosen"))).isInstanceOf(HashedKeyIndex.Lookup.Found.class);
  }

  @Test
  void slowVerificationsBeyondTheLimitAreRefusedAsUnavailable() throws Exception {
    CountingHash hash = new CountingHash("human-chosen");
    hash.entered = new CountDownLatch(1);
    hash.release = new CountDownLatch(1);
    HashedKeyIndex limited = HashedKeyIndex.builder("keys").maxConcurrentSlowVerifications(1).build();
    limited.put(KeyEntry.builder("legacy", hash).build());
    pool = Executors.newSingleThreadExecutor();
    Future<HashedKeyIndex.Lookup> first = pool.submit(() -> limited.lookup(Secret.of("some-token")));
    assertThat(hash.entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(limited.verify(Credential.bearer("another-token")))
        .isEqualTo(Verdict.unavailable("too many slow key verifications at once"));

    hash.release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(HashedKeyIndex.Lookup.NOT_FOUND);
  }

  @Test
  void reloadWithEqualEntriesKeepsCachedVerifications() {
    KeyHash pbkdf2 = KeyHashes.pbkdf2Sha256(Secret.of("pw"), 1);
    CountingHash counting = new CountingHash("pw2");
    index.replaceAll(List.of(KeyEntry.builder("a", pbkdf2).build(), KeyEntry.builder("b", counting).build()));
    assertThat(found("pw2")).isPresent();

    index.replaceAll(List.of(KeyEntry.builder("a", pbkdf2).build(), KeyEntry.builder("b", counting).roles("new").build()));

    assertThat(found("pw2")).hasValueSatisfying(e -> assertThat(e.roles()).containsExactly("new"));
    assertThat(counting.verifications.get()).isEqualTo(1);
  }

  @Test
  void cacheLifetimeIsBounded() {
    assertThatThrownBy(() -> HashedKeyIndex.builder("k").verificationCache(10, Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a cached verification may live at most PT24H");
  }

  /** Waits (bounded, without sleeping) until every thread is parked waiting on the running search. */
  private static void awaitAllWaiting(List<Thread> threads, int expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      synchronized (threads) {
        if (threads.size() == expected
            && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
          return;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the waiting requests never parked on the running derivation");
  }

  @Test
  void anEntryNeverHoldsANameOrRoleThatNoPrincipalCouldHave() {
    KeyHash hash = KeyHashes.sha256(Secret.of("some-key-0123456789"));
    assertThatThrownBy(() -> KeyEntry.builder("k1", hash).name("ops\u0000").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a key's name contains a control character");
    assertThatThrownBy(() -> KeyEntry.builder("k1", hash).roles("read", "\u001b[31madmin").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a role contains a control character");
  }
}
