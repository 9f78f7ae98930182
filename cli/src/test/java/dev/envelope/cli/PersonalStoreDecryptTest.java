package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.error.NoMatchingRecipientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CAPICOM flow: a PKCS #12 file made by {@code openssl pkcs12 -export} is imported into the
 * personal store, a message is encrypted {@code --to} an e-mail address, and {@code decrypt} opens
 * it with no key option.
 */
class PersonalStoreDecryptTest {
  private static final byte[] CONTENT = "found in the MY store\n".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path keys;
  static Path aliceP12;
  static Identity mallory;

  @TempDir Path home;
  @TempDir Path dir;
  Map<String, String> env;
  Path plain;
  Path out;

  @BeforeAll
  static void openssl() throws Exception {
    OpenSsl.assumeAvailable();
    OpenSsl.ok(
        keys,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=Alice Openssl/emailAddress=alice@example.com",
        "-addext",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "-days",
        "2",
        "-keyout",
        "alice.key",
        "-out",
        "alice.pem");
    OpenSsl.ok(
        keys,
        "pkcs12",
        "-export",
        "-inkey",
        "alice.key",
        "-in",
        "alice.pem",
        "-name",
        "Alice",
        "-passout",
        "pass:p12-secret",
        "-out",
        "alice.p12");
    aliceP12 = keys.resolve("alice.p12");
    mallory = Identity.create(keys, "mallory");
  }

  @BeforeEach
  void setUp() throws Exception {
    env = Cli.env("ENVELOPE_HOME", home.toString(), "ENVELOPE_STORE_PASS", "store-pw");
    plain = Files.write(dir.resolve("plain.txt"), CONTENT);
    out = dir.resolve("out.txt");
    Cli.runEnv(env, "store", "import", aliceP12.toString(), "--password", "pass:p12-secret")
        .assertOk();
  }

  private void assertNothingWritten() throws Exception {
    assertThat(out).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
    }
  }

  @Test
  void capicomFlow() throws Exception {
    assertThat(Cli.runEnv(env, "store", "list").assertOk().out())
        .contains("alice@example.com", "private key: yes", "RSA 2048");
    Path msg = dir.resolve("m.p7m");
    Cli.runEnv(env, "encrypt", plain.toString(), "-o", msg.toString(), "--to", "alice@example.com")
        .assertOk();
    Cli.runEnv(env, "decrypt", msg.toString(), "-o", out.toString()).assertOk();
    assertThat(out).hasBinaryContent(CONTENT);
    // openssl, with the original key, opens it too
    Cli.Result o =
        OpenSsl.ok(
            keys,
            "cms",
            "-decrypt",
            "-binary",
            "-inform",
            "DER",
            "-in",
            msg.toString(),
            "-recip",
            "alice.pem",
            "-inkey",
            "alice.key");
    assertThat(o.stdout()).isEqualTo(CONTENT);
    // and a message openssl made for the certificate opens from the store
    Path fromOpenssl = dir.resolve("o.p7m");
    OpenSsl.ok(
        keys,
        "cms",
        "-encrypt",
        "-binary",
        "-aes256",
        "-in",
        plain.toString(),
        "-outform",
        "PEM",
        "-out",
        fromOpenssl.toString(),
        "alice.pem");
    assertThat(Cli.runEnv(env, "decrypt", fromOpenssl.toString()).assertOk().stdout())
        .isEqualTo(CONTENT);
    // the store password from --storepass, with no variable
    assertThat(
            Cli.runEnv(
                    Cli.env("ENVELOPE_HOME", home.toString()),
                    "decrypt",
                    msg.toString(),
                    "--storepass",
                    "pass:store-pw")
                .assertOk()
                .stdout())
        .isEqualTo(CONTENT);
  }

  @Test
  void wrongStorePasswordIs2AndWritesNothing() throws Exception {
    Path msg = dir.resolve("m.p7m");
    Cli.runEnv(env, "encrypt", plain.toString(), "-o", msg.toString(), "--to", "alice@example.com")
        .assertOk();
    byte[] store = Files.readAllBytes(home.resolve("my.p12"));
    Cli.Result r =
        Cli.runEnv(
                Cli.env("ENVELOPE_HOME", home.toString(), "ENVELOPE_STORE_PASS", "wrong"),
                "decrypt",
                msg.toString(),
                "-o",
                out.toString())
            .assertFails(Exit.INPUT);
    assertThat(r.stderr()).contains("wrong password", "my.p12");
    assertNothingWritten();
    Cli.runEnv(env, "decrypt", msg.toString(), "-o", out.toString(), "--storepass", "pass:nope")
        .assertFails(Exit.INPUT);
    assertNothingWritten();
    // no password anywhere, and no terminal
    Cli.runEnv(Cli.env("ENVELOPE_HOME", home.toString()), "decrypt", msg.toString())
        .assertFails(Exit.INPUT);
    assertThat(home.resolve("my.p12")).hasBinaryContent(store);
  }

  @Test
  void aMessageForSomeoneElseIs4AndWritesNothing() throws Exception {
    Path msg = dir.resolve("m.p7m");
    Cli.runEnv(env, "encrypt", plain.toString(), "-o", msg.toString(), "--to", mallory.certArg())
        .assertOk();
    Cli.Result r =
        Cli.runEnv(env, "decrypt", msg.toString(), "-o", out.toString())
            .assertFails(Exit.DECRYPTION);
    assertThat(r.stderr()).doesNotContain("Exception");
    assertThat(new NoMatchingRecipientException("x").exitCode()).isEqualTo(Exit.DECRYPTION);
    assertNothingWritten();
  }

  @Test
  void storepassWithKeyOptionsIsAUsageError() throws Exception {
    Path msg = dir.resolve("m.p7m");
    Cli.runEnv(env, "encrypt", plain.toString(), "-o", msg.toString(), "--to", "alice@example.com")
        .assertOk();
    Cli.runEnv(
            env,
            "decrypt",
            msg.toString(),
            "--key",
            keys.resolve("alice.key").toString(),
            "--storepass",
            "pass:x")
        .assertFails(Exit.USAGE);
    // --keystore still works as before
    assertThat(
            Cli.runEnv(
                    env,
                    "decrypt",
                    msg.toString(),
                    "--keystore",
                    aliceP12.toString(),
                    "--storepass",
                    "pass:p12-secret")
                .assertOk()
                .stdout())
        .isEqualTo(CONTENT);
  }

  @Test
  void anEmptyPersonalStoreSaysSo() throws Exception {
    Cli.runEnv(env, "store", "remove", "alice@example.com").assertOk();
    Path msg = dir.resolve("m.p7m");
    Cli.runEnv(env, "encrypt", plain.toString(), "-o", msg.toString(), "--to", mallory.certArg())
        .assertOk();
    Cli.Result r = Cli.runEnv(env, "decrypt", msg.toString()).assertFails(Exit.INPUT);
    assertThat(r.stderr()).contains("holds no private key");
  }
}
