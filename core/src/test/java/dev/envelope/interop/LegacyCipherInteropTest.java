package dev.envelope.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.MessageInfo;
import dev.envelope.OaepHash;
import dev.envelope.Recipient;
import dev.envelope.RsaPadding;
import dev.envelope.asn1.Bytes;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.ContentStreams;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.interop.TestPki.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DES, RC2 (40, 56, 64, 128 bits) and RC4 (40, 56, 128 bits) against {@code openssl cms} 3.0 with
 * its legacy provider, both ways, with negative twins; the CryptoAPI RC4 salt; and
 * ChaCha20-Poly1305 tampering on a multi-MiB message, which must release nothing.
 */
class LegacyCipherInteropTest {
  @TempDir static Path dir;

  private static Identity alice;

  private static final byte[] CONTENT = OpensslInteropTest.content(5003);

  private static final List<String> LEGACY = List.of("-provider", "legacy", "-provider", "default");

  @BeforeAll
  static void identity() {
    Openssl.assumeAvailable();
    alice = TestPki.openssl(dir, "alice", 2048);
  }

  /** openssl's cipher option and the ContentCipher it must come out as. */
  static Stream<Arguments> fromOpenssl() {
    return Stream.of(
        Arguments.of("des", ContentCipher.DES_CBC),
        Arguments.of("rc2-40", ContentCipher.RC2_40),
        Arguments.of("rc2-64", ContentCipher.RC2_64),
        Arguments.of("rc2", ContentCipher.RC2_128),
        Arguments.of("rc4", ContentCipher.RC4_128),
        Arguments.of("rc4-40", ContentCipher.RC4_40));
  }

  private static byte[] opensslEncrypt(String cipher) throws Exception {
    Path in = Files.write(Files.createTempFile(dir, "content", ".bin"), CONTENT);
    Path out = Files.createTempFile(dir, "message", ".der");
    List<String> args = new ArrayList<>(List.of("cms", "-encrypt", "-binary"));
    args.addAll(LEGACY);
    args.addAll(List.of("-in", in.toString(), "-outform", "DER", "-out", out.toString()));
    args.add("-" + cipher);
    args.add(dir.resolve("alice.cert.pem").toString());
    Openssl.run(dir, args.toArray(String[]::new)).orThrow();
    return Files.readAllBytes(out);
  }

  private static Openssl.Result opensslDecrypt(byte[] message) throws Exception {
    Path in = Files.write(Files.createTempFile(dir, "message", ".der"), message);
    Path out = Files.createTempFile(dir, "decrypted", ".bin");
    List<String> args = new ArrayList<>(List.of("cms", "-decrypt", "-binary"));
    args.addAll(LEGACY);
    args.addAll(
        List.of(
            "-inform",
            "DER",
            "-in",
            in.toString(),
            "-inkey",
            dir.resolve("alice.key.pem").toString(),
            "-recip",
            dir.resolve("alice.cert.pem").toString(),
            "-out",
            out.toString()));
    Openssl.Result r = Openssl.run(dir, args.toArray(String[]::new));
    return new Openssl.Result(
        r.exitCode(), new String(Files.readAllBytes(out), "ISO-8859-1"), r.stderr());
  }

  @ParameterizedTest(name = "openssl -{0}")
  @MethodSource("fromOpenssl")
  void envelopeOpensWhatOpensslWrites(String option, ContentCipher expected) throws Exception {
    byte[] message = opensslEncrypt(option);

    Decrypted d = Envelope.decrypt(message, alice.keySource());
    assertThat(d.content()).isEqualTo(CONTENT);
    assertThat(d.cipher()).isEqualTo(expected);
    assertThat(Envelope.decrypt(message, alice.keyOnly()).content()).isEqualTo(CONTENT);

    // negative twins: truncation is malformed; a flipped last byte breaks CBC padding, while RC4
    // (a bare stream cipher) has nothing to check and gives changed plaintext
    byte[] cut = Arrays.copyOf(message, message.length - 1);
    assertThat(catchThrowable(() -> Envelope.decrypt(cut, alice.keySource())))
        .isExactlyInstanceOf(MalformedMessageException.class);
    byte[] flipped = message.clone();
    flipped[flipped.length - 1] ^= 1; // the last ciphertext byte: DER content comes last
    if (expected.cliName().startsWith("rc4")) {
      assertThat(Envelope.decrypt(flipped, alice.keySource()).content()).isNotEqualTo(CONTENT);
    } else {
      assertThat(catchThrowable(() -> Envelope.decrypt(flipped, alice.keySource())))
          .isExactlyInstanceOf(DecryptionFailedException.class)
          .hasMessage(DecryptionFailedException.MESSAGE);
    }
  }

  static Stream<ContentCipher> legacy() {
    return Stream.of(
        ContentCipher.DES_CBC,
        ContentCipher.RC2_40,
        ContentCipher.RC2_56,
        ContentCipher.RC2_64,
        ContentCipher.RC2_128,
        ContentCipher.RC4_40,
        ContentCipher.RC4_56,
        ContentCipher.RC4_128);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("legacy")
  void opensslOpensWhatEnvelopeWrites(ContentCipher cipher) throws Exception {
    for (RsaPadding padding : RsaPadding.values()) {
      byte[] message =
          Envelope.sealer()
              .withCipher(cipher)
              .withRecipient(
                  new Recipient.KeyTransport(alice.certificate(), padding, OaepHash.SHA256))
              .seal(CONTENT);
      MessageInfo info = Envelope.inspect(message);
      assertThat(info.contentCipher().name()).startsWith(cipher.cliName().split("-")[0]);

      Openssl.Result r = opensslDecrypt(message);
      if (cipher == ContentCipher.RC2_56) {
        // openssl knows RC2 versions for 40, 64 and 128 bits only ("rc2_magic_to_keybits:
        // unsupported key size"); Bouncy Castle reads it (BouncyCastleInteropTest)
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("unsupported key size");
        continue;
      }
      assertThat(r.exitCode()).as(padding + ": " + r.stderr()).isZero();
      assertThat(r.stdout().getBytes("ISO-8859-1")).isEqualTo(CONTENT);
      // and back: Envelope opens its own message with the key alone
      assertThat(Envelope.decrypt(message, alice.keyOnly()).cipher()).isEqualTo(cipher);

      if (!cipher.cliName().startsWith("rc4")) {
        byte[] flipped = message.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThat(opensslDecrypt(flipped).exitCode()).as("openssl, flipped").isNotZero();
        assertThat(catchThrowable(() -> Envelope.decrypt(flipped, alice.keySource())))
            .isExactlyInstanceOf(DecryptionFailedException.class);
      }
    }
  }

  /**
   * CryptoAPI's salted RC4 ({@code CMSG_RC4_AUX_INFO}: (128 - key bits) / 8 bytes of salt in the
   * parameters, appended to the key): a 40-bit key with 11 bytes of salt is a 16-byte RC4 key.
   */
  @Test
  void rc4WithCryptoApiSalt() throws Exception {
    byte[] cek = {1, 2, 3, 4, 5};
    byte[] salt = new byte[11];
    Arrays.fill(salt, (byte) 0x5a);
    byte[] full = Arrays.copyOf(cek, 16);
    System.arraycopy(salt, 0, full, 5, 11);
    Cipher rc4 = Cipher.getInstance("ARCFOUR");
    rc4.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(full, "ARCFOUR"));
    byte[] ct = rc4.doFinal(CONTENT);

    ContentSpec spec =
        ContentSpec.parse(
            new dev.envelope.cms.AlgorithmIdentifier(
                Algorithm.RC4.oid(), Bytes.of(derOctetString(salt))),
            false);
    assertThat(spec.keyBytes()).isEqualTo(5);
    ContentStreams.Decryptor d = ContentStreams.decryptor(spec, cek);
    byte[] out = new byte[ct.length + 16];
    int n = d.update(ct, 0, ct.length, out, 0);
    byte[] last = d.finish(null, new byte[0]);
    assertThat(last).isEmpty();
    assertThat(Arrays.copyOf(out, n)).isEqualTo(CONTENT);
    // a key of another length than the salt leaves is refused, as a decryption failure
    assertThat(catchThrowable(() -> ContentStreams.decryptor(spec, new byte[16])))
        .isExactlyInstanceOf(DecryptionFailedException.class);
  }

  private static byte[] derOctetString(byte[] b) {
    byte[] out = new byte[b.length + 2];
    out[0] = 0x04;
    out[1] = (byte) b.length;
    System.arraycopy(b, 0, out, 2, b.length);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // ChaCha20-Poly1305 tampering, multi-MiB

  /**
   * A byte flipped at the start, middle or end of a 5 MiB ChaCha20-Poly1305 message fails as the
   * one decryption failure, and {@code Opener.decrypt(InputStream, OutputStream)} writes nothing.
   */
  @Test
  void chachaTamperingReleasesNothing() throws Exception {
    byte[] content = new byte[5 * 1024 * 1024 + 17];
    new java.util.Random(8103).nextBytes(content);
    byte[] message =
        Envelope.sealer()
            .withCipher(ContentCipher.CHACHA20_POLY1305)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(content);
    ByteArrayOutputStream ok = new ByteArrayOutputStream();
    Envelope.opener().decrypt(new ByteArrayInputStream(message), ok, alice.keySource());
    assertThat(ok.toByteArray()).isEqualTo(content);

    // the content sits near the end of the DER message, before the 16-byte mac's TLV
    int contentEnd = message.length - 18;
    int contentStart = contentEnd - content.length;
    for (int at : new int[] {contentStart, contentStart + content.length / 2, contentEnd - 1}) {
      byte[] spoiled = message.clone();
      spoiled[at] ^= 0x40;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Throwable t =
          catchThrowable(
              () ->
                  Envelope.opener()
                      .decrypt(new ByteArrayInputStream(spoiled), out, alice.keySource()));
      assertThat(t).as("flip at " + at).isExactlyInstanceOf(DecryptionFailedException.class);
      assertThat(out.size()).as("released at " + at).isZero();
    }
    // and the mac itself
    byte[] badMac = message.clone();
    badMac[message.length - 1] ^= 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(
            catchThrowable(
                () ->
                    Envelope.opener()
                        .decrypt(new ByteArrayInputStream(badMac), out, alice.keySource())))
        .isExactlyInstanceOf(DecryptionFailedException.class);
    assertThat(out.size()).isZero();
  }

  /**
   * The facade's CAPICOM names: RC2, RC4 and DES at CAPICOM's key lengths (MAXIMUM is 128 bits for
   * RC2 and RC4), read back by the facade and, for RC2 MAXIMUM and DES, by openssl.
   */
  @Test
  void facadeLegacyNames() throws Exception {
    record Pick(
        dev.envelope.EnvelopedData.AlgorithmName name,
        dev.envelope.EnvelopedData.KeyLength length,
        ContentCipher expected) {}
    var n = dev.envelope.EnvelopedData.AlgorithmName.class;
    List<Pick> picks =
        List.of(
            new Pick(
                dev.envelope.EnvelopedData.AlgorithmName.RC2,
                dev.envelope.EnvelopedData.KeyLength.MAXIMUM,
                ContentCipher.RC2_128),
            new Pick(
                dev.envelope.EnvelopedData.AlgorithmName.RC2,
                dev.envelope.EnvelopedData.KeyLength.BITS_40,
                ContentCipher.RC2_40),
            new Pick(
                dev.envelope.EnvelopedData.AlgorithmName.RC2,
                dev.envelope.EnvelopedData.KeyLength.BITS_56,
                ContentCipher.RC2_56),
            new Pick(
                dev.envelope.EnvelopedData.AlgorithmName.RC4,
                dev.envelope.EnvelopedData.KeyLength.MAXIMUM,
                ContentCipher.RC4_128),
            new Pick(
                dev.envelope.EnvelopedData.AlgorithmName.RC4,
                dev.envelope.EnvelopedData.KeyLength.BITS_40,
                ContentCipher.RC4_40),
            new Pick(
                dev.envelope.EnvelopedData.AlgorithmName.DES,
                dev.envelope.EnvelopedData.KeyLength.MAXIMUM,
                ContentCipher.DES_CBC),
            new Pick(
                dev.envelope.EnvelopedData.AlgorithmName.AES,
                dev.envelope.EnvelopedData.KeyLength.MAXIMUM,
                ContentCipher.AES_256_CBC));
    assertThat(n.getEnumConstants()).hasSize(5);
    for (Pick p : picks) {
      dev.envelope.EnvelopedData sender = new dev.envelope.EnvelopedData();
      sender.setContent(CONTENT);
      sender.recipients().add(alice.certificate());
      sender.algorithm().setName(p.name());
      sender.algorithm().setKeyLength(p.length());
      byte[] der = sender.encryptToBytes();
      assertThat(Envelope.decrypt(der, alice.keySource()).cipher())
          .as(p.toString())
          .isEqualTo(p.expected());
      dev.envelope.EnvelopedData receiver = new dev.envelope.EnvelopedData();
      receiver.decrypt(
          sender.encrypt(dev.envelope.EnvelopedData.Encoding.BASE64), alice.keySource());
      assertThat(receiver.getContentBytes()).isEqualTo(CONTENT);
      if (p.expected() == ContentCipher.RC2_128 || p.expected() == ContentCipher.DES_CBC) {
        assertThat(opensslDecrypt(der).stdout().getBytes("ISO-8859-1")).isEqualTo(CONTENT);
      }
    }
    dev.envelope.EnvelopedData bad = new dev.envelope.EnvelopedData();
    bad.setContent(CONTENT);
    bad.recipients().add(alice.certificate());
    bad.algorithm().setName(dev.envelope.EnvelopedData.AlgorithmName.RC2);
    bad.algorithm().setKeyLength(dev.envelope.EnvelopedData.KeyLength.BITS_256);
    assertThat(catchThrowable(bad::encryptToBytes))
        .isExactlyInstanceOf(dev.envelope.error.UnsupportedAlgorithmException.class);
  }
}
