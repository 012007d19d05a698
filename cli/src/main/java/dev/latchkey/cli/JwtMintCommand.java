package dev.latchkey.cli;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.latchkey.jwt.JwtMinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * {@code latchkey jwt mint}: one caller token signed with a PKCS#8 PEM private key, as Authgear's Admin
 * API expects: header {@code {"alg":…,"typ":"JWT","kid":…}}, claims {@code aud} (an array),
 * {@code iat} and {@code exp}. Prints only the token.
 */
@Command(
    name = "mint",
    description = {
      "Mint a short-lived caller JWT (Authgear Admin API style).",
      "It is signed with a PKCS#8 PEM private key; only the token is printed, e.g.",
      "  curl -H \"Authorization: Bearer $(latchkey jwt mint …)\" …",
      "Add --sub and --claim NAME=VALUE for a token a Latchkey JWT source maps to a principal and roles."
    })
final class JwtMintCommand implements Callable<Integer> {
  @Option(names = "--key", required = true, paramLabel = "FILE", description = "The PKCS#8 PEM private key (RSA, EC or Ed25519).")
  private Path keyFile;

  @Option(names = "--kid", required = true, paramLabel = "ID", description = "The key id the server's JWK set knows the key by.")
  private String kid;

  @Option(names = "--aud", required = true, paramLabel = "AUD", description = "An audience (the project id); repeat for several.")
  private List<String> audiences;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      converter = DurationConverter.TokenLifetime.class,
      description = "How long the token lives: 90s, 5m, 1h (10 seconds to a day); default: 5m.")
  private Duration ttl = JwtMinter.DEFAULT_LIFETIME;

  @Option(names = "--iss", paramLabel = "ISSUER", description = "The iss claim, if the server wants one.")
  private String issuer;

  @Option(names = "--sub", paramLabel = "SUBJECT", description = "The sub claim, if the server wants one.")
  private String subject;

  @Option(
      names = "--claim",
      paramLabel = "NAME=VALUE",
      description = {
        "An extra claim; repeat for several. A VALUE that is JSON is put as JSON, any other as a string:",
        "  --claim 'roles=[\"deploy\"]' --claim tenant=acme --claim level=3"
      })
  private List<String> claims = List.of();

  private final Terminal terminal;

  JwtMintCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    String pem;
    try {
      pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw CommandFailure.usage("cannot read the key file " + keyFile + " (" + e.getClass().getSimpleName() + ")");
    }
    JwtMinter.Builder minter;
    try {
      minter = JwtMinter.fromPkcs8Pem(pem, kid);
    } catch (IllegalArgumentException e) {
      // The minter's messages describe the key, never quote it.
      throw CommandFailure.usage(keyFile + ": " + e.getMessage());
    }
    warnIfOthersCanRead(keyFile);
    try {
      minter.lifetime(ttl);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage("--ttl: " + e.getMessage());
    }
    minter.audience(audiences.toArray(String[]::new));
    if (issuer != null) {
      minter.issuer(issuer);
    }
    if (subject != null) {
      minter.subject(subject);
    }
    for (String claim : claims) {
      int eq = claim.indexOf('=');
      if (eq < 1) {
        throw CommandFailure.usage("--claim must look like NAME=VALUE, such as --claim 'roles=[\"deploy\"]'");
      }
      String name = claim.substring(0, eq);
      try {
        minter.claim(name, claimValue(claim.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage("--claim " + name + ": " + e.getMessage() + (name.equals("sub") || name.equals("iss") ? " (use --" + name + ")" : ""));
      }
    }
    terminal.out().println(minter.build().token().expose());
    return ExitCode.OK;
  }

  /** {@code value} as JSON (array, object, number, boolean, quoted string) if it is JSON, else the text itself. */
  static Object claimValue(String value) {
    try {
      Object parsed = JSONObjectUtils.parse("{\"v\":" + value + "}").get("v");
      return parsed == null ? value : parsed;
    } catch (java.text.ParseException | RuntimeException notJson) {
      return value;
    }
  }

  /** A private key others can read is worth a word on standard error; the token is still minted. */
  private void warnIfOthersCanRead(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        terminal.err().println("warning: " + file + " is readable by other users; chmod 600 it");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // no POSIX permissions here: nothing to check
    }
  }
}
