package dev.latchkey.spring.autoconfigure;

import dev.latchkey.Authenticator;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.security.LatchkeyConfigurer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * With Spring Security, an application that defines no {@link SecurityFilterChain} of its own gets one
 * that authenticates every request with Latchkey ({@link LatchkeyConfigurer}), permits
 * {@code latchkey.open-paths} (and, with {@code latchkey.admin.enabled}, the key management mount path,
 * whose handler authenticates every API call itself) and requires authentication everywhere else, in place of Spring Boot's
 * form-login default (as Spring Boot's own resource-server support does). An application that defines a
 * chain applies {@link LatchkeyConfigurer} itself.
 */
@AutoConfiguration(after = LatchkeyAutoConfiguration.class,
    beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnBean(Authenticator.class)
public class LatchkeySecurityAutoConfiguration {
  /** Made by Spring. */
  public LatchkeySecurityAutoConfiguration() {}

  /**
   * The default chain: open paths and the admin mount permitted, every other request authenticated by
   * Latchkey.
   *
   * @param http Spring Security's builder for this chain
   * @param properties the starter's settings, for the open paths and the admin mount
   * @return the chain
   * @throws Exception if Spring Security cannot build it
   */
  @Bean
  @ConditionalOnDefaultWebSecurity
  public SecurityFilterChain latchkeySecurityFilterChain(HttpSecurity http, LatchkeyProperties properties) throws Exception {
    http.authorizeHttpRequests(requests -> {
      List<String> permitted = new ArrayList<>(properties.getOpenPaths());
      if (properties.getAdmin().enabled()) {
        // Latchkey's filter still runs there: the handler takes the principal it found, or answers 401 itself.
        permitted.add(properties.getAdmin().pathPattern());
      }
      if (!permitted.isEmpty()) {
        requests.requestMatchers(permitted.toArray(new String[0])).permitAll();
      }
      requests.anyRequest().authenticated();
    });
    http.with(LatchkeyConfigurer.latchkey(), latchkey -> {});
    return http.build();
  }
}
