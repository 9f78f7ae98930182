package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.armor.Armor;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.EnvelopeReader;
import dev.envelope.interop.KeyAgreePki;
import dev.envelope.recipient.MlKemFixtures;
import dev.envelope.x509.CertificateBuilder;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code envelope recipients add} and {@code remove}: an EC (P-256) recipient added to an RSA
 * message opens in {@code openssl cms} with the EC key, for AES-256-CBC EnvelopedData and
 * AES-256-GCM AuthEnvelopedData, with the encrypted content byte for byte as before; a removed
 * recipient can no longer open it while the others can (openssl agrees); password, X25519 and
 * ML-KEM recipients added; standard input to standard output keeps BER. Negative twins: a wrong key
 * or a modified message is exit 4 with nothing written; a removal that matches nothing, or of every
 * entry, exit 1; the input as output exit 5. And 64 MiB through a child JVM with a 32 MiB heap.
 */
class RecipientsCommandTest {
  private static final byte[] CONTENT =
      "re-addressed: the same ciphertext, new recipients\n"
          .repeat(100)
          .getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  static Path content;
  static Identity alice;
  static Identity bob;
  static Path ecCert;
  static Path ecKey;
  private static int counter;

  @BeforeAll
  static void setUp() throws Exception {
    content = Files.write(dir.resolve("content.txt"), CONTENT);
    alice = Identity.create(dir, "alice");
    bob = Identity.create(dir, "bob");
    var ec = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate ecCertificate = CertificateBuilder.forSubject("CN=Erin EC").selfSigned(ec);
    ecCert = write("erin.pem", CertificateBuilder.toPem(ecCertificate));
    ecKey = write("erin.key", Identity.pkcs8Pem(ec.getPrivate().getEncoded()));
  }

  private static Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private static Path fresh(String name) {
    return dir.resolve(name + "-" + (++counter));
  }

  private static Path encrypt(String cipher, Identity... to) {
    Path out = fresh("msg");
    List<String> args =
        new ArrayList<>(
            List.of("encrypt", content.toString(), "-o", out.toString(), "--cipher", cipher));
    for (Identity id : to) {
      args.add("--to");
      args.add(id.certArg());
    }
    Cli.run(args.toArray(String[]::new)).assertOk();
    return out;
  }

  private static Cli.Result recipients(String... args) {
    List<String> all = new ArrayList<>(List.of("recipients"));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private static void opens(Path message, String... keyOptions) throws Exception {
    Path out = fresh("plain");
    List<String> args =
        new ArrayList<>(List.of("decrypt", message.toString(), "-o", out.toString()));
    args.addAll(List.of(keyOptions));
    Cli.run(args.toArray(String[]::new)).assertOk();
    assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);
  }

  private static Cli.Result opensslDecrypt(Path message, Path cert, Path key) {
    return OpenSsl.run(
        dir,
        new byte[0],
        "cms",
        "-decrypt",
        "-binary",
        "-inform",
        "DER",
        "-in",
        message.toString(),
        "-recip",
        cert.toString(),
        "-inkey",
        key.toString());
  }

  /** The encrypted content octets, read with the project's own reader. */
  static byte[] encryptedContent(byte[] message) throws Exception {
    EnvelopeReader r =
        EnvelopeReader.open(Armor.decoding(new ByteArrayInputStream(message)), CmsLimits.DEFAULT);
    byte[] c = r.encryptedContent().readAllBytes();
    r.finish();
    return c;
  }

  static int entries(Path message) throws Exception {
    EnvelopeReader r =
        EnvelopeReader.open(Armor.decoding(Files.newInputStream(message)), CmsLimits.DEFAULT);
    r.finish();
    return r.header().recipientInfos().size();
  }

  private static void assertNothingLeft(Path out) throws Exception {
    assertThat(out).doesNotExist();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files)
          .noneMatch(p -> p.getFileName().toString().startsWith("." + out.getFileName()));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"aes-256-cbc", "aes-256-gcm"})
  void addsAnEcRecipientThatOpensslOpens(String cipher) throws Exception {
    OpenSsl.assumeAvailable();
    Path before = encrypt(cipher, alice);
    Path after = fresh("added");
    recipients(
            "add",
            before.toString(),
            "-o",
            after.toString(),
            "--to",
            ecCert.toString(),
            "--key",
            alice.keyArg(),
            "--cert",
            alice.certArg())
        .assertOk();
    assertThat(encryptedContent(Files.readAllBytes(after)))
        .as("encrypted content")
        .isEqualTo(encryptedContent(Files.readAllBytes(before)));
    assertThat(entries(after)).isEqualTo(2);
    Cli.Result r = opensslDecrypt(after, ecCert, ecKey);
    assertThat(r.code()).as(r.stderr()).isZero();
    assertThat(r.stdout()).isEqualTo(CONTENT);
    assertThat(opensslDecrypt(after, alice.cert(), alice.key()).stdout()).isEqualTo(CONTENT);
    opens(after, "--key", ecKey.toString());
    opens(after, "--key", alice.keyArg());
  }

  @Test
  void aRemovedRecipientCanNoLongerOpenIt() throws Exception {
    OpenSsl.assumeAvailable();
    Path before = encrypt("aes-256-cbc", alice, bob);
    Path after = fresh("removed");
    recipients("remove", before.toString(), "-o", after.toString(), "--recipient", bob.certArg())
        .assertOk();
    assertThat(entries(after)).isEqualTo(1);
    assertThat(encryptedContent(Files.readAllBytes(after)))
        .isEqualTo(encryptedContent(Files.readAllBytes(before)));
    Path out = fresh("bob-out");
    Cli.run("decrypt", after.toString(), "-o", out.toString(), "--key", bob.keyArg())
        .assertFails(4);
    assertNothingLeft(out);
    assertThat(opensslDecrypt(after, bob.cert(), bob.key()).code()).isNotZero();
    opens(after, "--key", alice.keyArg());
    assertThat(opensslDecrypt(after, alice.cert(), alice.key()).stdout()).isEqualTo(CONTENT);

    // by the number inspect shows
    String listing = Cli.run("inspect", before.toString()).assertOk().out();
    assertThat(listing).contains("[0]", "[1]");
    Path byIndex = fresh("by-index");
    recipients("remove", before.toString(), "-o", byIndex.toString(), "--recipient", "#0")
        .assertOk();
    assertThat(entries(byIndex)).isEqualTo(1);
  }

  @Test
  void addsPasswordKekX25519AndMlKemRecipients() throws Exception {
    Path before = encrypt("aes-256-gcm", alice);
    var x = KeyAgreePki.identity("x25519", "readdress-cli-x25519");
    MlKemFixtures.KemIdentity kem = MlKemFixtures.identity("ml-kem-768");
    Path xCert = write("x25519.pem", CertificateBuilder.toPem(x.certificate()));
    Path xKey = write("x25519.key", Identity.pkcs8Pem(x.privateKey().getEncoded()));
    Path kemCert = write("kem.pem", CertificateBuilder.toPem(kem.certificate()));
    Path kemKey = write("kem.key", Identity.pkcs8Pem(kem.privateKey().getEncoded()));
    Path after = fresh("added-kinds");
    String kek = "00112233445566778899aabbccddeeff";
    recipients(
            "add",
            before.toString(),
            "-o",
            after.toString(),
            "--to",
            xCert.toString(),
            "--to",
            kemCert.toString(),
            "--to-password",
            "pass:new password",
            "--to-kek-id",
            "c0fee0",
            "--to-kek",
            "pass:" + kek,
            "--key",
            alice.keyArg())
        .assertOk();
    assertThat(entries(after)).isEqualTo(5);
    opens(after, "--password", "pass:new password");
    opens(after, "--kek-id", "c0fee0", "--kek", "pass:" + kek);
    opens(after, "--key", xKey.toString());
    opens(after, "--key", kemKey.toString());
    // a password recipient can in turn add someone, and openssl reads the password entry
    Path again = fresh("added-by-password");
    recipients(
            "add",
            after.toString(),
            "-o",
            again.toString(),
            "--to",
            bob.certArg(),
            "--password",
            "pass:new password")
        .assertOk();
    opens(again, "--key", bob.keyArg());
  }

  @Test
  void standardInputToStandardOutputKeepsBer() throws Exception {
    Cli.Result sealed = Cli.run(CONTENT, "encrypt", "--to", alice.certArg());
    sealed.assertOk();
    assertThat(sealed.stdout()[1]).isEqualTo((byte) 0x80); // BER from standard input
    Cli.Result added =
        Cli.run(
            sealed.stdout(), "recipients", "add", "--to", bob.certArg(), "--key", alice.keyArg());
    added.assertOk();
    assertThat(added.stdout()[1]).isEqualTo((byte) 0x80);
    assertThat(encryptedContent(added.stdout())).isEqualTo(encryptedContent(sealed.stdout()));
    Cli.Result opened = Cli.run(added.stdout(), "decrypt", "--key", bob.keyArg());
    opened.assertOk();
    assertThat(opened.stdout()).isEqualTo(CONTENT);
    Cli.Result pem =
        Cli.run(added.stdout(), "recipients", "remove", "--recipient", "#0", "--format", "pem");
    pem.assertOk();
    assertThat(pem.out()).startsWith("-----BEGIN CMS-----");
  }

  // ---------------------------------------------------------------------------------------------
  // negative twins

  @Test
  void aWrongKeyIsExit4WithNothingWritten() throws Exception {
    Path before = encrypt("aes-256-gcm", alice);
    Path out = fresh("wrong-key");
    recipients(
            "add",
            before.toString(),
            "-o",
            out.toString(),
            "--to",
            ecCert.toString(),
            "--key",
            bob.keyArg())
        .assertFails(4);
    assertNothingLeft(out);
    // nothing on standard output either
    Cli.run(
            Files.readAllBytes(before),
            "recipients",
            "add",
            "--to",
            ecCert.toString(),
            "--key",
            bob.keyArg())
        .assertFails(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aes-256-gcm", "aes-256-cbc"})
  void aModifiedMessageIsExit4WithNothingWritten(String cipher) throws Exception {
    Path before = encrypt(cipher, alice);
    byte[] m = Files.readAllBytes(before);
    byte[] c = encryptedContent(m);
    // DER from a file: the content is one primitive OCTET STRING; flip its last byte
    int at = indexOf(m, c) + c.length - 1;
    m[at] ^= 1;
    Path spoiled = Files.write(fresh("spoiled"), m);
    Path out = fresh("from-spoiled");
    recipients(
            "add",
            spoiled.toString(),
            "-o",
            out.toString(),
            "--to",
            ecCert.toString(),
            "--key",
            alice.keyArg())
        .assertFails(4);
    assertNothingLeft(out);
    // truncated: malformed (3)
    Path truncated = Files.write(fresh("truncated"), java.util.Arrays.copyOf(m, m.length - 5));
    recipients(
            "add",
            truncated.toString(),
            "-o",
            out.toString(),
            "--to",
            ecCert.toString(),
            "--key",
            alice.keyArg())
        .assertFails(3);
    assertNothingLeft(out);
  }

  @Test
  void removalsThatDoNotFitAreRefused() throws Exception {
    Path before = encrypt("aes-256-cbc", alice, bob);
    Path out = fresh("refused");
    Cli.Result none =
        recipients(
                "remove", before.toString(), "-o", out.toString(), "--recipient", ecCert.toString())
            .assertFails(1);
    assertThat(none.stderr()).contains("--recipient " + ecCert, "no recipient entry", "Erin EC");
    assertThat(
            recipients("remove", before.toString(), "-o", out.toString(), "--recipient", "#7")
                .assertFails(1)
                .stderr())
        .contains("#7");
    Cli.Result last =
        recipients(
                "remove",
                before.toString(),
                "-o",
                out.toString(),
                "--recipient",
                alice.certArg(),
                "--recipient",
                bob.certArg())
            .assertFails(1);
    assertThat(last.stderr()).contains("nobody could open");
    assertNothingLeft(out);
    recipients("remove", before.toString(), "-o", before.toString(), "--recipient", "#0")
        .assertFails(5);
    recipients("add", before.toString(), "-o", out.toString(), "--key", alice.keyArg())
        .assertFails(1);
    recipients("remove", before.toString(), "-o", out.toString(), "--recipient", "#x")
        .assertFails(1);
    assertThat(Cli.run("recipients").assertFails(1).stderr()).contains("add or remove");
    assertThat(Cli.run().assertFails(1).stderr()).contains("recipients");
  }

  @Test
  void helpHasExamples() {
    assertThat(Cli.run("recipients", "add", "--help").assertOk().out())
        .contains("Examples:", "--to-password", "--keystore", "--pkcs11");
    assertThat(Cli.run("recipients", "remove", "--help").assertOk().out())
        .contains("Examples:", "#N", "kek:HEX");
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * 64 MiB of content through a child JVM whose heap (32 MiB) could not hold it: the content is
   * never held whole, and the result still opens to the same bytes.
   */
  @Test
  void largeContentStreamsInASmallHeap() throws Exception {
    Path big = dir.resolve("big.bin");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(7);
    byte[] buf = new byte[1 << 16];
    try (OutputStream o = Files.newOutputStream(big)) {
      for (int i = 0; i < 1024; i++) {
        random.nextBytes(buf);
        sha.update(buf);
        o.write(buf);
      }
    }
    byte[] expected = sha.digest();
    Path sealed = fresh("big-sealed");
    Cli.run("encrypt", big.toString(), "-o", sealed.toString(), "--to", alice.certArg()).assertOk();
    Path added = fresh("big-added");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx32m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(
        List.of(
            "recipients",
            "add",
            sealed.toString(),
            "-o",
            added.toString(),
            "--to",
            bob.certArg(),
            "--key",
            alice.keyArg()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().putAll(Cli.DEFAULT_ENV);
    Cli.Result r = Cli.runProcess(pb, new byte[0], 300);
    assertThat(r.code()).as(r.stderr()).isZero();
    Path plain = fresh("big-plain");
    Cli.run("decrypt", added.toString(), "-o", plain.toString(), "--key", bob.keyArg()).assertOk();
    MessageDigest check = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(plain)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        check.update(buf, 0, n);
      }
    }
    assertThat(check.digest()).isEqualTo(expected);
    Files.delete(big);
    Files.delete(plain);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("content not found in one piece");
  }

  @Test
  void smimeInputIsReadAsDecryptReadsItAndSmimeOutputOpensInOpenssl() throws Exception {
    Path mail = fresh("mail");
    Cli.run(
            "encrypt",
            content.toString(),
            "-o",
            mail.toString(),
            "--format",
            "smime",
            "--cipher",
            "aes-256-cbc",
            "--to",
            alice.certArg())
        .assertOk();
    Path readdressed = fresh("mail");
    recipients(
            "add",
            mail.toString(),
            "-o",
            readdressed.toString(),
            "--format",
            "smime",
            "--to",
            ecCert.toString(),
            "--key",
            alice.keyArg())
        .assertOk();
    assertThat(Files.readString(readdressed, StandardCharsets.US_ASCII))
        .startsWith("MIME-Version: 1.0\r\n")
        .contains("smime-type=enveloped-data");
    opens(readdressed, "--key", ecKey.toString());
    opens(readdressed, "--key", alice.keyArg());
    Cli.Result r =
        OpenSsl.run(
            dir,
            new byte[0],
            "cms",
            "-decrypt",
            "-binary",
            "-inform",
            "SMIME",
            "-in",
            readdressed.toString(),
            "-recip",
            ecCert.toString(),
            "-inkey",
            ecKey.toString());
    assertThat(r.code()).as(r.stderr()).isZero();
    assertThat(r.stdout()).isEqualTo(CONTENT);
  }
}
