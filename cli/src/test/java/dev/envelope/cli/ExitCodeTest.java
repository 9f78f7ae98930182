package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.envelope.error.DecryptionFailedException;
import dev.envelope.x509.CertificateBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY.md #35: one row per failure class, each with its exit code, exactly one stderr line
 * starting {@code envelope: }, no stack frame, nothing on stdout, and no output file or {@code
 * .partial} left behind.
 */
class ExitCodeTest {
  private static final byte[] CONTENT = "the secret content\n".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path keys;
  static Identity alice;
  static Identity mallory;
  static byte[] gcmMessage;

  @TempDir Path dir;
  Path message;
  Path out;

  @BeforeAll
  static void setUp() throws Exception {
    alice = Identity.create(keys, "alice");
    mallory = Identity.create(keys, "mallory");
    // from a file, whose length is known, the output is DER: the mac is the last element
    Path plain = Files.write(keys.resolve("plain.txt"), CONTENT);
    gcmMessage = Cli.run("encrypt", plain.toString(), "--to", alice.certArg()).assertOk().stdout();
  }

  @BeforeEach
  void files() throws IOException {
    message = dir.resolve("message.p7m");
    Files.write(message, gcmMessage);
    out = dir.resolve("out.txt");
  }

  private Cli.Result decryptTo(Path in, String... keyOptions) {
    String[] args = new String[4 + keyOptions.length];
    args[0] = "decrypt";
    args[1] = in.toString();
    args[2] = "-o";
    args[3] = out.toString();
    System.arraycopy(keyOptions, 0, args, 4, keyOptions.length);
    return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Cli.run(args));
  }

  private void assertNothingWritten() throws IOException {
    assertThat(out).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
    }
  }

  @Test
  void succeeds() throws IOException {
    decryptTo(message, "--key", alice.keyArg()).assertOk();
    assertThat(out).hasBinaryContent(CONTENT);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(out).toString())
          .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }
  }

  @Test
  void missingInputIs2() throws IOException {
    decryptTo(dir.resolve("nope.p7m"), "--key", alice.keyArg()).assertFails(Exit.INPUT);
    Cli.run("encrypt", dir.resolve("nope.txt").toString(), "--to", alice.certArg())
        .assertFails(Exit.INPUT);
    Cli.run("inspect", dir.toString()).assertFails(Exit.INPUT);
    assertNothingWritten();
  }

  @Test
  void unreadableKeyIs2() throws IOException {
    decryptTo(message, "--key", dir.resolve("missing.key").toString()).assertFails(Exit.INPUT);
    Path garbage = dir.resolve("garbage.key");
    Files.writeString(garbage, "not a key at all\n");
    decryptTo(message, "--key", garbage.toString()).assertFails(Exit.INPUT);
    decryptTo(message, "--key", alice.keyArg(), "--cert", garbage.toString())
        .assertFails(Exit.INPUT);
    assertNothingWritten();
  }

  @Test
  void noKeyOptionIs2() throws IOException {
    Cli.Result r = decryptTo(message).assertFails(Exit.INPUT);
    assertThat(r.stderr())
        .contains("no key given and no personal store at ")
        .contains(": use --key, --keystore or `envelope store import`");
    assertNothingWritten();
  }

  @Test
  void wrongStorePasswordIs2() throws Exception {
    Path p12 = dir.resolve("alice.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "alice",
        alice.privateKey(),
        "right".toCharArray(),
        new Certificate[] {alice.certificate()});
    try (OutputStream o = Files.newOutputStream(p12)) {
      ks.store(o, "right".toCharArray());
    }
    Cli.Result r =
        decryptTo(message, "--keystore", p12.toString(), "--storepass", "pass:wrong")
            .assertFails(Exit.INPUT);
    assertThat(r.stderr()).contains("alice.p12");
    assertNothingWritten();
    // no password and no terminal to ask on
    decryptTo(message, "--keystore", p12.toString()).assertFails(Exit.INPUT);
    // a password variable that is not set
    decryptTo(message, "--keystore", p12.toString(), "--storepass", "env:ENVELOPE_TEST_UNSET_VAR")
        .assertFails(Exit.INPUT);
    decryptTo(message, "--keystore", p12.toString(), "--storepass", "pass:right").assertOk();
  }

  @Test
  void malformedMessageIs3() throws IOException {
    Path bad = dir.resolve("bad.p7m");
    Files.write(bad, new byte[] {0x30, 0x03, 0x02, 0x01});
    decryptTo(bad, "--key", alice.keyArg()).assertFails(Exit.MESSAGE);
    Cli.run("inspect", bad.toString()).assertFails(Exit.MESSAGE);
    Files.writeString(bad, "just some text, not a message\n");
    decryptTo(bad, "--key", alice.keyArg()).assertFails(Exit.MESSAGE);
    // truncated
    Files.write(bad, java.util.Arrays.copyOf(gcmMessage, gcmMessage.length - 40));
    decryptTo(bad, "--key", alice.keyArg()).assertFails(Exit.MESSAGE);
    assertNothingWritten();
  }

  @Test
  void usageErrorsAre1WithAHint() {
    Cli.Result r =
        Cli.run(CONTENT, "encrypt", "--to", alice.certArg(), "--cipher", "rc5")
            .assertFails(Exit.USAGE);
    assertThat(r.stderr())
        .contains("unknown cipher 'rc5'", "aes-256-cbc", ".NET, Outlook, older OpenSSL", "--help");
    Cli.run("encrypt", "--bogus").assertFails(Exit.USAGE);
    Cli.run(CONTENT, "encrypt").assertFails(Exit.USAGE); // --to is required
    Cli.run("frobnicate").assertFails(Exit.USAGE);
    Cli.run().assertFails(Exit.USAGE);
    Cli.run(
            CONTENT,
            "encrypt",
            "--to",
            alice.certArg(),
            "--rsa-padding",
            "pkcs1",
            "--oaep-hash",
            "sha1")
        .assertFails(Exit.USAGE);
    assertThat(
            Cli.run(CONTENT, "encrypt", "--to", alice.certArg(), "--format", "mime")
                .assertFails(Exit.USAGE)
                .stderr())
        .contains("der, pem, base64 or smime");
    Cli.Result spec =
        Cli.run("decrypt", "--keystore", "x.p12", "--storepass", "hunter2").assertFails(Exit.USAGE);
    assertThat(spec.stderr()).contains("env:VAR").doesNotContain("hunter2");
    Cli.run("decrypt", "--cert", alice.certArg()).assertFails(Exit.USAGE); // --cert needs --key
  }

  @Test
  void nonFileRecipientIs2() {
    Cli.Result r = Cli.run(CONTENT, "encrypt", "--to", "alice@example.com").assertFails(Exit.INPUT);
    assertThat(r.stderr())
        .startsWith(
            "envelope: --to alice@example.com: no such certificate file, and no address book or"
                + " personal store in ")
        .contains("envelope store import");
  }

  @Test
  void signatureOnlyCertificateCannotBeARecipient() throws Exception {
    KeyPair ca = CertificateBuilder.generateKeyPair("ec-p256");
    var caCert = CertificateBuilder.forSubject("CN=CA").certificateAuthority(true).selfSigned(ca);
    KeyPair ed = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path cert = dir.resolve("ed25519.pem");
    Files.writeString(
        cert,
        CertificateBuilder.toPem(
            CertificateBuilder.forSubject("CN=Ed")
                .issuedBy(ed.getPublic(), caCert, ca.getPrivate())));
    Cli.Result r = Cli.run(CONTENT, "encrypt", "--to", cert.toString()).assertFails(Exit.INPUT);
    assertThat(r.stderr()).contains("cannot encrypt for a EdDSA certificate");
  }

  /** Flips one bit of the encrypted content, or of the tag. */
  private Path flipped(int fromEnd) throws IOException {
    byte[] m = gcmMessage.clone();
    m[m.length - fromEnd] ^= 0x01;
    Path p = dir.resolve("flipped-" + fromEnd + ".p7m");
    Files.write(p, m);
    return p;
  }

  @Test
  void secretFailuresAre4WithOneByteIdenticalLine() throws IOException {
    // AuthEnvelopedData ends with the mac: OCTET STRING (04 10) of 16 bytes; the encrypted
    // content comes right before it
    assertThat(gcmMessage[gcmMessage.length - 18]).isEqualTo((byte) 0x04);
    Path badTag = flipped(1);
    Path badContent = flipped(19 + CONTENT.length / 2);
    Cli.Result tag = decryptTo(badTag, "--key", alice.keyArg()).assertFails(Exit.DECRYPTION);
    assertNothingWritten();
    Cli.Result body =
        decryptTo(badContent, "--key", alice.keyArg(), "--cert", alice.certArg())
            .assertFails(Exit.DECRYPTION);
    assertNothingWritten();
    Cli.Result wrongKey =
        decryptTo(message, "--key", mallory.keyArg()).assertFails(Exit.DECRYPTION);
    Cli.Result wrongPair =
        decryptTo(message, "--key", mallory.keyArg(), "--cert", mallory.certArg())
            .assertFails(Exit.DECRYPTION);
    assertNothingWritten();
    assertThat(tag.stderr())
        .isEqualTo("envelope: " + DecryptionFailedException.MESSAGE + "\n")
        .isEqualTo(body.stderr())
        .isEqualTo(wrongKey.stderr())
        .isEqualTo(wrongPair.stderr());
    // and to standard output: nothing at all
    Cli.Result toStdout =
        Cli.run(Files.readAllBytes(badTag), "decrypt", "--key", alice.keyArg())
            .assertFails(Exit.DECRYPTION);
    assertThat(toStdout.stderr()).isEqualTo(tag.stderr());
  }

  @Test
  void existingOutputWithoutForceIs5AndUnchanged() throws IOException {
    Files.writeString(out, "precious");
    decryptTo(message, "--key", alice.keyArg()).assertFails(Exit.OUTPUT);
    assertThat(out).hasContent("precious");
    decryptTo(message, "--key", alice.keyArg(), "--force").assertOk();
    assertThat(out).hasBinaryContent(CONTENT);
    // encrypt too
    Path plain = dir.resolve("plain.txt");
    Files.write(plain, CONTENT);
    Files.writeString(out, "precious");
    Cli.run("encrypt", plain.toString(), "-o", out.toString(), "--to", alice.certArg())
        .assertFails(Exit.OUTPUT);
    assertThat(out).hasContent("precious");
  }

  @Test
  void outputDirectoryOrMissingDirectoryIs5() throws IOException {
    Cli.run("decrypt", message.toString(), "-o", dir.toString(), "--key", alice.keyArg())
        .assertFails(Exit.OUTPUT);
    Cli.run(
            "decrypt",
            message.toString(),
            "-o",
            dir.resolve("no/such/dir/out").toString(),
            "--key",
            alice.keyArg())
        .assertFails(Exit.OUTPUT);
  }

  @Test
  void outputSameAsInputIsRefusedViaSymlinkAndHardLink() throws IOException {
    Path plain = dir.resolve("plain.txt");
    Files.write(plain, CONTENT);
    Path sym = dir.resolve("sym.p7m");
    Files.createSymbolicLink(sym, message);
    Path hard = dir.resolve("hard.p7m");
    Files.createLink(hard, message);
    Path plainHard = dir.resolve("plain-hard.txt");
    Files.createLink(plainHard, plain);
    for (String o : new String[] {message.toString(), sym.toString(), hard.toString()}) {
      for (String force : new String[] {"--force", "--quiet"}) {
        Cli.Result r =
            Cli.run("decrypt", message.toString(), "-o", o, "--key", alice.keyArg(), force)
                .assertFails(Exit.OUTPUT);
        assertThat(r.stderr()).contains("same file");
      }
    }
    Cli.run(
            "encrypt",
            plain.toString(),
            "-o",
            plainHard.toString(),
            "--to",
            alice.certArg(),
            "--force")
        .assertFails(Exit.OUTPUT);
    // refused before any key is read: a missing key would otherwise be the error
    Cli.run("decrypt", message.toString(), "-o", sym.toString(), "--key", "/no/such/key", "--force")
        .assertFails(Exit.OUTPUT);
    assertThat(message).hasBinaryContent(gcmMessage);
    assertThat(plain).hasBinaryContent(CONTENT);
  }

  @Test
  void helpAndVersionAre0() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"--version"},
          {"encrypt", "--help"},
          {"decrypt", "--help"},
          {"inspect", "--help"},
          {"demo", "--help"},
          {"encrypt", "--version"}
        }) {
      Cli.Result r = Cli.run(args).assertOk();
      assertThat(r.out()).as(String.join(" ", args)).isNotBlank();
      assertThat(r.stderr()).isEmpty();
    }
    assertThat(Cli.run("encrypt", "--help").out())
        .contains("Example", "aes-256-cbc", ".NET, Outlook, older OpenSSL");
    assertThat(Cli.run("decrypt", "--help").out()).contains("Example", "--keystore", "env:VAR");
    assertThat(Cli.run("--version").out()).startsWith("envelope ");
    // a lone version request builds the top command only: the same answer in every spelling
    String version = Cli.run("--version").out();
    for (String[] args : new String[][] {{"-V"}, {"-q", "--version"}, {"--debug", "-V"}}) {
      assertThat(Cli.run(args).assertOk().out()).as(String.join(" ", args)).isEqualTo(version);
    }
    assertThat(Cli.run("-V", "--help").assertOk().out()).contains("Commands:", "decrypt");
  }

  @Test
  void debugAddsTheStackTrace() {
    Cli.Result r = decryptTo(dir.resolve("nope.p7m"), "--key", alice.keyArg(), "--debug");
    assertThat(r.code()).isEqualTo(Exit.INPUT);
    assertThat(r.errLines().get(0)).startsWith("envelope: ");
    assertThat(r.errLines()).hasSizeGreaterThan(1).anyMatch(l -> l.startsWith("\tat "));
  }

  @Test
  void aKeyOfAKindNoEntryCanUseIs4() throws Exception {
    KeyPair ec = CertificateBuilder.generateKeyPair("ec-p256");
    Path key = dir.resolve("ec.key");
    Files.writeString(key, Identity.pkcs8Pem(ec.getPrivate().getEncoded()));
    Cli.Result r = decryptTo(message, "--key", key.toString()).assertFails(Exit.DECRYPTION);
    // decided from public data alone, so it may say what is wrong
    assertThat(r.stderr()).doesNotContain(DecryptionFailedException.MESSAGE);
    assertNothingWritten();
  }

  @Test
  void tooManyRecipientsIs3() throws IOException {
    String[] args = new String[1 + 2 * 1025];
    args[0] = "encrypt";
    for (int i = 0; i < 1025; i++) {
      args[1 + 2 * i] = "--to";
      args[2 + 2 * i] = alice.certArg();
    }
    Files.write(message, Cli.run(CONTENT, args).assertOk().stdout());
    Cli.Result r = decryptTo(message, "--key", alice.keyArg()).assertFails(Exit.MESSAGE);
    assertThat(r.stderr()).contains("limit exceeded");
    Cli.run("inspect", message.toString()).assertFails(Exit.MESSAGE);
    assertNothingWritten();
  }

  @Test
  void anInputOverTheOldInMemoryLimitStreams() throws Exception {
    long size = (64L << 20) + 1;
    InputStream huge =
        new InputStream() {
          long left = size;

          @Override
          public int read() {
            return left-- > 0 ? 0 : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
          }
        };
    Path sealed = dir.resolve("huge.p7m");
    Cli.run(huge, Terminal.none(), "encrypt", "--to", alice.certArg(), "-o", sealed.toString())
        .assertOk();
    Path opened = dir.resolve("huge.out");
    Cli.run("decrypt", sealed.toString(), "-o", opened.toString(), "--key", alice.keyArg())
        .assertOk();
    assertThat(Files.size(opened)).isEqualTo(size);
  }

  @Test
  void theWindowsStoreOffWindowsIs2() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        System.getProperty("os.name").startsWith("Windows"), "on Windows the store exists");
    Cli.Result r = decryptTo(message, "--store", "windows-my").assertFails(Exit.INPUT);
    assertThat(r.stderr()).contains("Windows-MY store exists only on Windows");
    assertNothingWritten();
  }
}
