package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.store.CertificateFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cert create} for keys that cannot sign (X25519, X448, ML-KEM): signed by the personal
 * store's local CA (made once, then reused) or by {@code --issuer}; and ML-KEM certificates used
 * end to end by {@code encrypt --to} and {@code decrypt} from the personal store.
 */
class MlKemCliTest {
  private static final byte[] CONTENT =
      "sealed for a post-quantum key\n".getBytes(StandardCharsets.UTF_8);

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

  private X509Certificate export(String query, String name) throws Exception {
    Path pem = dir.resolve(name + ".pem");
    run("store", "export", query, "-o", pem.toString()).assertOk();
    return CertificateFiles.read(pem).get(0);
  }

  private static String localCaLine(String out) {
    return out.lines().filter(l -> l.startsWith("created the local CA")).findFirst().orElse(null);
  }

  @Test
  void mlKem768ByTheLocalCaCreatedOnceThenReused() throws Exception {
    Cli.Result first =
        run(
                "cert",
                "create",
                "--subject",
                "CN=Dan",
                "--email",
                "dan@example.com",
                "--key",
                "ml-kem-768")
            .assertOk();
    assertThat(localCaLine(first.out()))
        .isNotNull()
        .contains("the personal store", "CN=Envelope local CA (");
    assertThat(first.out()).contains("created in the personal store", "CN=Dan");
    Cli.Result second =
        run("cert", "create", "--subject", "CN=Erin", "--key", "ml-kem-1024").assertOk();
    assertThat(localCaLine(second.out())).as("the local CA is reused").isNull();

    // one local CA in the store, and both certificates signed by it
    String list = run("store", "list").assertOk().out();
    assertThat(list.lines().filter(l -> l.matches("subject: +CN=Envelope local CA .*"))).hasSize(1);
    X509Certificate ca = export("Envelope local CA", "ca");
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    X509Certificate dan = export("dan@example.com", "dan");
    X509Certificate erin = export("CN=Erin", "erin");
    for (X509Certificate c : new X509Certificate[] {dan, erin}) {
      assertThat(c.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
      c.verify(ca.getPublicKey());
      // RFC 9935: keyEncipherment only
      boolean[] ku = c.getKeyUsage();
      assertThat(ku[2]).as("keyEncipherment").isTrue();
      assertThat(ku[0] || ku[1] || ku[3] || ku[4] || ku[5] || ku[6]).isFalse();
      assertThat(c.getBasicConstraints()).isEqualTo(-1);
    }
    assertThat(run("store", "find", "dan@example.com", "--json").assertOk().out())
        .contains("\"keyType\":\"ML-KEM-768\"", "\"hasPrivateKey\":true")
        .contains("\"keyUsage\":[\"keyEncipherment\"]");

    // encrypt --to the query, decrypt with the key from the personal store (no key option)
    Path plain = Files.write(dir.resolve("plain.txt"), CONTENT);
    Path msg = dir.resolve("m.p7m");
    run("encrypt", plain.toString(), "-o", msg.toString(), "--to", "dan@example.com").assertOk();
    String inspect = run("inspect", msg.toString()).assertOk().out();
    assertThat(inspect.toLowerCase()).contains("ml-kem-768");
    assertThat(run("decrypt", msg.toString()).assertOk().out())
        .isEqualTo(new String(CONTENT, StandardCharsets.UTF_8));
    // to the exported certificate file as well, and for both ML-KEM recipients at once
    Path msg2 = dir.resolve("m2.p7m");
    run(
            "encrypt",
            plain.toString(),
            "-o",
            msg2.toString(),
            "--to",
            dir.resolve("dan.pem").toString(),
            "--to",
            "CN=Erin")
        .assertOk();
    assertThat(run("decrypt", msg2.toString()).assertOk().out())
        .isEqualTo(new String(CONTENT, StandardCharsets.UTF_8));

    // a modified message: exit 4, one line
    byte[] bytes = Files.readAllBytes(msg);
    bytes[bytes.length - 20] ^= 1;
    Path bad = Files.write(dir.resolve("bad.p7m"), bytes);
    run("decrypt", bad.toString(), "-o", dir.resolve("out.txt").toString())
        .assertFails(Exit.DECRYPTION);
    assertThat(dir.resolve("out.txt")).doesNotExist();
  }

  @Test
  void byAnIssuerOfThePersonalStore() throws Exception {
    run("cert", "create", "--subject", "CN=Team CA", "--ca", "--key", "rsa2048").assertOk();
    Cli.Result r =
        run(
                "cert",
                "create",
                "--subject",
                "CN=Fay",
                "--email",
                "fay@example.com",
                "--key",
                "ml-kem-512",
                "--issuer",
                "Team CA")
            .assertOk();
    assertThat(localCaLine(r.out())).isNull();
    assertThat(run("store", "list").assertOk().out()).doesNotContain("Envelope local CA");
    X509Certificate fay = export("fay@example.com", "fay");
    X509Certificate ca = export("CN=Team CA", "team");
    assertThat(fay.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    fay.verify(ca.getPublicKey());

    Path plain = Files.write(dir.resolve("plain.txt"), CONTENT);
    Path msg = dir.resolve("m.p7m");
    run("encrypt", plain.toString(), "-o", msg.toString(), "--to", "fay@example.com").assertOk();
    assertThat(run("decrypt", msg.toString()).assertOk().out())
        .isEqualTo(new String(CONTENT, StandardCharsets.UTF_8));
    // an issuer that is no CA: exit 2
    run("cert", "create", "--subject", "CN=G", "--key", "ml-kem-768", "--issuer", "fay@example.com")
        .assertFails(Exit.INPUT);
  }

  @Test
  void x25519AndX448CertificatesByTheLocalCa() throws Exception {
    Cli.Result r =
        run(
                "cert",
                "create",
                "--subject",
                "CN=Xavier",
                "--email",
                "x@example.com",
                "--key",
                "x25519")
            .assertOk();
    assertThat(localCaLine(r.out())).isNotNull();
    r = run("cert", "create", "--subject", "CN=Yann", "--key", "x448").assertOk();
    assertThat(localCaLine(r.out())).isNull();
    X509Certificate ca = export("Envelope local CA", "ca");
    for (String q : new String[] {"x@example.com", "CN=Yann"}) {
      X509Certificate c = export(q, q.replaceAll("\\W", ""));
      c.verify(ca.getPublicKey());
      boolean[] ku = c.getKeyUsage();
      assertThat(ku[4]).as("keyAgreement").isTrue();
      assertThat(ku[0] || ku[2] || ku[5]).isFalse();
    }
    assertThat(run("store", "find", "x@example.com", "--json").assertOk().out())
        .contains("\"keyType\":\"X25519\"", "\"hasPrivateKey\":true");
    assertThat(run("store", "find", "CN=Yann", "--json").assertOk().out())
        .contains("\"keyType\":\"X448\"", "\"hasPrivateKey\":true");
  }

  @Test
  void toAPkcs12FileSignedByTheLocalCa() throws Exception {
    Path p12 = dir.resolve("kem.p12");
    Cli.Result r =
        run("cert", "create", "--subject", "CN=Gus", "--key", "ml-kem-768", "-o", p12.toString())
            .assertOk();
    assertThat(localCaLine(r.out())).isNotNull();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(p12)) {
      ks.load(in, "store-pw".toCharArray());
    }
    String alias = ks.aliases().nextElement();
    assertThat(ks.getKey(alias, "store-pw".toCharArray()).getAlgorithm()).startsWith("ML-KEM");
    assertThat(ks.getCertificateChain(alias)).hasSize(2);
    // the file's key decrypts what is sealed for its certificate
    Path plain = Files.write(dir.resolve("plain.txt"), CONTENT);
    Path msg = dir.resolve("m.p7m");
    Path cert = dir.resolve("gus.pem");
    Files.writeString(
        cert,
        dev.envelope.x509.CertificateBuilder.toPem((X509Certificate) ks.getCertificate(alias)));
    run("encrypt", plain.toString(), "-o", msg.toString(), "--to", cert.toString()).assertOk();
    assertThat(
            run(
                    "decrypt",
                    msg.toString(),
                    "--keystore",
                    p12.toString(),
                    "--storepass",
                    "pass:store-pw")
                .assertOk()
                .out())
        .isEqualTo(new String(CONTENT, StandardCharsets.UTF_8));
  }
}
