package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.x509.CertificateBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code encrypt --to QUERY}: recipients from the address book and the personal store, ambiguity,
 * {@code --all}, validity and keyUsage checks, {@code --trust}.
 */
class EncryptToQueryTest {
  private static final byte[] CONTENT = "for the right people\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path home;
  @TempDir Path dir;
  Map<String, String> env;
  Path plain;

  @BeforeEach
  void setUp() throws Exception {
    env = Cli.env("ENVELOPE_HOME", home.toString(), "ENVELOPE_STORE_PASS", "store-pw");
    plain = Files.write(dir.resolve("plain.txt"), CONTENT);
  }

  private Cli.Result run(String... args) {
    return Cli.runEnv(env, args);
  }

  /** Made with Bouncy Castle, which writes any dates and any keyUsage. */
  private static X509Certificate bcCert(
      KeyPair pair, String email, Instant notBefore, Instant notAfter, Integer keyUsage)
      throws Exception {
    X500Name name = new X500Name("CN=" + email);
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(System.nanoTime()),
            Date.from(notBefore),
            Date.from(notAfter),
            name,
            pair.getPublic());
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
    if (keyUsage != null) {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
  }

  private Path importCert(X509Certificate cert, String name) throws Exception {
    Path f = Files.writeString(dir.resolve(name + ".pem"), CertificateBuilder.toPem(cert));
    run("store", "import", f.toString()).assertOk();
    return f;
  }

  /** Creates a person in a home of their own; returns that home's environment. */
  private Map<String, String> person(String name) throws Exception {
    Path own = Files.createDirectory(dir.resolve(name + "-home"));
    Map<String, String> e =
        Cli.env("ENVELOPE_HOME", own.toString(), "ENVELOPE_STORE_PASS", name + "-pw");
    Cli.runEnv(
            e,
            "cert",
            "create",
            "--subject",
            "CN=" + name + ", O=Example",
            "--email",
            name + "@example.com",
            "--key",
            "rsa2048")
        .assertOk();
    Path pem = dir.resolve(name + ".pem");
    Cli.runEnv(e, "store", "export", name + "@example.com", "-o", pem.toString()).assertOk();
    run("store", "import", pem.toString()).assertOk();
    return e;
  }

  private byte[] decryptAs(Map<String, String> personEnv, Path message) {
    return Cli.runEnv(personEnv, "decrypt", message.toString()).assertOk().stdout();
  }

  @Test
  void byEmailFromTheAddressBookAndThePersonalStore() throws Exception {
    Map<String, String> bob = person("bob");
    run("cert", "create", "--subject", "CN=Me", "--email", "me@example.com", "--key", "rsa2048")
        .assertOk();
    Path msg = dir.resolve("m.p7m");
    run(
            "encrypt",
            plain.toString(),
            "-o",
            msg.toString(),
            "--to",
            "BOB@example.com",
            "--to",
            "me@example.com")
        .assertOk();
    assertThat(decryptAs(bob, msg)).isEqualTo(CONTENT);
    assertThat(decryptAs(env, msg)).isEqualTo(CONTENT);
  }

  @Test
  void ambiguousIs2ListingTheCandidatesUnlessAll() throws Exception {
    Map<String, String> bob = person("bob");
    Map<String, String> carol = person("carol");
    Path msg = dir.resolve("m.p7m");
    Cli.Result r =
        run("encrypt", plain.toString(), "-o", msg.toString(), "--to", "O=Example")
            .assertFails(Exit.INPUT);
    assertThat(r.stderr())
        .contains("matches 2 certificates", "CN=bob,O=Example", "CN=carol,O=Example", "--all");
    assertThat(msg).doesNotExist();
    run("encrypt", plain.toString(), "-o", msg.toString(), "--to", "O=Example", "--all").assertOk();
    assertThat(decryptAs(bob, msg)).isEqualTo(CONTENT);
    assertThat(decryptAs(carol, msg)).isEqualTo(CONTENT);
    run("encrypt", plain.toString(), "--to", "").assertFails(Exit.USAGE);
    Cli.Result none =
        run("encrypt", plain.toString(), "--to", "dave@example.com").assertFails(Exit.INPUT);
    assertThat(none.stderr()).contains("no certificate matches \"dave@example.com\"");
  }

  @Test
  void thumbprintsInAnyCaseWithColons() throws Exception {
    person("bob");
    String json = run("store", "find", "bob@example.com", "--json").assertOk().out();
    String sha256 = json.replaceAll("(?s).*\"sha256\":\"([0-9a-f]+)\".*", "$1");
    StringBuilder colons = new StringBuilder();
    for (int i = 0; i < sha256.length(); i += 2) {
      colons.append(i == 0 ? "" : ":").append(sha256, i, i + 2);
    }
    run("encrypt", plain.toString(), "--to", colons.toString().toUpperCase()).assertOk();
  }

  @Test
  void expiredNotYetValidAndWrongKeyUsageAreRefusedUnlessAllowed() throws Exception {
    KeyPair pair = CertificateBuilder.generateKeyPair("rsa2048");
    Instant now = Instant.now();
    Duration day = Duration.ofDays(1);
    importCert(
        bcCert(pair, "old@example.com", now.minus(day.multipliedBy(10)), now.minus(day), null),
        "old");
    importCert(
        bcCert(pair, "new@example.com", now.plus(day), now.plus(day.multipliedBy(10)), null),
        "new");
    importCert(
        bcCert(pair, "sig@example.com", now.minus(day), now.plus(day), KeyUsage.digitalSignature),
        "sig");
    importCert(
        bcCert(
            pair,
            "ok@example.com",
            now.minus(day),
            now.plus(day),
            KeyUsage.digitalSignature | KeyUsage.keyEncipherment),
        "ok");
    Path out = dir.resolve("m.p7m");
    for (String[] c :
        new String[][] {
          {"old@example.com", "expired on"},
          {"new@example.com", "not valid before"},
          {"sig@example.com", "keyUsage lacks keyEncipherment"}
        }) {
      Cli.Result r =
          run("encrypt", plain.toString(), "-o", out.toString(), "--to", c[0])
              .assertFails(Exit.INPUT);
      assertThat(r.stderr()).contains(c[1], "--allow-invalid-recipient", "CN=" + c[0]);
      assertThat(out).doesNotExist();
      Cli.Result allowed =
          run("encrypt", plain.toString(), "--to", c[0], "--allow-invalid-recipient").assertOk();
      assertThat(allowed.stderr()).startsWith("envelope: warning: ").contains(c[1]);
    }
    run("encrypt", plain.toString(), "--to", "ok@example.com").assertOk();
    // a certificate file is checked too
    run("encrypt", plain.toString(), "--to", dir.resolve("old.pem").toString())
        .assertFails(Exit.INPUT);
  }

  @Test
  void trustAddsAPathCheckWithTheReason() throws Exception {
    run("cert", "create", "--subject", "CN=Corp CA", "--ca", "--key", "ec-p256").assertOk();
    run(
            "cert",
            "create",
            "--subject",
            "CN=Erin",
            "--email",
            "erin@example.com",
            "--key",
            "rsa2048",
            "--issuer",
            "Corp CA")
        .assertOk();
    run("cert", "create", "--subject", "CN=Self", "--email", "self@example.com", "--key", "rsa2048")
        .assertOk();
    Path ca = dir.resolve("ca.pem");
    run("store", "export", "CN=Corp CA", "-o", ca.toString()).assertOk();
    run("encrypt", plain.toString(), "--to", "erin@example.com", "--trust", ca.toString())
        .assertOk();
    Cli.Result r =
        run("encrypt", plain.toString(), "--to", "self@example.com", "--trust", ca.toString())
            .assertFails(Exit.INPUT);
    assertThat(r.stderr()).contains("CN=Self", "no trusted path");
    run("encrypt", plain.toString(), "--to", "erin@example.com", "--trust", "missing.pem")
        .assertFails(Exit.INPUT);
  }

  @Test
  void queriesNeedTheStorePasswordOnlyWhenStoresExist() throws Exception {
    person("bob");
    Cli.Result wrong =
        Cli.runEnv(
                Cli.env("ENVELOPE_HOME", home.toString(), "ENVELOPE_STORE_PASS", "wrong"),
                "encrypt",
                plain.toString(),
                "--to",
                "bob@example.com")
            .assertFails(Exit.INPUT);
    assertThat(wrong.stderr()).contains("wrong password");
    Cli.runEnv(
            Cli.env("ENVELOPE_HOME", home.toString()),
            "encrypt",
            plain.toString(),
            "--to",
            "bob@example.com",
            "--storepass",
            "pass:store-pw")
        .assertOk();
    // a certificate file needs no store and no password
    Cli.runEnv(
            Cli.env("ENVELOPE_HOME", home.toString()),
            "encrypt",
            plain.toString(),
            "--to",
            dir.resolve("bob.pem").toString())
        .assertOk();
    assertThat(run("encrypt", "--help").assertOk().out())
        .contains("--allow-invalid-recipient", "--trust", "--all", "bob@example.com");
  }
}
