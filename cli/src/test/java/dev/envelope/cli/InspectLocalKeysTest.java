package dev.envelope.cli;

import static dev.envelope.cli.InspectSchema.inspect;
import static dev.envelope.cli.InspectSchema.validated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.Envelope;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code envelope inspect} with local keys: which key file, key store entry or personal-store
 * certificate each recipient identifier names, through the matching {@code decrypt} uses; never a
 * prompt, and no matching without a password. Every JSON output is validated against the schema.
 */
class InspectLocalKeysTest {
  private static final byte[] CONTENT = "inspect me\n".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = InspectSchema.JSON;

  @TempDir static Path dir;
  static Identity alice;
  static Identity bob;

  @BeforeAll
  static void setUp() throws Exception {
    alice = Identity.create(dir, "alice");
    bob = Identity.create(dir, "bob");
  }

  private static byte[] sealFor(Recipient... recipients) throws Exception {
    return Envelope.sealer().withRecipients(List.of(recipients)).seal(CONTENT);
  }

  private static String sha256(X509Certificate c) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
  }

  @Test
  void theKeyFileThatMatchesIsNamed() throws Exception {
    byte[] m = sealFor(Recipient.of(alice.certificate()), Recipient.of(bob.certificate()));
    JsonNode doc = inspect(m, "--key", alice.keyArg(), "--cert", alice.certArg());
    int matched = 0;
    for (JsonNode r : doc.get("recipients")) {
      JsonNode matches = r.get("localMatches");
      assertThat(matches).as("checked: a list").isNotNull();
      if (r.at("/identifier/issuer").asString().equals("CN=alice")) {
        assertThat(matches).hasSize(1);
        assertThat(matches.at("/0/subject").asString()).isEqualTo("CN=alice");
        assertThat(matches.at("/0/sha256").asString()).isEqualTo(sha256(alice.certificate()));
        assertThat(matches.at("/0/source").asString()).isEqualTo(alice.keyArg());
        matched++;
      } else {
        assertThat(matches).isEmpty();
      }
    }
    assertThat(matched).isOne();
    assertThat(Cli.run(m, "inspect", "--key", alice.keyArg(), "--cert", alice.certArg()).out())
        .contains("local key: CN=alice sha256=" + sha256(alice.certificate()) + " in ")
        .contains("local key: none");
  }

  @Test
  void aKeyWithoutCertificateMatchesBySubjectKeyIdentifier() throws Exception {
    byte[] m =
        Envelope.sealer()
            .withRecipientIdentifier(RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(CONTENT);
    JsonNode matches = inspect(m, "--key", alice.keyArg()).at("/recipients/0/localMatches");
    assertThat(matches).hasSize(1);
    assertThat(matches.at("/0/subject").isNull()).isTrue();
    assertThat(inspect(m, "--key", bob.keyArg()).at("/recipients/0/localMatches")).isEmpty();
  }

  @Test
  void thePersonalStoreIsMatchedWhenItsPasswordIsGivenAndNeverPrompted() throws Exception {
    Path home = Files.createTempDirectory(dir, "home");
    Map<String, String> env =
        Cli.env("ENVELOPE_HOME", home.toString(), "ENVELOPE_STORE_PASS", "store-pw");
    Cli.runEnv(env, "cert", "create", "--subject", "CN=Pat", "--email", "pat@example.com")
        .assertOk();
    Path msg = dir.resolve("for-pat.p7m");
    Cli.runEnv(
            env, "encrypt", "-o", msg.toString(), "--to", "pat@example.com", "--to", bob.certArg())
        .assertOk();
    String sha256 =
        JSON.readTree(Cli.runEnv(env, "store", "list", "--json").assertOk().out())
            .at("/0/sha256")
            .asString();

    JsonNode doc = validated(Cli.runEnv(env, "inspect", msg.toString(), "--json").assertOk().out());
    List<JsonNode> pat = new ArrayList<>();
    for (JsonNode r : doc.get("recipients")) {
      if (r.at("/identifier/issuer").asString().contains("CN=Pat")) {
        pat.add(r);
      } else {
        assertThat(r.get("localMatches")).isEmpty();
      }
    }
    assertThat(pat).hasSize(1);
    assertThat(pat.get(0).at("/localMatches/0/subject").asString()).contains("CN=Pat");
    assertThat(pat.get(0).at("/localMatches/0/sha256").asString()).isEqualTo(sha256);
    assertThat(pat.get(0).at("/localMatches/0/source").asString()).contains("the personal store");

    // --storepass instead of the variable
    Map<String, String> noPass = Cli.env("ENVELOPE_HOME", home.toString());
    JsonNode viaOption =
        validated(
            Cli.runEnv(noPass, "inspect", msg.toString(), "--json", "--storepass", "pass:store-pw")
                .assertOk()
                .out());
    assertThat(viaOption.toString()).contains(sha256);

    // no password: no prompt, no matching, exit 0
    List<String> prompts = new ArrayList<>();
    Cli.Result silent =
        Cli.run(
            noPass,
            new java.io.ByteArrayInputStream(new byte[0]),
            Cli.terminal("store-pw", prompts),
            "inspect",
            msg.toString(),
            "--json");
    silent.assertOk();
    assertThat(prompts).isEmpty();
    assertThat(validated(silent.out()).at("/recipients/0").has("localMatches")).isFalse();

    // a wrong variable: a warning and no matching; a wrong --storepass: exit 2
    Cli.Result wrongEnv =
        Cli.runEnv(
            Cli.env("ENVELOPE_HOME", home.toString(), "ENVELOPE_STORE_PASS", "wrong"),
            "inspect",
            msg.toString(),
            "--json");
    wrongEnv.assertOk();
    assertThat(wrongEnv.stderr()).startsWith("envelope: warning: ");
    assertThat(validated(wrongEnv.out()).at("/recipients/0").has("localMatches")).isFalse();
    Cli.runEnv(noPass, "inspect", msg.toString(), "--storepass", "pass:wrong").assertFails(2);
  }

  @Test
  void aKeyStoreIsMatchedByItsKeyEntriesAndNeverPrompts() throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "alice",
        alice.privateKey(),
        "p12-pw".toCharArray(),
        new java.security.cert.Certificate[] {alice.certificate()});
    Path p12 = dir.resolve("alice-ks.p12");
    try (var out = Files.newOutputStream(p12)) {
      ks.store(out, "p12-pw".toCharArray());
    }
    byte[] m = sealFor(Recipient.of(alice.certificate()));
    JsonNode match =
        inspect(m, "--keystore", p12.toString(), "--storepass", "pass:p12-pw")
            .at("/recipients/0/localMatches/0");
    assertThat(match.get("subject").asString()).isEqualTo("CN=alice");
    assertThat(match.get("source").asString()).isEqualTo(p12.toString());
    List<String> prompts = new ArrayList<>();
    Cli.run(m, Cli.terminal("p12-pw", prompts), "inspect", "--keystore", p12.toString())
        .assertFails(2);
    assertThat(prompts).isEmpty();
  }
}
