package dev.latchkey.examples.spring;

import dev.latchkey.Principal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application secured by the Latchkey starter alone: the keys are in
 * {@code application.yml}, and Spring Security runs the starter's default filter chain (every path but
 * the health probes needs a key).
 */
// Latchkey is the only way in: Spring Boot's generated in-memory user (and its logged password) is not made.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableMethodSecurity
@RestController
class SampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }

  @GetMapping("/hello")
  String hello(@AuthenticationPrincipal Principal caller) {
    return "hello " + caller.name() + ", roles " + caller.roles() + "\n";
  }

  @PostMapping("/deploy")
  @PreAuthorize("hasRole('deploy')")
  String deploy(@AuthenticationPrincipal Principal caller) {
    return "deploying as " + caller.name() + "\n";
  }
}
