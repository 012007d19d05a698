package dev.latchkey.spring.autoconfigure;

import dev.latchkey.Authenticator;
import dev.latchkey.micrometer.HealthMetrics;
import dev.latchkey.micrometer.MicrometerAuthListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code latchkey-micrometer} and the application's Micrometer registries: every decision of the
 * auto-configured authenticator is published as the observation {@code latchkey.authentications}
 * ({@link MicrometerAuthListener}, an {@link dev.latchkey.AuthListener} bean the authenticator picks up),
 * and its health as the gauges {@code latchkey.health} ({@link HealthMetrics}, a meter binder Spring Boot
 * binds to the {@link MeterRegistry}). Each part steps aside for a bean of the application's own.
 */
@AutoConfiguration(before = LatchkeyAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({MicrometerAuthListener.class, ObservationRegistry.class})
public class LatchkeyMetricsAutoConfiguration {
  /** Made by Spring. */
  public LatchkeyMetricsAutoConfiguration() {}

  /**
   * The observation of every decision.
   *
   * @param registry the application's observation registry
   * @return the listener the authenticator reports to
   */
  @Bean
  @ConditionalOnBean(ObservationRegistry.class)
  @ConditionalOnMissingBean
  public MicrometerAuthListener latchkeyObservations(ObservationRegistry registry) {
    return MicrometerAuthListener.observing(registry);
  }

  /** The health gauges, when the application has a meter registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class HealthGauges {
    @Bean
    @ConditionalOnMissingBean
    HealthMetrics latchkeyHealthMetrics(Authenticator authenticator) {
      return new HealthMetrics(authenticator);
    }
  }
}
