package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.store.CertificateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envelope cert create}: into the personal store, or to a file; self-signed or by a CA. */
class CertCreateTest {
  @TempDir Path home;
  @TempDir Path dir;
  Map<String, String> env;

  @BeforeEach
  void setUp() {
    env = Cli.env("ENVELOPE_HOME", home.toString(), "ENVELOPE_STORE_PASS", "store-pw");
  }

  private Cli.Result run(String... args) {
    return Cli.runEnv(env, args);
  }

  @Test
  void intoThePersonalStoreWithItsKey() {
    Cli.Result r =
        run(
                "cert",
                "create",
                "--subject",
                "CN=Alice, O=Example",
                "--email",
                "alice@example.com",
                "--key",
                "rsa2048",
                "--days",
                "30")
            .assertOk();
    assertThat(r.out())
        .startsWith("created in the personal store (" + home.resolve("my.p12"))
        .contains("CN=Alice,O=Example", "with private key");
    String json = run("store", "find", "alice@example.com", "--json").assertOk().out();
    assertThat(json)
        .contains("\"keyType\":\"RSA 2048\"", "\"hasPrivateKey\":true")
        .contains("\"keyUsage\":[\"digitalSignature\",\"keyEncipherment\"]");
    run("cert", "create", "--subject", "CN=Eve", "--key", "ec-p384").assertOk();
    assertThat(run("store", "find", "CN=Eve").assertOk().out())
        .contains("EC P-384", "digitalSignature, keyAgreement");
  }

  @Test
  void theDefaultKeyIsRsa3072() {
    run("cert", "create", "--subject", "CN=Default").assertOk();
    assertThat(run("store", "list").assertOk().out()).contains("RSA 3072");
  }

  @Test
  void signedByACaOfThePersonalStore() throws Exception {
    run("cert", "create", "--subject", "CN=Example CA", "--ca", "--key", "ec-p256").assertOk();
    run(
            "cert",
            "create",
            "--subject",
            "CN=Bob",
            "--email",
            "bob@example.com",
            "--key",
            "rsa2048",
            "--issuer",
            "Example CA")
        .assertOk();
    Path bob = dir.resolve("bob.pem");
    run("store", "export", "bob@example.com", "-o", bob.toString()).assertOk();
    X509Certificate cert = CertificateFiles.read(bob).get(0);
    assertThat(cert.getIssuerX500Principal().getName()).isEqualTo("CN=Example CA");
    Path ca = dir.resolve("ca.pem");
    run("store", "export", "CN=Example CA", "-o", ca.toString()).assertOk();
    cert.verify(CertificateFiles.read(ca).get(0).getPublicKey());
    // an issuer that is not a CA, or not there
    Cli.Result notCa =
        run(
                "cert",
                "create",
                "--subject",
                "CN=X",
                "--key",
                "rsa2048",
                "--issuer",
                "bob@example.com")
            .assertFails(Exit.INPUT);
    assertThat(notCa.stderr()).contains("not a CA");
    run("cert", "create", "--subject", "CN=X", "--key", "rsa2048", "--issuer", "nobody")
        .assertFails(Exit.INPUT);
  }

  @Test
  void toAPkcs12File() throws Exception {
    Path p12 = dir.resolve("carol.p12");
    run("cert", "create", "--subject", "CN=Carol", "--key", "ec-p256", "-o", p12.toString())
        .assertOk();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(p12)) {
      ks.load(in, "store-pw".toCharArray());
    }
    String alias = ks.aliases().nextElement();
    assertThat(ks.getKey(alias, "store-pw".toCharArray()).getAlgorithm()).isEqualTo("EC");
    assertThat(home.resolve("my.p12")).doesNotExist();
    // and it imports
    run("store", "import", p12.toString(), "--password", "pass:store-pw").assertOk();
    assertThat(run("store", "list").assertOk().out()).contains("CN=Carol", "private key: yes");
    // never over an existing file without --force
    run("cert", "create", "--subject", "CN=Carol", "-o", p12.toString()).assertFails(Exit.OUTPUT);
  }

  @Test
  void toAPemFile() throws Exception {
    Path pem = dir.resolve("dave.pem");
    run("cert", "create", "--subject", "CN=Dave", "--key", "rsa2048", "-o", pem.toString())
        .assertOk();
    String text = Files.readString(pem);
    assertThat(text).contains("-----BEGIN CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----");
    // the same file works as --to and as --key
    Path plain = Files.writeString(dir.resolve("plain.txt"), "hello dave\n");
    Path msg = dir.resolve("m.p7m");
    run("encrypt", plain.toString(), "-o", msg.toString(), "--to", pem.toString()).assertOk();
    assertThat(
            run("decrypt", msg.toString(), "--key", pem.toString(), "--cert", pem.toString())
                .assertOk()
                .out())
        .isEqualTo("hello dave\n");
  }

  @Test
  void badValuesAre1() {
    for (String k : new String[] {"x25519", "x448", "ml-kem-768"}) {
      Cli.Result r =
          run("cert", "create", "--subject", "CN=X", "--key", k, "--ca").assertFails(Exit.USAGE);
      assertThat(r.stderr()).contains("--ca needs a key that can sign");
    }
    run("cert", "create", "--subject", "CN=X", "--key", "dsa1024").assertFails(Exit.USAGE);
    run("cert", "create", "--subject", "not a name").assertFails(Exit.USAGE);
    run("cert", "create", "--subject", "CN=X", "--days", "0").assertFails(Exit.USAGE);
    run("cert", "create", "--subject", "CN=X", "-o", dir.resolve("x.txt").toString())
        .assertFails(Exit.USAGE);
    run("cert", "create").assertFails(Exit.USAGE);
    assertThat(home.resolve("my.p12")).doesNotExist();
    assertThat(run("cert", "create", "--help").assertOk().out()).contains("Examples:", ".pem");
  }
}
