package dev.latchkey.spring.autoconfigure;

import dev.latchkey.Authenticator;
import dev.latchkey.spring.internal.LatchkeyHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot's health support (the actuator), the health contributor {@code latchkey}: the
 * authenticator's {@link Authenticator#health()}, with every source and policy as a component. Turned
 * off with {@code management.health.latchkey.enabled=false}.
 */
@AutoConfiguration(after = LatchkeyAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Authenticator.class)
@ConditionalOnEnabledHealthIndicator("latchkey")
public class LatchkeyHealthAutoConfiguration {
  /** Made by Spring. */
  public LatchkeyHealthAutoConfiguration() {}

  /**
   * The {@code latchkey} health contributor.
   *
   * @param authenticator the application's authenticator
   * @return the indicator; it never does I/O
   */
  @Bean
  public HealthIndicator latchkeyHealthIndicator(Authenticator authenticator) {
    return new LatchkeyHealthIndicator(authenticator);
  }
}
