package dev.latchkey.spring.autoconfigure;

import dev.latchkey.Authenticator;
import dev.latchkey.admin.AdminHandler;
import dev.latchkey.admin.servlet.AdminServlet;
import dev.latchkey.keystore.file.ManagedKeyStore;
import dev.latchkey.spring.LatchkeyProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * With {@code latchkey.admin.enabled=true} and {@code latchkey-admin} on the class path, mounts the key
 * management API and console ({@link AdminHandler}, served by an {@link AdminServlet}) at
 * {@code latchkey.admin.mount-path}, over the application's {@link ManagedKeyStore} bean (a
 * {@code FileKeyStore} or {@code PostgresKeyStore}), authenticating API calls with the application's
 * {@link Authenticator}. The application defines the store bean, and makes the same store a source of
 * its authenticator, so a key created, regenerated or revoked here is in force at once.
 *
 * <p>The starter's default security chain permits the mount path (the console's files need no
 * credential; the handler authenticates every API call); an application's own chain must permit it too.
 * Enabled without a {@code ManagedKeyStore} bean, startup fails saying so.
 */
@AutoConfiguration(after = LatchkeyAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(AdminHandler.class)
@ConditionalOnProperty(prefix = LatchkeyProperties.PREFIX + ".admin", name = "enabled", havingValue = "true")
public class LatchkeyAdminAutoConfiguration {
  /** Made by Spring. */
  public LatchkeyAdminAutoConfiguration() {}

  /**
   * The key management handler.
   *
   * @param stores the application's {@link ManagedKeyStore} bean; exactly one is required
   * @param authenticator the application's authenticator, for API calls Latchkey's filter did not
   *     authenticate
   * @param properties the mount path and admin role
   * @param clock the application's clock, if it defines one; the system UTC clock otherwise
   * @return the handler; it never closes the store or the authenticator
   * @throws IllegalStateException if the application defines no {@code ManagedKeyStore} bean, or several
   */
  @Bean
  public AdminHandler latchkeyAdminHandler(ObjectProvider<ManagedKeyStore> stores, Authenticator authenticator,
      LatchkeyProperties properties, ObjectProvider<Clock> clock) {
    ManagedKeyStore store = stores.getIfUnique(() -> {
      throw new IllegalStateException("latchkey.admin.enabled is true, but the application defines "
          + (stores.stream().findAny().isPresent() ? "several ManagedKeyStore beans" : "no ManagedKeyStore bean")
          + ": define exactly one @Bean FileKeyStore (or PostgresKeyStore) for the key management API to manage,"
          + " and make it a source of the application's Authenticator bean");
    });
    return AdminHandler.builder(store)
        .authenticator(authenticator)
        .mountPath(properties.getAdmin().mountPath())
        .adminRole(properties.getAdmin().adminRole())
        .clock(clock.getIfAvailable(Clock::systemUTC))
        .build();
  }

  /**
   * The servlet serving {@code handler} at its mount path.
   *
   * @param handler the key management handler
   * @return the registration, named {@code latchkeyAdmin}, mapped to the mount path and everything under it
   */
  @Bean
  public ServletRegistrationBean<AdminServlet> latchkeyAdminServlet(AdminHandler handler) {
    ServletRegistrationBean<AdminServlet> registration = new ServletRegistrationBean<>(new AdminServlet(handler), handler.mountPath() + "/*");
    registration.setName("latchkeyAdmin");
    return registration;
  }
}
