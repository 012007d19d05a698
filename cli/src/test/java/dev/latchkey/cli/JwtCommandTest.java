package dev.latchkey.cli;

import static dev.latchkey.cli.CliRun.latchkey;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.latchkey.Credential;
import dev.latchkey.Verdict;
import dev.latchkey.jwt.JwtIssuer;
import dev.latchkey.jwt.JwtKeys;
import dev.latchkey.jwt.JwtSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtCommandTest {
  private static final String PEM = "-----BEGIN PRIVATE KEY-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END PRIVATE KEY-----\n";

  @TempDir Path dir;

  private Path privateKey() {
    return dir.resolve("caller.pem");
  }

  private Path jwks() {
    return dir.resolve("jwks.json");
  }

  private CliRun keygen(String alg, String kid) {
    return latchkey(
        "jwt", "keygen", "--alg", alg, "--kid", kid, "--out-private", privateKey().toString(), "--out-jwks", jwks().toString());
  }

  /** A JwtSource as a server would configure it for Authgear-style callers: the JWK set, the project id. */
  private JwtSource server(String jwkSet) {
    return JwtSource.builder()
        .issuer(JwtIssuer.withoutIssuer().keys(JwtKeys.jwkSet(jwkSet)).audiences("my-project").build())
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
  void mintedTokenIsAcceptedByAJwtSourceHoldingTheGeneratedJwkSet(String alg) throws Exception {
    CliRun generated = keygen(alg, "key-1");
    assertThat(generated)
        .isEqualTo(
            new CliRun(
                0,
                "",
                "wrote the private key to " + privateKey() + " (readable by its owner only)\n"
                    + "wrote the public JWK set to " + jwks() + " (kid key-1)\n"));

    CliRun minted = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "my-project");
    assertThat(minted.status()).isZero();
    assertThat(minted.err()).isEmpty();
    assertThat(minted.out()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\n");

    Verdict verdict = server(Files.readString(jwks())).verify(Credential.bearer(minted.out().strip()));
    assertThat(verdict).isInstanceOfSatisfying(Verdict.Accept.class, accept -> assertThat(accept.principal().name()).isEqualTo("kid:key-1"));
  }

  @Test
  void tokenIsAuthgearShapedWithTheRequestedLifetime() throws Exception {
    keygen("RS256", "key-1");

    CliRun minted =
        latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "p1", "--aud", "p2", "--ttl", "10m");

    String[] parts = minted.out().strip().split("\\.");
    Map<String, Object> header = json(parts[0]);
    Map<String, Object> claims = json(parts[1]);
    assertThat(header).isEqualTo(Map.of("alg", "RS256", "typ", "JWT", "kid", "key-1"));
    assertThat(claims).containsOnlyKeys("aud", "iat", "exp").containsEntry("aud", List.of("p1", "p2"));
    assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(600);
  }

  @Test
  void claimsAreAddedAsJsonWhenTheyAreJsonAndAsTextOtherwise() throws Exception {
    keygen("RS256", "key-1");

    CliRun minted = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "p",
        "--sub", "ci-bot", "--claim", "roles=[\"deploy\",\"read\"]", "--claim", "tenant=acme", "--claim", "level=3",
        "--claim", "note=a=b");

    Map<String, Object> claims = json(minted.out().strip().split("\\.")[1]);
    assertThat(claims).containsOnlyKeys("aud", "iat", "exp", "sub", "roles", "tenant", "level", "note");
    assertThat(claims).containsEntry("sub", "ci-bot").containsEntry("roles", List.of("deploy", "read"))
        .containsEntry("tenant", "acme").containsEntry("level", 3L).containsEntry("note", "a=b");
  }

  @Test
  void aClaimWithoutANameOrSetByTheMinterIsAUsageError() throws Exception {
    keygen("RS256", "key-1");

    CliRun noName = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "p", "--claim", "=x");
    CliRun reserved = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "p", "--claim", "sub=x");

    assertThat(noName).isEqualTo(new CliRun(2, "",
        "latchkey jwt mint: --claim must look like NAME=VALUE, such as --claim 'roles=[\"deploy\"]'\n"));
    assertThat(reserved).isEqualTo(new CliRun(2, "", "latchkey jwt mint: --claim sub: the minter sets 'sub' itself (use --sub)\n"));
  }

  @Test
  void tokenForAnotherAudienceIsRejected() throws Exception {
    keygen("ES256", "key-1");

    CliRun minted = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "someone-else");

    assertThat(server(Files.readString(jwks())).verify(Credential.bearer(minted.out().strip())))
        .isInstanceOf(Verdict.Reject.class);
  }

  @Test
  void privateKeyFileIsPkcs8PemReadableByItsOwnerOnly() throws Exception {
    keygen("EdDSA", "key-1");

    assertThat(Files.readString(privateKey())).matches(PEM);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey()))).isEqualTo("rw-------");
  }

  @Test
  void jwkSetHoldsOnlyThePublicKeyWithKidAlgAndUse() throws Exception {
    keygen("ES256", "key-1");

    JWKSet set = JWKSet.parse(Files.readString(jwks()));
    assertThat(set.getKeys()).hasSize(1);
    JWK key = set.getKeys().get(0);
    assertThat(key.isPrivate()).isFalse();
    assertThat(List.of(key.getKeyID(), key.getAlgorithm().getName(), key.getKeyUse().identifier(), key.getKeyType().getValue()))
        .containsExactly("key-1", "ES256", "sig", "EC");
  }

  @Test
  void withoutFilesThePemAndThenTheJwkSetGoToStandardOutput() throws Exception {
    CliRun run = latchkey("jwt", "keygen", "--alg", "EdDSA");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).matches(PEM + "\\{\"keys\":\\[\\{.*}]}\n");
    String jwkSet = run.out().substring(run.out().indexOf("-----END PRIVATE KEY-----\n") + 26);
    JWK key = JWKSet.parse(jwkSet).getKeys().get(0);
    assertThat(key.getKeyID()).as("the RFC 7638 thumbprint by default").isEqualTo(key.computeThumbprint().toString());
  }

  @Test
  void onlyTheFileNamedIsWrittenAndTheOtherPartGoesToStandardOutput() throws Exception {
    CliRun run = latchkey("jwt", "keygen", "--kid", "key-1", "--out-private", privateKey().toString());

    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("{\"keys\":[{").contains("\"kid\":\"key-1\"").doesNotContain("PRIVATE KEY");
    assertThat(run.err()).isEqualTo("wrote the private key to " + privateKey() + " (readable by its owner only)\n");
    assertThat(Files.readString(privateKey())).matches(PEM);
  }

  @Test
  void mintWarnsWhenOthersCanReadTheKeyButStillMints() throws Exception {
    keygen("ES256", "key-1");
    Files.setPosixFilePermissions(privateKey(), PosixFilePermissions.fromString("rw-r--r--"));

    CliRun run = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "my-project");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEqualTo("warning: " + privateKey() + " is readable by other users; chmod 600 it\n");
    assertThat(server(Files.readString(jwks())).verify(Credential.bearer(run.out().strip()))).isInstanceOf(Verdict.Accept.class);
  }

  @Test
  void keygenNeverOverwritesAFile() throws Exception {
    Files.writeString(privateKey(), "keep me");

    CliRun run = keygen("RS256", "key-1");

    assertThat(run).isEqualTo(new CliRun(1, "", "latchkey jwt keygen: " + privateKey() + " exists; not overwritten\n"));
    assertThat(Files.readString(privateKey())).isEqualTo("keep me");
    assertThat(jwks()).doesNotExist();
  }

  @Test
  void unknownAlgorithmIsAUsageError() {
    CliRun run = latchkey("jwt", "keygen", "--alg", "HS256");

    assertThat(run)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "latchkey jwt keygen: Invalid value for option '--alg': expected one of [RS256, ES256, EdDSA] (case-insensitive) but was 'HS256'\n"
                    + "Try 'latchkey jwt keygen --help' for more information.\n"));
  }

  @Test
  void blankKidIsAUsageError() {
    assertThat(latchkey("jwt", "keygen", "--kid", " "))
        .isEqualTo(new CliRun(2, "", "latchkey jwt keygen: --kid must not be blank\n"));
  }

  @Test
  void unreadableKeyFileIsAUsageError() {
    Path missing = dir.resolve("missing.pem");

    CliRun run = latchkey("jwt", "mint", "--key", missing.toString(), "--kid", "key-1", "--aud", "my-project");

    assertThat(run)
        .isEqualTo(new CliRun(2, "", "latchkey jwt mint: cannot read the key file " + missing + " (NoSuchFileException)\n"));
  }

  @Test
  void aFileThatIsNotAPrivateKeyIsAUsageErrorThatDoesNotQuoteIt() throws Exception {
    Files.writeString(privateKey(), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

    CliRun run = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "my-project");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("latchkey jwt mint: " + privateKey() + ": ").doesNotContain("bm90IGEga2V5");
  }

  @Test
  void missingAudienceIsAUsageError() {
    CliRun run = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1");

    assertThat(run)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "latchkey jwt mint: Missing required option: '--aud=AUD'\nTry 'latchkey jwt mint --help' for more information.\n"));
  }

  @Test
  void lifetimeOutsideTenSecondsToADayIsAUsageError() throws Exception {
    keygen("RS256", "key-1");

    CliRun run = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "p", "--ttl", "25h");

    assertThat(run)
        .isEqualTo(new CliRun(2, "", "latchkey jwt mint: --ttl: a token lifetime must be between 10 seconds and a day\n"));
  }

  @Test
  void unreadableLifetimeIsAUsageError() {
    CliRun run = latchkey("jwt", "mint", "--key", privateKey().toString(), "--kid", "key-1", "--aud", "p", "--ttl", "5 minutes");

    assertThat(run)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "latchkey jwt mint: Invalid value for option '--ttl': '5 minutes' is not a duration from 10 seconds to a day, such as 90s, 5m or 1h\n"
                    + "Try 'latchkey jwt mint --help' for more information.\n"));
  }

  @Test
  void jwtWithoutASubcommandIsAUsageErrorListingThem() {
    CliRun run = latchkey("jwt");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("Usage: latchkey jwt [-h] COMMAND").contains("keygen").contains("mint");
  }

  private static Map<String, Object> json(String base64Url) throws Exception {
    return com.nimbusds.jose.util.JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8));
  }
}
