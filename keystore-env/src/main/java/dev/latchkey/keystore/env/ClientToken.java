package dev.latchkey.keystore.env;

import dev.latchkey.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the token a command-line tool or service should send, in MooseStack's CLI order: an explicit
 * value (a {@code --token} flag), then an environment variable (such as {@code MOOSE_ADMIN_TOKEN}),
 * then the same variable in {@code .env.local}.
 *
 * <p>When the token comes from {@code .env.local} and that file sits in a git work tree without being
 * ignored, the resolution carries a warning (also logged): the token is one {@code git add .} away from
 * being committed. The check runs {@code git check-ignore}; without git it is skipped.
 *
 * <p>Immutable and thread-safe; {@link #resolve()} reads the file and may start a git process.
 */
public final class ClientToken {
  private static final Logger LOG = LoggerFactory.getLogger(ClientToken.class);
  private static final long GIT_TIMEOUT_SECONDS = 5;

  private final String variable;
  private final Optional<String> explicit;
  private final Map<String, String> environment;
  private final Path envLocal;

  private ClientToken(String variable, Optional<String> explicit, Map<String, String> environment, Path envLocal) {
    this.variable = variable;
    this.explicit = explicit;
    this.environment = environment;
    this.envLocal = envLocal;
  }

  /**
   * Looks for the token in {@code variable}, the process environment and {@code ./.env.local}.
   *
   * @param variable the variable name, such as {@code MOOSE_ADMIN_TOKEN}
   * @return a look-up for that variable; nothing is read until {@link #resolve()}
   */
  public static ClientToken fromVariable(String variable) {
    return new ClientToken(Objects.requireNonNull(variable, "variable"), Optional.empty(), System.getenv(), Path.of(".env.local"));
  }

  /**
   * The same look-up, with an explicit value (a command-line flag) that wins when present and not empty.
   *
   * @param value the explicit token; empty, or an empty text, to look in the other places
   * @return a copy of this look-up with the explicit value
   */
  public ClientToken withExplicit(Optional<String> value) {
    return new ClientToken(variable, value.filter(v -> !v.isEmpty()), environment, envLocal);
  }

  /**
   * The same look-up over another environment map.
   *
   * @param environment the variables to read instead of the process environment; copied
   * @return a copy of this look-up over that map
   */
  public ClientToken withEnvironment(Map<String, String> environment) {
    return new ClientToken(variable, explicit, Map.copyOf(environment), envLocal);
  }

  /**
   * The same look-up reading another {@code .env.local} file.
   *
   * @param file the dotenv file to read instead of {@code ./.env.local}
   * @return a copy of this look-up reading that file
   */
  public ClientToken withEnvLocal(Path file) {
    return new ClientToken(variable, explicit, environment, Objects.requireNonNull(file, "file"));
  }

  /**
   * The token, and where it was found; empty if none of the places has it.
   *
   * @return the token, its origin and any warnings; empty if no place has a non-empty value
   * @throws EnvConfigurationException if {@code .env.local} exists but cannot be parsed
   */
  public Optional<Resolution> resolve() {
    if (explicit.isPresent()) {
      return Optional.of(new Resolution(Secret.of(explicit.get()), Origin.EXPLICIT, List.of()));
    }
    String fromEnvironment = environment.get(variable);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return Optional.of(new Resolution(Secret.of(fromEnvironment), Origin.ENVIRONMENT, List.of()));
    }
    if (!Files.isRegularFile(envLocal)) {
      return Optional.empty();
    }
    EnvVariable fromFile = Dotenv.read(envLocal, name -> Optional.ofNullable(environment.get(name))).get(variable);
    if (fromFile == null || fromFile.value().isEmpty()) {
      return Optional.empty();
    }
    List<String> warnings = new ArrayList<>();
    notIgnoredByGit(envLocal).ifPresent(warning -> {
      LOG.warn(warning);
      warnings.add(warning);
    });
    return Optional.of(new Resolution(Secret.of(fromFile.value()), Origin.ENV_LOCAL, warnings));
  }

  /** A warning if {@code file} is in a git work tree and git does not ignore it. */
  static Optional<String> notIgnoredByGit(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path workTree = absolute.getParent();
    while (workTree != null && !Files.exists(workTree.resolve(".git"))) {
      workTree = workTree.getParent();
    }
    if (workTree == null) {
      return Optional.empty();
    }
    try {
      Process git =
          new ProcessBuilder("git", "-C", workTree.toString(), "check-ignore", "-q", "--", absolute.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!git.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        LOG.debug("git check-ignore timed out; not checking whether {} is ignored", absolute);
        return Optional.empty();
      }
      if (git.exitValue() == 1) {
        return Optional.of(
            absolute + " holds a token and is inside the git work tree " + workTree
                + " without being ignored; add it to .gitignore so the token is never committed");
      }
      return Optional.empty();
    } catch (IOException e) {
      LOG.debug("git is not available; not checking whether {} is ignored", absolute);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "ClientToken[" + variable + "]";
  }

  /** Where a token was found. */
  public enum Origin {
    /** Given explicitly, such as with {@code --token}. */
    EXPLICIT,
    /** From the environment variable. */
    ENVIRONMENT,
    /** From the variable in {@code .env.local}. */
    ENV_LOCAL
  }

  /**
   * A found token. {@code toString} shows the origin and the token's fingerprint only.
   *
   * @param token the token to send
   * @param origin where it was found
   * @param warnings things the user should fix, such as a {@code .env.local} git would commit
   */
  public record Resolution(Secret token, Origin origin, List<String> warnings) {
    /**
     * Copies the warnings.
     *
     * @param token the token to send
     * @param origin where it was found
     * @param warnings things the user should fix, such as a {@code .env.local} git would commit; copied
     */
    public Resolution {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(origin, "origin");
      warnings = List.copyOf(warnings);
    }
  }
}
