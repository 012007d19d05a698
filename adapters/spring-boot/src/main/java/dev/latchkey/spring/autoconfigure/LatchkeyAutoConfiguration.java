package dev.latchkey.spring.autoconfigure;

import dev.latchkey.AuthListener;
import dev.latchkey.Authenticator;
import dev.latchkey.Latchkey;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.internal.ChainFromEnvironment;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Builds the application's {@link Authenticator} from the {@code latchkey:} section of its configuration
 * (or from the file {@code latchkey.config-file} names), unless the application defines its own
 * {@code Authenticator} bean. Every {@link AuthListener} bean is added to it; a {@link Clock} bean, if the
 * application has one, is its clock. The authenticator is closed with the application context.
 *
 * <p>A configuration problem fails startup with every problem listed, each with its property name (such
 * as {@code latchkey.sources[0].type}) and where it was set; never with a configured value.
 */
@AutoConfiguration
@EnableConfigurationProperties(LatchkeyProperties.class)
public class LatchkeyAutoConfiguration {
  /** Made by Spring. */
  public LatchkeyAutoConfiguration() {}

  /**
   * The authenticator the application's configuration declares.
   *
   * @param environment the application's environment, read for the chain's settings
   * @param properties the starter's own settings
   * @param listeners every {@link AuthListener} bean, added in their order
   * @param clock the application's clock, if it defines one; the system UTC clock otherwise
   * @return the authenticator; Spring closes it with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Authenticator latchkeyAuthenticator(Environment environment, LatchkeyProperties properties,
      ObjectProvider<AuthListener> listeners, ObjectProvider<Clock> clock) {
    Latchkey.Builder builder =
        ChainFromEnvironment.builder(environment, properties, System.getenv(), clock.getIfAvailable(Clock::systemUTC));
    listeners.orderedStream().forEach(builder::listener);
    return builder.build();
  }
}
