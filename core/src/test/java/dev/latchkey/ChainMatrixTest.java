package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every combination of verdicts over a chain of three sources, under both rejection policies,
 * checked against the chain rules of DESIGN.md written out independently here:
 *
 * <ol>
 *   <li>sources are asked in order; the first ACCEPT authenticates and no later source is asked;
 *   <li>under STOP, the first REJECT denies with its reason and no later source is asked;
 *   <li>otherwise, when nothing accepted: any UNAVAILABLE gives 503, else the first REJECT's reason,
 *       else 401 invalid credential.
 * </ol>
 */
class ChainMatrixTest {
  enum Kind { ABSTAIN, ACCEPT, REJECT, UNAVAILABLE }

  static Stream<Arguments> everyCombination() {
    List<Arguments> all = new ArrayList<>();
    for (RejectionPolicy policy : RejectionPolicy.values()) {
      for (Kind a : Kind.values()) {
        for (Kind b : Kind.values()) {
          for (Kind c : Kind.values()) {
            all.add(Arguments.of(policy, List.of(a, b, c)));
          }
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyCombination")
  void chainFollowsTheDesignRules(RejectionPolicy policy, List<Kind> kinds) {
    List<ScriptedSource> sources = new ArrayList<>();
    Latchkey.Builder builder = Latchkey.builder().rejectionPolicy(policy);
    for (int i = 0; i < kinds.size(); i++) {
      ScriptedSource source = ScriptedSource.answering("s" + i, verdict(kinds.get(i), i));
      sources.add(source);
      builder.source(source);
    }

    AuthResult result = builder.build().authenticate(TestRequests.bearer("a-token"));

    Expected expected = expected(policy, kinds);
    if (expected.acceptedBy >= 0) {
      assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(((AuthResult.Authenticated) result).principal().name()).isEqualTo("user-of-s" + expected.acceptedBy);
    } else {
      assertThat(result).isInstanceOf(AuthResult.Denied.class);
      AuthResult.Denied denied = (AuthResult.Denied) result;
      assertThat(denied.reason()).isEqualTo(expected.reason);
      assertThat(denied.status()).isEqualTo(expected.reason.httpStatus());
    }
    for (int i = 0; i < sources.size(); i++) {
      assertThat(sources.get(i).calls.get())
          .as("calls to s%d", i)
          .isEqualTo(i < expected.askedCount ? 1 : 0);
    }
    assertThat(result.explain().steps()).hasSize(expected.askedCount);
  }

  private record Expected(int acceptedBy, Reason reason, int askedCount) {}

  private static Expected expected(RejectionPolicy policy, List<Kind> kinds) {
    Reason firstReject = null;
    boolean unavailable = false;
    for (int i = 0; i < kinds.size(); i++) {
      switch (kinds.get(i)) {
        case ACCEPT:
          return new Expected(i, null, i + 1);
        case REJECT:
          if (policy == RejectionPolicy.STOP) {
            return new Expected(-1, rejectReason(i), i + 1);
          }
          if (firstReject == null) {
            firstReject = rejectReason(i);
          }
          break;
        case UNAVAILABLE:
          unavailable = true;
          break;
        default:
          break;
      }
    }
    Reason reason =
        unavailable ? Reason.SOURCE_UNAVAILABLE : firstReject != null ? firstReject : Reason.INVALID_CREDENTIAL;
    return new Expected(-1, reason, kinds.size());
  }

  /** Each source rejects with its own reason, so the test can tell which rejection won. */
  private static Reason rejectReason(int index) {
    return List.of(Reason.EXPIRED, Reason.REVOKED, Reason.OWNER_DEACTIVATED).get(index);
  }

  private static Verdict verdict(Kind kind, int index) {
    return switch (kind) {
      case ABSTAIN -> Verdict.abstain("not mine");
      case ACCEPT -> Verdict.accept(Principal.builder("user-of-s" + index, "s" + index).roles("r").build());
      case REJECT -> Verdict.reject(rejectReason(index), "scripted rejection");
      case UNAVAILABLE -> Verdict.unavailable("scripted outage");
    };
  }
}
