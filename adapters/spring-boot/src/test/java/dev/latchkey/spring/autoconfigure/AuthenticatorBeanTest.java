package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Authenticator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auto-configured authenticator steps aside for the application's own; the admin mount needs the
 * application's key store.
 */
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

  @Test
  void theAdminMountEnabledWithoutAManagedKeyStoreBeanFailsStartupSayingWhatToDefine() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class, LatchkeyAdminAutoConfiguration.class))
        .withUserConfiguration(OwnAuthenticator.class)
        .withPropertyValues("latchkey.admin.enabled=true")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessage("latchkey.admin.enabled is true, but the application defines no ManagedKeyStore bean: define exactly one"
                + " @Bean FileKeyStore (or PostgresKeyStore) for the key management API to manage, and make it a source of the"
                + " application's Authenticator bean"));
  }
}
