package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code openssl cms -encrypt} makes, {@code envelope decrypt} opens, with any key form. */
class DecryptInteropTest {
  private static final byte[] CONTENT =
      "made by openssl, opened by envelope\n".getBytes(StandardCharsets.UTF_8);
  private static final String[] OAEP = {
    "-keyopt",
    "rsa_padding_mode:oaep",
    "-keyopt",
    "rsa_oaep_md:sha256",
    "-keyopt",
    "rsa_mgf1_md:sha256"
  };

  @TempDir static Path dir;
  static Identity alice;
  static Identity bob;
  static Identity carol;
  static Path content;

  @BeforeAll
  static void identities() throws Exception {
    OpenSsl.assumeAvailable();
    alice = Identity.openssl(dir, "alice");
    bob = Identity.openssl(dir, "bob");
    carol = Identity.openssl(dir, "carol");
    content = dir.resolve("content.txt");
    Files.write(content, CONTENT);
  }

  /** {@code openssl cms -encrypt} with the extra options, DER out; returns the message file. */
  private static Path opensslEncrypt(String name, String... options) {
    Path out = dir.resolve(name);
    List<String> args =
        new ArrayList<>(
            List.of(
                "cms", "-encrypt", "-binary", "-in", content.toString(), "-out", out.toString()));
    args.addAll(List.of(options));
    if (!args.contains("-outform")) {
      args.addAll(List.of("-outform", "DER"));
    }
    OpenSsl.ok(dir, args.toArray(String[]::new));
    return out;
  }

  private static Cli.Result decrypt(Path message, String... keyOptions) {
    List<String> args = new ArrayList<>(List.of("decrypt", message.toString()));
    args.addAll(List.of(keyOptions));
    return Cli.run(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "-aes-128-cbc",
        "-aes-192-cbc",
        "-aes-256-cbc",
        "-des3",
        "-aes-128-gcm",
        "-aes-192-gcm",
        "-aes-256-gcm"
      })
  void cipherWithKeyAndCert(String cipher) {
    Path m = opensslEncrypt("c" + cipher + ".p7m", cipher, "-recip", alice.certArg());
    Cli.Result r = decrypt(m, "--key", alice.keyArg(), "--cert", alice.certArg()).assertOk();
    assertThat(r.stdout()).isEqualTo(CONTENT);
    if (cipher.endsWith("gcm")) {
      assertThat(r.stderr()).isEmpty();
    } else {
      // EnvelopedData: one line that says the content was not authenticated
      assertThat(r.errLines()).singleElement().asString().contains("not authenticated", "Efail");
    }
  }

  @Test
  void quietDropsTheWarning() {
    Path m = opensslEncrypt("quiet.p7m", "-aes-256-cbc", "-recip", alice.certArg());
    Cli.Result r = Cli.run("decrypt", m.toString(), "--key", alice.keyArg(), "--quiet");
    r.assertOk();
    assertThat(r.stderr()).isEmpty();
    assertThat(r.stdout()).isEqualTo(CONTENT);
  }

  @Test
  void oaepWithKeyOnly() {
    List<String> opts = new ArrayList<>(List.of("-aes-256-gcm", "-recip", alice.certArg()));
    opts.addAll(List.of(OAEP));
    Path m = opensslEncrypt("oaep.p7m", opts.toArray(String[]::new));
    assertThat(decrypt(m, "--key", alice.keyArg()).assertOk().stdout()).isEqualTo(CONTENT);
  }

  @Test
  void subjectKeyIdentifierRecipients() {
    Path m = opensslEncrypt("keyid.p7m", "-aes-256-cbc", "-keyid", "-recip", bob.certArg());
    assertThat(Cli.run("inspect", m.toString()).assertOk().out()).contains("ski=");
    assertThat(decrypt(m, "--key", bob.keyArg(), "--cert", bob.certArg(), "-q").stdout())
        .isEqualTo(CONTENT);
    assertThat(decrypt(m, "--key", bob.keyArg(), "-q").stdout()).isEqualTo(CONTENT);
  }

  @Test
  void threeRecipientsInPemEachOpens() {
    List<String> opts = new ArrayList<>(List.of("-aes-128-gcm", "-outform", "PEM"));
    opts.addAll(List.of("-recip", alice.certArg()));
    opts.addAll(List.of(OAEP));
    opts.addAll(List.of("-recip", bob.certArg(), "-recip", carol.certArg()));
    Path m = opensslEncrypt("three.pem", opts.toArray(String[]::new));
    for (Identity who : List.of(alice, bob, carol)) {
      assertThat(decrypt(m, "--key", who.keyArg(), "--cert", who.certArg()).assertOk().stdout())
          .as(who.name())
          .isEqualTo(CONTENT);
      assertThat(decrypt(m, "--key", who.keyArg()).assertOk().stdout())
          .as(who.name() + " without certificate")
          .isEqualTo(CONTENT);
    }
    // several keys at once, the right one last
    assertThat(
            decrypt(m, "--key", carol.keyArg(), "--cert", carol.certArg(), "--key", alice.keyArg())
                .assertOk()
                .stdout())
        .isEqualTo(CONTENT);
  }

  @Test
  void pkcs12FromOpensslWithStorepassInAllThreeForms() throws Exception {
    OpenSsl.ok(
        dir,
        "pkcs12",
        "-export",
        "-inkey",
        alice.keyArg(),
        "-in",
        alice.certArg(),
        "-name",
        "alice",
        "-passout",
        "pass:p12-secret",
        "-out",
        "alice.p12");
    Path p12 = dir.resolve("alice.p12");
    Path passFile = dir.resolve("p12.pass");
    Files.writeString(passFile, "p12-secret\n");
    Path m = opensslEncrypt("p12.p7m", "-aes-256-gcm", "-recip", alice.certArg());
    for (String spec : List.of("pass:p12-secret", "file:" + passFile, "env:PATH")) {
      Cli.Result r = decrypt(m, "--keystore", p12.toString(), "--storepass", spec);
      if (spec.startsWith("env:")) {
        // PATH is not the password: the store says so, as an unreadable-key-store failure
        r.assertFails(Exit.INPUT);
        assertThat(r.stderr()).contains("alice.p12");
      } else {
        assertThat(r.assertOk().stdout()).as(spec).isEqualTo(CONTENT);
      }
    }
  }

  @Test
  void jksKeyStore() throws Exception {
    KeyStore jks = KeyStore.getInstance("JKS");
    jks.load(null, null);
    char[] pw = "jks-secret".toCharArray();
    jks.setKeyEntry("bob", bob.privateKey(), pw, new Certificate[] {bob.certificate()});
    Path file = dir.resolve("bob.jks");
    try (OutputStream out = Files.newOutputStream(file)) {
      jks.store(out, pw);
    }
    Path m = opensslEncrypt("jks.p7m", "-aes-256-cbc", "-recip", bob.certArg());
    Cli.Result r =
        decrypt(m, "--keystore", file.toString(), "--storepass", "pass:jks-secret", "-q");
    assertThat(r.assertOk().stdout()).isEqualTo(CONTENT);
  }

  @Test
  void encryptedPkcs8WithKeypassAndWithPrompt() {
    OpenSsl.ok(
        dir,
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-in",
        carol.keyArg(),
        "-passout",
        "pass:kp",
        "-out",
        "carol.enc.key");
    Path key = dir.resolve("carol.enc.key");
    Path m = opensslEncrypt("enc.p7m", "-aes-256-gcm", "-recip", carol.certArg());
    assertThat(decrypt(m, "--key", key.toString(), "--keypass", "pass:kp").assertOk().stdout())
        .isEqualTo(CONTENT);

    List<String> prompts = new ArrayList<>();
    Cli.Result prompted =
        Cli.run(
            new byte[0],
            Cli.terminal("kp", prompts),
            "decrypt",
            m.toString(),
            "--key",
            key.toString());
    assertThat(prompted.assertOk().stdout()).isEqualTo(CONTENT);
    assertThat(prompts).singleElement().asString().contains("carol.enc.key");

    // no password and no terminal: say how to give one
    decrypt(m, "--key", key.toString()).assertFails(Exit.INPUT);
    assertThat(decrypt(m, "--key", key.toString()).stderr()).contains("--keypass");
    decrypt(m, "--key", key.toString(), "--keypass", "pass:wrong").assertFails(Exit.INPUT);
  }

  @Test
  void pkcs1RsaPrivateKey() {
    OpenSsl.ok(dir, "rsa", "-in", alice.keyArg(), "-traditional", "-out", "alice.rsa.pem");
    Path m = opensslEncrypt("pkcs1.p7m", "-aes-128-gcm", "-recip", alice.certArg());
    assertThat(
            decrypt(m, "--key", dir.resolve("alice.rsa.pem").toString(), "--cert", alice.certArg())
                .assertOk()
                .stdout())
        .isEqualTo(CONTENT);
  }

  @Test
  void derKeyAndDerCertificate() {
    OpenSsl.ok(
        dir,
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        bob.keyArg(),
        "-outform",
        "DER",
        "-out",
        "bob.key.der");
    OpenSsl.ok(dir, "x509", "-in", bob.certArg(), "-outform", "DER", "-out", "bob.cer");
    Path m = opensslEncrypt("der.p7m", "-aes-256-gcm", "-recip", bob.certArg());
    assertThat(
            decrypt(
                    m,
                    "--key",
                    dir.resolve("bob.key.der").toString(),
                    "--cert",
                    dir.resolve("bob.cer").toString())
                .assertOk()
                .stdout())
        .isEqualTo(CONTENT);
  }

  @Test
  void toAFileAndFromStandardInput() throws Exception {
    Path m = opensslEncrypt("file.p7m", "-aes-256-gcm", "-recip", alice.certArg());
    Path out = dir.resolve("file.out");
    Cli.Result r =
        Cli.run(
            Files.readAllBytes(m), "decrypt", "-", "-o", out.toString(), "--key", alice.keyArg());
    r.assertOk();
    assertThat(r.stdout()).isEmpty();
    assertThat(out).hasBinaryContent(CONTENT);
  }
}
