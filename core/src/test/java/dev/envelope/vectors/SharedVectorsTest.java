package dev.envelope.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.armor.Armor;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.MalformedMessageException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RSA key-transport message of the shared vectors ({@code manifest.csv}: messages made by
 * Windows/.NET, OpenSSL, CryptoSys, the RFC 4134 authors, pyca and smallstep fixtures) opens with
 * the given key and certificate to the expected bytes, input encoding detected by Envelope itself;
 * the known-bad ones fail as a decryption failure; and every message that opens has negative twins
 * (a byte flipped, a copy truncated) that fail with the right {@link EnvelopeException} and never
 * anything else.
 */
class SharedVectorsTest {

  /** What a manifest row must do. */
  enum Expect {
    OPENS,
    FAILS_DECRYPTION,
    SKIPPED
  }

  /** One manifest row, classified. */
  record Vector(Map<String, String> row, Expect expect, String reason) {
    String file() {
      return row.get("file");
    }

    String get(String column) {
      return row.get(column);
    }
  }

  /** Rows that must not open, each with why. */
  private static final Map<String, String> MUST_FAIL =
      Map.of(
          "dotnet-runtime/messages/Decrypt_512_CekDoesNotDecrypt_FixedValue.der",
          ".NET negative vector: the encryptedKey is corrupted",
          "smallstep-pkcs7/fixture4-openssl-cms-aes256-oaep-sha256.p7.pem",
          "documented peer bug: the OAEP parameters say MGF1-SHA-1 but the key was encrypted with"
              + " MGF1-SHA-256; Envelope follows the parameters, as OpenSSL does",
          "dotnet-runtime/messages/Decrypt_512_NoData_FixedValue.der",
          "encryptedContent absent: Envelope fails it deliberately as a decryption failure, since"
              + " with no content to decrypt a right key cannot be told from a wrong one (the"
              + " CekDoesNotDecrypt twin) without a padding oracle; .NET returns empty content");

  static Optional<List<Vector>> manifest() {
    String p = System.getProperty("envelope.vectors");
    if (p == null || !Files.isRegularFile(Path.of(p, "manifest.csv"))) {
      return Optional.empty();
    }
    Path dir = Path.of(p);
    String text = new String(Vectors.read(dir.resolve("manifest.csv")), StandardCharsets.UTF_8);
    List<Vector> out = new ArrayList<>();
    for (Map<String, String> row : Csv.parseWithHeader(text)) {
      if (!row.get("key_management").contains("RSA")) {
        continue; // key agreement, KEK and symmetric messages belong to later issues
      }
      out.add(classify(dir, row));
    }
    return Optional.of(out);
  }

  private static Vector classify(Path dir, Map<String, String> row) {
    String file = row.get("file");
    String key = row.get("key");
    if (key.isEmpty() || !Files.isRegularFile(dir.resolve(key))) {
      return new Vector(row, Expect.SKIPPED, "no private key for this message in the vectors");
    }
    if (row.get("inform").equals("SMIME")) {
      return new Vector(
          row, Expect.SKIPPED, "S/MIME: core reads no MIME; the CLI opens it (cli SmimeTest)");
    }
    if (MUST_FAIL.containsKey(file)) {
      return new Vector(row, Expect.FAILS_DECRYPTION, MUST_FAIL.get(file));
    }
    return new Vector(row, Expect.OPENS, "opens to " + row.get("expected"));
  }

  static Stream<Arguments> rsaVectors() {
    Optional<List<Vector>> m = manifest();
    if (m.isEmpty()) {
      return Stream.of(Arguments.of(Named.of("(shared vectors absent)", null)));
    }
    return m.get().stream().map(v -> Arguments.of(Named.of(v.file(), v)));
  }

  /** The rows that come with a PKCS #12 file (the .NET ones). */
  static Stream<Arguments> pfxVectors() {
    return rsaVectors()
        .filter(
            a ->
                a.get()[0] instanceof Named<?> n
                    && (n.getPayload() == null || pfx((Vector) n.getPayload()) != null));
  }

  /** The PFX named in the notes ("PFX: path password 1111"), or null. */
  static String pfx(Vector v) {
    int at = v.get("notes").indexOf("PFX: ");
    return at < 0 ? null : v.get("notes").substring(at + 5).split(" ")[0];
  }

  private static void skipIfNeeded(Vector v) {
    if (v == null) {
      Vectors.dir(); // aborts with the reason
    }
    if (v.expect() == Expect.SKIPPED) {
      System.out.println("SKIPPED " + v.file() + ": " + v.reason());
      Assumptions.abort(v.reason());
    }
    if (ABSENT_CONTENT.contains(v.file())) {
      String why = "known bug, see absentContentVectorsFailAsDecryptionFailure";
      System.out.println("SKIPPED " + v.file() + ": " + why);
      Assumptions.abort(why);
    }
  }

  /** The .NET vectors whose encryptedContent is absent. */
  private static final List<String> ABSENT_CONTENT =
      List.of(
          "dotnet-runtime/messages/Decrypt_512_NoData_FixedValue.der",
          "dotnet-runtime/messages/Decrypt_512_CekDoesNotDecrypt_FixedValue.der");

  static Stream<Arguments> absentContentVectors() {
    Optional<List<Vector>> m = manifest();
    if (m.isEmpty()) {
      return Stream.of(Arguments.of(Named.of("(shared vectors absent)", null)));
    }
    return m.get().stream()
        .filter(v -> ABSENT_CONTENT.contains(v.file()))
        .map(v -> Arguments.of(Named.of(v.file(), v)));
  }

  /**
   * The two .NET vectors without encryptedContent fail as the one decryption failure: NoData
   * because decrypting nothing cannot tell a right key from a wrong one, CekDoesNotDecrypt because
   * its encryptedKey is corrupted (telling the two apart would need a padding oracle).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("absentContentVectors")
  void absentContentVectorsFailAsDecryptionFailure(Vector v) throws Exception {
    if (v == null) {
      Vectors.dir();
    }
    byte[] message = Vectors.read(v.file());
    assertThat(v.expect()).isEqualTo(Expect.FAILS_DECRYPTION);

    assertDecryptionFailed(catchThrowable(() -> Envelope.decrypt(message, keys(v))), v.reason());
  }

  private static KeySource keys(Vector v) throws Exception {
    X509Certificate cert = KeyFiles.certificate(Vectors.file(v.get("cert")));
    PrivateKey key = KeyFiles.privateKey(Vectors.file(v.get("key")));
    return KeySource.of(cert, key);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rsaVectors")
  void opensToTheExpectedBytes(Vector v) throws Exception {
    skipIfNeeded(v);
    byte[] message = Vectors.read(v.file()); // PEM or DER: detected by Envelope.decrypt

    if (v.expect() == Expect.FAILS_DECRYPTION) {
      assertDecryptionFailed(catchThrowable(() -> Envelope.decrypt(message, keys(v))), v.reason());
      return;
    }
    Decrypted d = Envelope.decrypt(message, keys(v));
    assertThat(d.content()).isEqualTo(Vectors.read(v.get("expected")));
  }

  /**
   * The .NET vectors again, with the key from the PKCS #12 file they come with (password 1111),
   * through {@link KeySource#of(KeyStore, char[])}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pfxVectors")
  void dotnetVectorsOpenWithTheirPfx(Vector v) throws Exception {
    skipIfNeeded(v);
    String pfx = pfx(v);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(new ByteArrayInputStream(Vectors.read(pfx)), "1111".toCharArray());
    KeySource keys = KeySource.of(ks, "1111".toCharArray());
    byte[] message = Vectors.read(v.file());

    if (v.expect() == Expect.FAILS_DECRYPTION) {
      assertDecryptionFailed(catchThrowable(() -> Envelope.decrypt(message, keys)), v.reason());
      return;
    }
    assertThat(Envelope.decrypt(message, keys).content())
        .isEqualTo(Vectors.read(v.get("expected")));
  }

  // ---------------------------------------------------------------------------------------------
  // negative twins

  /** One way to spoil a message that opens, and what it must fail with. */
  enum Twin {
    /**
     * The last byte of the encrypted content flipped. For CBC this turns the whole last plaintext
     * block into noise, so the padding check fails (a random block ends in valid PKCS #7 padding
     * only about once in 256, and these vectors are fixed, so the outcome is fixed); for GCM the
     * tag fails.
     */
    CONTENT_LAST_BYTE(DecryptionFailedException.class),
    /**
     * The lowest bit of the byte just before the last ciphertext block (the IV's last byte when
     * there is one block). CBC is malleable: this flips the same bit of the last plaintext byte,
     * the padding length, and a PKCS #7 pad of p becomes p^1, which is never valid. So this twin
     * breaks the padding on every CBC message, not most of them.
     */
    CBC_PADDING_BYTE(DecryptionFailedException.class),
    /** A byte in the middle of every KeyTransRecipientInfo's encryptedKey flipped. */
    ENCRYPTED_KEY(DecryptionFailedException.class),
    /** The last byte cut off. */
    TRUNCATED_BY_ONE(MalformedMessageException.class),
    /** Only the first half kept. */
    TRUNCATED_TO_HALF(MalformedMessageException.class);

    final Class<? extends EnvelopeException> expected;

    Twin(Class<? extends EnvelopeException> expected) {
      this.expected = expected;
    }
  }

  static Stream<Arguments> twins() {
    Optional<List<Vector>> m = manifest();
    if (m.isEmpty()) {
      return Stream.of(Arguments.of(Named.of("(shared vectors absent)", null), Twin.ENCRYPTED_KEY));
    }
    return m.get().stream()
        .filter(v -> v.expect() == Expect.OPENS)
        .flatMap(
            v ->
                Stream.of(Twin.values())
                    .map(t -> Arguments.of(Named.of(v.file() + " " + t, v), t)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("twins")
  void negativeTwinFailsWithTheRightException(Vector v, Twin twin) throws Exception {
    skipIfNeeded(v);
    byte[] binary =
        Armor.unarmor(Vectors.read(v.file())).orElseThrow().binary(); // the bytes as sent
    byte[] spoiled = spoil(binary, twin);
    KeySource keys = keys(v);

    Throwable t = catchThrowable(() -> Envelope.decrypt(spoiled, keys));

    assertThat(t).as("a spoiled message must not open").isNotNull();
    assertThat(t).isExactlyInstanceOf(twin.expected);
    if (twin.expected == DecryptionFailedException.class) {
      assertDecryptionFailed(t, twin.toString());
    }
  }

  private static byte[] spoil(byte[] binary, Twin twin) throws Exception {
    byte[] out = binary.clone();
    CmsMessage m = CmsCodec.decode(binary, CmsLimits.DEFAULT);
    switch (twin) {
      case CONTENT_LAST_BYTE -> {
        byte[] ct = m.encryptedContentInfo().encryptedContent().toByteArray();
        out[locate(binary, ct, "encryptedContent") + ct.length - 1] ^= 0x01;
      }
      case CBC_PADDING_BYTE -> {
        ContentSpec spec =
            ContentSpec.parse(
                m.encryptedContentInfo().contentEncryptionAlgorithm(),
                m instanceof AuthEnvelopedData);
        byte[] ct = m.encryptedContentInfo().encryptedContent().toByteArray();
        int block = spec.algorithm().ivBytes();
        if (ct.length >= 2 * block) {
          out[locate(binary, ct, "encryptedContent") + ct.length - block - 1] ^= 0x01;
        } else {
          byte[] iv = spec.iv().toByteArray();
          out[locate(binary, iv, "IV") + iv.length - 1] ^= 0x01;
        }
      }
      case ENCRYPTED_KEY -> {
        for (RecipientInfo ri : m.recipientInfos()) {
          if (ri instanceof KeyTransRecipientInfo ktri) {
            byte[] ek = ktri.encryptedKey().toByteArray();
            out[locate(binary, ek, "encryptedKey") + ek.length / 2] ^= 0x01;
          }
        }
      }
      case TRUNCATED_BY_ONE -> out = Arrays.copyOf(binary, binary.length - 1);
      case TRUNCATED_TO_HALF -> out = Arrays.copyOf(binary, binary.length / 2);
    }
    return out;
  }

  /** Where {@code field} sits in {@code message}: it must occur exactly once. */
  private static int locate(byte[] message, byte[] field, String name) {
    int found = -1;
    for (int i = 0; i + field.length <= message.length; i++) {
      if (Arrays.equals(message, i, i + field.length, field, 0, field.length)) {
        assertThat(found).as(name + " occurs more than once").isEqualTo(-1);
        found = i;
      }
    }
    assertThat(found).as(name + " not found as one piece in the message").isNotNegative();
    return found;
  }

  private static void assertDecryptionFailed(Throwable t, String why) {
    assertThat(t).as(why).isExactlyInstanceOf(DecryptionFailedException.class);
    assertThat(t).hasMessage(DecryptionFailedException.MESSAGE).hasNoCause();
    assertThat(t.getSuppressed()).isEmpty();
  }
}
