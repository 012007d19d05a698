package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configured authenticator steps aside for the application's own. */
class AuthenticatorBeanTest {
  @Configuration(proxyBeanMethods = false)
  static class OwnAuthenticator {
    static final Authenticator OWN = request -> { throw new AssertionError("never asked"); };

    @Bean
    Authenticator ownAuthenticator() {
      return OWN;
    }
  }

  @Test
  void anApplicationsOwnAuthenticatorWinsAndNoLatchkeySettingsAreNeeded() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
        .withUserConfiguration(OwnAuthenticator.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).getBean(Authenticator.class).isSameAs(OwnAuthenticator.OWN);
        });
  }

  @Test
  void withoutAnyChainSettingsStartupFailsSayingSourcesAreRequired() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessage("the Spring environment: latchkey.sources: is required: list at least one credential source"));
  }
}
