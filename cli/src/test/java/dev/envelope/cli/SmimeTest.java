package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.vectors.Csv;
import dev.envelope.vectors.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * S/MIME both ways (RFC 8551 3.2): {@code encrypt --format smime} opened by {@code openssl smime}
 * and {@code openssl cms -inform SMIME}; what those two write, what mail clients save, and the
 * shared S/MIME vectors opened by {@code decrypt} and {@code inspect} from the whole file, through
 * the CLI's own input detection; and the negative twins, each one line and the documented code with
 * no output file left behind.
 */
class SmimeTest {
  /** The inner MIME entity, sealed as given (as openssl smime -encrypt takes it). */
  private static final byte[] INNER =
      "Content-Type: text/plain; charset=us-ascii\r\n\r\nhello, S/MIME\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  @TempDir static Path dir;
  static Identity alice;
  static Path inner;

  @BeforeAll
  static void setUp() throws Exception {
    OpenSsl.assumeAvailable();
    alice = Identity.openssl(dir, "alice");
    inner = dir.resolve("inner.eml");
    Files.write(inner, INNER);
  }

  private static Path envelopeSmime(String name, String... options) {
    Path out = dir.resolve(name);
    List<String> args =
        new ArrayList<>(
            List.of(
                "encrypt",
                inner.toString(),
                "-o",
                out.toString(),
                "--to",
                alice.certArg(),
                "--format",
                "smime",
                "--force"));
    args.addAll(List.of(options));
    Cli.run(args.toArray(String[]::new)).assertOk();
    return out;
  }

  private static Cli.Result decrypt(Path message, String... more) {
    List<String> args = new ArrayList<>(List.of("decrypt", message.toString(), "-q"));
    args.addAll(List.of(more));
    if (!args.contains("--key")) {
      args.addAll(List.of("--key", alice.keyArg()));
    }
    return Cli.run(args.toArray(String[]::new));
  }

  private static String smimeType(Path message) throws IOException {
    String text = Files.readString(message, StandardCharsets.US_ASCII);
    String head = text.substring(0, text.indexOf("\r\n\r\n"));
    return head.lines()
        .filter(l -> l.startsWith("Content-Type: "))
        .findFirst()
        .orElseThrow()
        .replaceAll(".*smime-type=([^;]*);.*", "$1");
  }

  // ---- envelope writes, openssl reads -------------------------------------------------------

  /** openssl smime uses the PKCS #7 code, which has RSA PKCS #1 v1.5 only and no AEAD. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"aes-128-cbc", "aes-256-cbc", "3des"})
  void opensslSmimeOpensCbc(String cipher) throws Exception {
    Path m = envelopeSmime("to-smime-" + cipher, "--cipher", cipher, "--rsa-padding", "pkcs1");
    assertThat(smimeType(m)).isEqualTo("enveloped-data");
    Cli.Result r =
        OpenSsl.ok(dir, "smime", "-decrypt", "-in", m.toString(), "-inkey", alice.keyArg());
    assertThat(r.stdout()).isEqualTo(INNER);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "aes-256-cbc, enveloped-data",
    "aes-128-cbc, enveloped-data",
    "aes-128-gcm, authEnveloped-data",
    "aes-256-gcm, authEnveloped-data"
  })
  void opensslCmsOpensCbcAndGcm(String cipher, String smimeType) throws Exception {
    Path m = envelopeSmime("to-cms-" + cipher, "--cipher", cipher);
    assertThat(smimeType(m)).isEqualTo(smimeType);
    Cli.Result r =
        OpenSsl.ok(
            dir,
            "cms",
            "-decrypt",
            "-inform",
            "SMIME",
            "-in",
            m.toString(),
            "-inkey",
            alice.keyArg(),
            "-recip",
            alice.certArg());
    assertThat(r.stdout()).isEqualTo(INNER);
    // and back through envelope, from the file and from standard input
    assertThat(decrypt(m).assertOk().stdout()).isEqualTo(INNER);
    assertThat(
            Cli.run(Files.readAllBytes(m), "decrypt", "--key", alice.keyArg(), "-q")
                .assertOk()
                .stdout())
        .isEqualTo(INNER);
  }

  /** RFC 8551 3.2 headers exactly, CRLF everywhere, 64-column Base64 (the default cipher: GCM). */
  @Test
  void theEntityIsExactlyAsSpecified() throws Exception {
    Path m = envelopeSmime("default.p7m");
    String text = Files.readString(m, StandardCharsets.US_ASCII);
    assertThat(text)
        .startsWith(
            "MIME-Version: 1.0\r\n"
                + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=authEnveloped-data;"
                + " name=\"smime.p7m\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n");
    assertThat(text.replace("\r\n", "")).doesNotContain("\n", "\r");
    String body = text.substring(text.indexOf("\r\n\r\n") + 4);
    assertThat(body).endsWith("\r\n");
    assertThat(body.split("\r\n")).allSatisfy(l -> assertThat(l.length()).isBetween(1, 64));
  }

  /**
   * 96 MiB both ways in child JVMs with a 40 MiB heap: the S/MIME writer and mime4j's reader stream
   * (neither holds the message), and the output is the input.
   */
  @Test
  void largeContentStreamsBothWaysInASmallHeap() throws Exception {
    Path big = dir.resolve("big.bin");
    byte[] chunk = new byte[1 << 20];
    new java.util.Random(8551).nextBytes(chunk);
    try (var out = Files.newOutputStream(big)) {
      for (int i = 0; i < 96; i++) {
        chunk[0] = (byte) i;
        out.write(chunk);
      }
    }
    Path sealed = dir.resolve("big.eml");
    Path opened = dir.resolve("big.out");
    for (String[] args :
        List.of(
            new String[] {
              "encrypt",
              big.toString(),
              "-o",
              sealed.toString(),
              "--to",
              alice.certArg(),
              "--format",
              "smime"
            },
            new String[] {
              "decrypt", sealed.toString(), "-o", opened.toString(), "--key", alice.keyArg()
            })) {
      ProcessBuilder pb = Cli.childJvm(dir, Main.class.getName(), args);
      pb.command().add(1, "-Xmx40m");
      Cli.Result r = Cli.runProcess(pb, new byte[0], 300);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.stderr()).isZero();
    }
    try (var in = Files.newInputStream(sealed)) {
      assertThat(new String(in.readNBytes(19), StandardCharsets.US_ASCII))
          .isEqualTo("MIME-Version: 1.0\r\n");
    }
    assertThat(Files.mismatch(big, opened)).isEqualTo(-1);
    Files.delete(big);
    Files.delete(sealed);
    Files.delete(opened);
  }

  // ---- openssl writes, envelope reads -------------------------------------------------------

  @ParameterizedTest(name = "openssl smime {0}")
  @ValueSource(strings = {"-aes256", "-aes128", "-des3"})
  void opensOpensslSmime(String cipher) throws Exception {
    Path m = dir.resolve("smime" + cipher + ".eml");
    OpenSsl.ok(
        dir,
        "smime",
        "-encrypt",
        cipher,
        "-in",
        inner.toString(),
        "-out",
        m.toString(),
        alice.certArg());
    assertThat(decrypt(m).assertOk().stdout()).isEqualTo(INNER);
    assertThat(Cli.run("inspect", m.toString()).assertOk().out()).contains("EnvelopedData");
  }

  @ParameterizedTest(name = "openssl cms {0}")
  @ValueSource(strings = {"-aes-256-gcm", "-aes-128-gcm", "-aes-256-cbc"})
  void opensOpensslCmsSmime(String cipher) throws Exception {
    Path m = dir.resolve("cms" + cipher + ".eml");
    OpenSsl.ok(
        dir,
        "cms",
        "-encrypt",
        cipher,
        "-outform",
        "SMIME",
        "-in",
        inner.toString(),
        "-out",
        m.toString(),
        alice.certArg());
    assertThat(decrypt(m).assertOk().stdout()).isEqualTo(INNER);
    Path out = dir.resolve("cms" + cipher + ".out");
    decrypt(m, "-o", out.toString(), "--force").assertOk();
    assertThat(out).hasBinaryContent(INNER);
  }

  /** A body made by openssl, in the shapes mail clients save. */
  private static byte[] opensslBody() throws IOException {
    Path m = dir.resolve("body-source.eml");
    if (!Files.exists(m)) {
      OpenSsl.ok(
          dir,
          "cms",
          "-encrypt",
          "-aes-256-gcm",
          "-outform",
          "SMIME",
          "-in",
          inner.toString(),
          "-out",
          m.toString(),
          alice.certArg());
    }
    String text = Files.readString(m, StandardCharsets.US_ASCII).replace("\r\n", "\n");
    return text.substring(text.indexOf("\n\n") + 2).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] der() throws IOException {
    return java.util.Base64.getMimeDecoder().decode(opensslBody());
  }

  static Stream<String> mailShapes() {
    return Stream.of(
        "thunderbird",
        "outlook-crlf",
        "x-pkcs7-mime",
        "octet-stream-p7m",
        "multipart-mixed",
        "multipart-binary",
        "nested-multipart",
        "quoted-and-uppercase");
  }

  private static byte[] shape(String name) throws IOException {
    String b64 = new String(opensslBody(), StandardCharsets.US_ASCII);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    switch (name) {
      case "thunderbird" ->
          o.writeBytes(
              ("From: Alice <alice@example.com>\n"
                      + "To: Bob <bob@example.com>\n"
                      + "Subject: =?UTF-8?Q?gr=C3=BC=C3=9Fe?=\n"
                      + "Date: Tue, 1 Dec 2026 10:00:00 +0100\n"
                      + "Message-ID: <1@example.com>\n"
                      + "MIME-Version: 1.0\n"
                      + "Content-Type: application/pkcs7-mime; name=\"smime.p7m\";\n"
                      + " smime-type=authEnveloped-data\n"
                      + "Content-Transfer-Encoding: base64\n"
                      + "Content-Disposition: attachment; filename=\"smime.p7m\"\n"
                      + "Content-Description: S/MIME Encrypted Message\n\n"
                      + b64)
                  .getBytes(StandardCharsets.UTF_8));
      case "outlook-crlf" ->
          o.writeBytes(
              ("Received: from mx.example.com\r\n\tby mail.example.com; Tue, 1 Dec 2026\r\n"
                      + "From: alice@example.com\r\nTo: bob@example.com\r\nSubject: x\r\n"
                      + "Content-Type: application/pkcs7-mime;\r\n\tsmime-type=authenveloped-data;"
                      + "\r\n\tname=\"smime.p7m\"\r\nContent-Transfer-Encoding: base64\r\n"
                      + "MIME-Version: 1.0\r\n\r\n"
                      + b64.replace("\n", "\r\n"))
                  .getBytes(StandardCharsets.US_ASCII));
      case "x-pkcs7-mime" ->
          o.writeBytes(
              ("Content-Type: application/x-pkcs7-mime; name=smime.p7m\n"
                      + "Content-Transfer-Encoding: base64\n\n"
                      + b64)
                  .getBytes(StandardCharsets.US_ASCII));
      case "octet-stream-p7m" ->
          o.writeBytes(
              ("Content-Type: application/octet-stream\n"
                      + "Content-Disposition: attachment; filename=\"mail.P7M\"\n"
                      + "Content-Transfer-Encoding: base64\n\n"
                      + b64)
                  .getBytes(StandardCharsets.US_ASCII));
      case "multipart-mixed" ->
          o.writeBytes(
              ("From: a@example.com\nMIME-Version: 1.0\n"
                      + "Content-Type: multipart/mixed; boundary=\"=_b1\"\n\n"
                      + "This is a multi-part message in MIME format.\n"
                      + "--=_b1\nContent-Type: text/plain\n\nsee the attachment\n"
                      + "--=_b1\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data;"
                      + " name=smime.p7m\nContent-Transfer-Encoding: base64\n\n"
                      + b64
                      + "\n--=_b1--\n")
                  .getBytes(StandardCharsets.US_ASCII));
      case "multipart-binary" -> {
        o.writeBytes(
            ("Content-Type: multipart/mixed; boundary=XYZ\r\n\r\n--XYZ\r\n"
                    + "Content-Type: application/pkcs7-mime\r\n"
                    + "Content-Transfer-Encoding: binary\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(der());
        o.writeBytes("\r\n--XYZ--\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      case "nested-multipart" ->
          o.writeBytes(
              ("Content-Type: multipart/mixed; boundary=outer\n\n--outer\n"
                      + "Content-Type: multipart/alternative; boundary=inner\n\n--inner\n"
                      + "Content-Type: text/plain\n\nplain\n--inner\n"
                      + "Content-Type: text/html\n\n<p>html</p>\n--inner--\n--outer\n"
                      + "Content-Type: application/pkcs7-signature; name=smime.p7s\n"
                      + "Content-Transfer-Encoding: base64\n\nAAAA\n--outer\n"
                      + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\n"
                      + "Content-Transfer-Encoding: base64\n\n"
                      + b64
                      + "--outer--\n")
                  .getBytes(StandardCharsets.US_ASCII));
      case "quoted-and-uppercase" ->
          o.writeBytes(
              ("CONTENT-TYPE: Application/PKCS7-MIME; SMIME-TYPE=\"authEnveloped-data\"\n"
                      + "content-transfer-encoding: BASE64\n\n"
                      + b64)
                  .getBytes(StandardCharsets.US_ASCII));
      default -> throw new IllegalArgumentException(name);
    }
    return o.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mailShapes")
  void opensWhatMailClientsSave(String name) throws Exception {
    Path m = dir.resolve(name + ".eml");
    Files.write(m, shape(name));
    assertThat(decrypt(m).assertOk().stdout()).as(name).isEqualTo(INNER);
    assertThat(Cli.run(shape(name), "decrypt", "--key", alice.keyArg()).assertOk().stdout())
        .as(name + " from standard input")
        .isEqualTo(INNER);
    assertThat(Cli.run("inspect", m.toString()).assertOk().out()).contains("AuthEnvelopedData");
  }

  // ---- the shared vectors, from the whole file ----------------------------------------------

  static Stream<Map<String, String>> smimeVectors() throws IOException {
    Path manifest = Vectors.file("manifest.csv");
    return Csv.parseWithHeader(Files.readString(manifest, StandardCharsets.UTF_8)).stream()
        .filter(r -> r.get("inform").equalsIgnoreCase("SMIME"));
  }

  /**
   * Every S/MIME row of the manifest (RFC 4134 5.3 and Bouncy Castle's AES messages): opened from
   * the file as a mail client saved it. test128 and test256 carry a 24-byte key under AES-128 and
   * AES-256 labels (DESIGN.md, known peer quirks): a decryption failure is right.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("smimeVectors")
  void sharedSmimeVectorsOpenFromTheWholeFile(Map<String, String> row) throws Exception {
    Path file = Vectors.file(row.get("file"));
    List<String> args =
        new ArrayList<>(
            List.of("decrypt", file.toString(), "-q", "--key", Vectors.file(row.get("key")) + ""));
    if (!row.get("cert").isEmpty()) {
      args.addAll(List.of("--cert", Vectors.file(row.get("cert")).toString()));
    }
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    boolean knownBad = row.get("content_cipher").contains("CEK is 24 bytes");
    if (knownBad) {
      r.assertFails(Exit.DECRYPTION);
      return;
    }
    assertThat(r.assertOk().stdout())
        .isEqualTo(Files.readAllBytes(Vectors.file(row.get("expected"))));
    assertThat(Cli.run("inspect", file.toString()).assertOk().out()).contains("EnvelopedData");
  }

  @Test
  void theManifestHasTheKnownSmimeVectors() throws IOException {
    assertThat(smimeVectors().map(r -> r.get("file")))
        .contains(
            "rfc4134/5.3.eml",
            "bc-java/smime-aes/test128.message",
            "bc-java/smime-aes/test192.message",
            "bc-java/smime-aes/test256.message");
  }

  // ---- negative twins ------------------------------------------------------------------------

  /** Fails with the code, one line, nothing on stdout, and no output file (nor a spool). */
  private static Cli.Result failsLeavingNothing(byte[] message, String label, int... codes)
      throws IOException {
    Path in = dir.resolve("neg-" + label + ".eml");
    Files.write(in, message);
    Path out = dir.resolve("neg-" + label + ".out");
    Cli.Result r = decrypt(in, "-o", out.toString());
    assertThat(codes).as("exit code; stderr: %s", r.stderr()).contains(r.code());
    r.assertFails(r.code());
    assertThat(out).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).noneMatch(p -> p.getFileName().toString().startsWith("neg-" + label + ".out"));
    }
    return r;
  }

  /**
   * GCM: a character near the end (the tag) flipped is an authentication failure. CBC has no tag (a
   * flip in its last block fails the padding only most of the time), so its twin flips the content
   * type in the first line: malformed.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"aes-256-gcm, end, 4", "aes-256-cbc, start, 3", "aes-256-gcm, start, 3"})
  void aFlippedByteInTheBase64BodyFails(String cipher, String where, int code) throws Exception {
    byte[] m = Files.readAllBytes(envelopeSmime("flip-" + cipher, "--cipher", cipher));
    String text = new String(m, StandardCharsets.US_ASCII);
    int at;
    if (where.equals("end")) {
      at = text.length() - 1;
      for (int letters = 0; letters < 6; at--) {
        if (Character.isLetterOrDigit(text.charAt(at))) {
          letters++;
        }
      }
    } else {
      at = text.indexOf("\r\n\r\n") + 4 + 14; // the 11th byte of the DER: the content type
    }
    byte[] flipped = m.clone();
    flipped[at] = (byte) (flipped[at] == 'A' ? 'B' : 'A');
    failsLeavingNothing(flipped, "flip-" + cipher + "-" + where, code);
  }

  @Test
  void aTruncatedBodyFails() throws Exception {
    byte[] m = Files.readAllBytes(envelopeSmime("trunc.p7m"));
    for (int cut : new int[] {m.length / 2, m.length - 20}) {
      failsLeavingNothing(Arrays.copyOf(m, cut), "trunc-" + cut, Exit.MESSAGE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text/plain | From: a@example.com\\nSubject: hi\\n\\nhello\\n | found text/plain",
        "multipart/signed | Content-Type: multipart/signed; boundary=b;"
            + " protocol=\"application/pkcs7-signature\"\\n\\n--b\\nContent-Type: text/plain\\n\\n"
            + "hi\\n--b\\nContent-Type: application/pkcs7-signature\\n\\nAAAA\\n--b--\\n"
            + " | found multipart/signed, text/plain, application/pkcs7-signature",
        "signed-data | Content-Type: application/pkcs7-mime; smime-type=signed-data\\n"
            + "Content-Transfer-Encoding: base64\\n\\nMIIBAAYJKoZIhvcNAQcCoA==\\n"
            + " | smime-type=signed-data",
        "headers only | MIME-Version: 1.0\\nContent-Type: application/pkcs7-mime;"
            + " smime-type=enveloped-data\\n | empty body",
        "headers and blank line | Content-Type: application/pkcs7-mime\\r\\n\\r\\n | empty body",
        "uuencode | Content-Type: application/pkcs7-mime\\nContent-Transfer-Encoding:"
            + " x-uuencode\\n\\nbegin 644 smime.p7m\\n | x-uuencode"
      })
  void mimeOfTheWrongKindIsExit3(String label, String message, String says) throws Exception {
    byte[] bytes =
        message.strip().replace("\\n", "\n").replace("\\r", "\r").getBytes(StandardCharsets.UTF_8);
    Cli.Result r = failsLeavingNothing(bytes, label.replace('/', '-'), Exit.MESSAGE);
    assertThat(r.stderr()).contains(says);
    // inspect reads its input the same way
    Cli.Result i = Cli.run(bytes, "inspect");
    i.assertFails(Exit.MESSAGE);
    assertThat(i.stderr()).contains(says);
  }

  @Test
  void derStartingWithWhatReadsAsAHeaderIsStillDer() {
    // 30 3A is "0:" — a DER SEQUENCE of 58 bytes must never be taken for a MIME header field
    byte[] head = {0x30, 0x3a, 0x06, 0x09};
    assertThat(SmimeInput.looksLikeMime(head, head.length)).isFalse();
    byte[] field = "Content-Type: x\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(SmimeInput.looksLikeMime(field, field.length)).isTrue();
    byte[] pem = "-----BEGIN CMS-----\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(SmimeInput.looksLikeMime(pem, pem.length)).isFalse();
    byte[] b64 = "MIIB8QYLKoZIhvcNAQkQARegggHg\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(SmimeInput.looksLikeMime(b64, b64.length)).isFalse();
  }

  /** mime4j's bounds apply: a header past its limit is exit 3, not a hang or an exception. */
  @Test
  void anEndlessHeaderIsALimit() throws Exception {
    byte[] huge =
        ("X-Long: " + "a".repeat(200_000) + "\nContent-Type: application/pkcs7-mime\n\nMIIB\n")
            .getBytes(StandardCharsets.US_ASCII);
    Cli.Result r = failsLeavingNothing(huge, "long-header", Exit.MESSAGE);
    assertThat(r.stderr()).contains("MIME");
  }
}
