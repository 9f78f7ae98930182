package dev.envelope.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.error.DecryptionFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code openssl cms} 3.0 as the peer for password (RFC 3211, {@code -pwri_password}) and KEK
 * ({@code -secretkey}/{@code -secretkeyid}) recipients, both ways, with CBC content and, where
 * openssl allows it, GCM (openssl 3.0 derives the PWRI-KEK cipher from the content cipher and so
 * cannot seal a password entry with GCM content; it opens ours). Skipped without openssl.
 */
class PasswordKekOpensslTest {

  @TempDir static Path dir;

  private static final byte[] CONTENT = OpensslInteropTest.content(1001);
  private static final String PASSWORD = "Tr0ub4dor & 3 pässwörd";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static Path plain;

  @BeforeAll
  static void content() throws Exception {
    Openssl.assumeAvailable();
    plain = Files.write(dir.resolve("plain.bin"), CONTENT);
  }

  private static byte[] opensslEncrypt(String name, String... opts) throws Exception {
    Path out = dir.resolve(name + ".der");
    List<String> args =
        new ArrayList<>(List.of("cms", "-encrypt", "-binary", "-in", plain.toString()));
    args.addAll(List.of(opts));
    args.addAll(List.of("-outform", "DER", "-out", out.toString()));
    Openssl.run(dir, args.toArray(String[]::new)).orThrow();
    return Files.readAllBytes(out);
  }

  /** openssl cms -decrypt of our message: its exit code and, on success, the content. */
  private static Openssl.Result opensslDecrypt(byte[] message, String name, String... opts)
      throws Exception {
    Path in = Files.write(dir.resolve(name + ".der"), message);
    Path out = dir.resolve(name + ".out");
    Files.deleteIfExists(out);
    List<String> args =
        new ArrayList<>(
            List.of("cms", "-decrypt", "-binary", "-inform", "DER", "-in", in.toString()));
    args.addAll(List.of(opts));
    args.addAll(List.of("-out", out.toString()));
    Openssl.Result r = Openssl.run(dir, args.toArray(String[]::new));
    if (r.exitCode() == 0) {
      assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);
    }
    return r;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static void assertDecryptionFailed(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isExactlyInstanceOf(DecryptionFailedException.class)
        .hasMessage(DecryptionFailedException.MESSAGE);
  }

  // ---------------------------------------------------------------------------------------------
  // passwords

  /** openssl's own PWRI: PBKDF2-HMAC-SHA1, 2048 iterations, the content cipher as inner cipher. */
  @ParameterizedTest
  @ValueSource(strings = {"-aes-128-cbc", "-aes-192-cbc", "-aes-256-cbc", "-des3"})
  void opensOpensslPasswordMessages(String cipher) throws Exception {
    byte[] message = opensslEncrypt("pwri" + cipher, cipher, "-pwri_password", PASSWORD);

    byte[] opened = Envelope.decrypt(message, KeySource.password(PASSWORD.toCharArray())).content();

    assertThat(opened).isEqualTo(CONTENT);
    assertDecryptionFailed(
        () ->
            Envelope.decrypt(message, KeySource.password("Tr0ub4dor & 3 passwörd".toCharArray())));
  }

  @ParameterizedTest
  @CsvSource({
    "SHA1, AES_256_CBC",
    "SHA256, AES_256_CBC",
    "SHA512, AES_128_CBC",
    "SHA256, AES_256_GCM",
    "SHA512, AES_128_GCM"
  })
  void opensslOpensOurPasswordMessages(KdfHash prf, ContentCipher cipher) throws Exception {
    byte[] message =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(new Recipient.Password(PASSWORD.toCharArray(), prf, 1000))
            .seal(CONTENT);

    opensslDecrypt(message, "ours-pwri-" + prf + cipher, "-pwri_password", PASSWORD).orThrow();
    assertThat(
            opensslDecrypt(message, "ours-pwri-wrong" + prf + cipher, "-pwri_password", "nope")
                .exitCode())
        .isNotZero();
  }

  @Test
  void opensslOpensTheDefaultIterationCount() throws Exception {
    byte[] message =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_CBC)
            .withRecipient(Recipient.password(PASSWORD.toCharArray()))
            .seal(CONTENT);
    opensslDecrypt(message, "ours-pwri-default", "-pwri_password", PASSWORD).orThrow();
  }

  // ---------------------------------------------------------------------------------------------
  // key-encryption keys

  @ParameterizedTest
  @CsvSource({
    "16, -aes-256-cbc",
    "24, -aes-128-cbc",
    "32, -aes-256-cbc",
    "16, -aes-256-gcm",
    "32, -aes-128-gcm"
  })
  void opensOpensslKekMessages(int kekBytes, String cipher) throws Exception {
    byte[] kek = random(kekBytes);
    byte[] id = random(5);
    byte[] message =
        opensslEncrypt(
            "kek" + kekBytes + cipher,
            cipher,
            "-secretkey",
            HEX.formatHex(kek),
            "-secretkeyid",
            HEX.formatHex(id));

    assertThat(Envelope.decrypt(message, KeySource.kek(id, kek)).content()).isEqualTo(CONTENT);
    assertDecryptionFailed(() -> Envelope.decrypt(message, KeySource.kek(id, random(kekBytes))));
  }

  @ParameterizedTest
  @CsvSource({
    "16, AES_256_CBC",
    "24, AES_256_CBC",
    "32, AES_128_CBC",
    "16, AES_256_GCM",
    "32, AES_256_GCM"
  })
  void opensslOpensOurKekMessages(int kekBytes, ContentCipher cipher) throws Exception {
    byte[] kek = random(kekBytes);
    byte[] id = random(4);
    byte[] message =
        Envelope.sealer().withCipher(cipher).withRecipient(Recipient.kek(id, kek)).seal(CONTENT);

    opensslDecrypt(
            message,
            "ours-kek-" + kekBytes + cipher,
            "-secretkey",
            HEX.formatHex(kek),
            "-secretkeyid",
            HEX.formatHex(id))
        .orThrow();
    assertThat(
            opensslDecrypt(
                    message,
                    "ours-kek-wrong-" + kekBytes + cipher,
                    "-secretkey",
                    HEX.formatHex(random(kekBytes)),
                    "-secretkeyid",
                    HEX.formatHex(id))
                .exitCode())
        .isNotZero();
  }

  /** One message for an openssl-made certificate, a password and a KEK; openssl opens each. */
  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_256_CBC", "AES_256_GCM"})
  void opensslOpensEachRecipientOfAMixedMessage(ContentCipher cipher) throws Exception {
    TestPki.Identity bob = TestPki.openssl(dir, "bob-" + cipher, 2048);
    byte[] kek = random(32);
    byte[] id = {1, 2, 3};
    byte[] message =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(Recipient.of(bob.certificate()))
            .withRecipient(new Recipient.Password(PASSWORD.toCharArray(), KdfHash.SHA256, 1000))
            .withRecipient(Recipient.kek(id, kek))
            .seal(CONTENT);
    opensslDecrypt(message, "mixed-pw-" + cipher, "-pwri_password", PASSWORD).orThrow();
    opensslDecrypt(
            message,
            "mixed-kek-" + cipher,
            "-secretkey",
            HEX.formatHex(kek),
            "-secretkeyid",
            HEX.formatHex(id))
        .orThrow();
    opensslDecrypt(
            message,
            "mixed-rsa-" + cipher,
            "-recip",
            dir.resolve("bob-" + cipher + ".cert.pem").toString(),
            "-inkey",
            dir.resolve("bob-" + cipher + ".key.pem").toString())
        .orThrow();
  }
}
