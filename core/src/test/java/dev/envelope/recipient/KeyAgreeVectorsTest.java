package dev.envelope.recipient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.armor.Armor;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorPublicKey;
import dev.envelope.cms.KeyAgreeRecipientInfo.RecipientEncryptedKey;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.vectors.Csv;
import dev.envelope.vectors.KeyFiles;
import dev.envelope.vectors.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key agreement message of the shared vectors ({@code manifest.csv} rows whose recipient type
 * says kari: OpenSSL's ECDH P-256 messages from Bouncy Castle's tests, with SHA-1 to SHA-512 X9.63
 * KDFs, AES and Triple-DES wraps with NULL or absent parameters; CryptoSys' X25519 messages from
 * draft-ireland-examples-cms, one with the X9.63 KDF and one with RFC 8418 HKDF) opens with the key
 * agreement key to the expected bytes, and every one has negative twins: the encrypted key
 * modified, the originator's point modified, the message truncated.
 */
class KeyAgreeVectorsTest {

  /** One message and the key agreement key that opens it. */
  record Vector(String file, String key, String cert, String expected) {}

  /** The examples-cms rows name Bob's RSA key; their kari entries are Dana's (X25519). */
  private static final Map<String, String[]> DANA =
      Map.of(
          "examples-cms/der/encryptedForBobAndDana.p7m",
          new String[] {
            "examples-cms/keys/lamps-dana.decrypt.p8.pem",
            "examples-cms/keys/lamps-dana.encrypt.crt"
          },
          "examples-cms/der/authEnvelopedForDanaX25519HKDF.p7m",
          new String[] {
            "examples-cms/keys/lamps-dana.decrypt.p8.pem",
            "examples-cms/keys/lamps-dana.encrypt.crt"
          });

  static List<Vector> manifest() {
    String p = System.getProperty("envelope.vectors");
    if (p == null || !Files.isRegularFile(Path.of(p, "manifest.csv"))) {
      return List.of();
    }
    String text = new String(Vectors.read(Path.of(p, "manifest.csv")), StandardCharsets.UTF_8);
    List<Vector> out = new ArrayList<>();
    for (Map<String, String> row : Csv.parseWithHeader(text)) {
      if (!row.get("recipient_type").contains("kari")) {
        continue;
      }
      String file = row.get("file");
      String[] dana = DANA.get(file);
      out.add(
          new Vector(
              file,
              dana != null ? dana[0] : row.get("key"),
              dana != null ? dana[1] : row.get("cert"),
              row.get("expected")));
    }
    return out;
  }

  static Stream<Arguments> vectors() {
    List<Vector> m = manifest();
    if (m.isEmpty()) {
      return Stream.of(Arguments.of(Named.of("(shared vectors absent)", null)));
    }
    return m.stream().map(v -> Arguments.of(Named.of(v.file(), v)));
  }

  private static KeySource keys(Vector v) throws Exception {
    return KeySource.of(
        KeyFiles.certificate(Vectors.file(v.cert())), KeyFiles.privateKey(Vectors.file(v.key())));
  }

  private static KeySource keyOnly(Vector v) throws Exception {
    return KeySource.of(KeyFiles.privateKey(Vectors.file(v.key())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void opensToTheExpectedBytes(Vector v) throws Exception {
    if (v == null) {
      Vectors.dir(); // skips, saying why
    }
    byte[] message = Vectors.read(v.file());
    Decrypted d = Envelope.decrypt(message, keys(v));
    assertThat(d.content()).isEqualTo(Vectors.read(v.expected()));
    assertThat(Envelope.decrypt(message, keyOnly(v)).content())
        .isEqualTo(Vectors.read(v.expected()));
  }

  /** One way to spoil a message, and what it must fail with. */
  enum Twin {
    /** A byte in the middle of every kari encryptedKey flipped: the wrap's integrity check. */
    ENCRYPTED_KEY(DecryptionFailedException.class),
    /**
     * The last byte of the originator's public key flipped: an EC point then leaves the curve, an
     * X25519 key becomes another key. Either way the generic failure, before (EC) or at the unwrap.
     */
    ORIGINATOR_KEY(DecryptionFailedException.class),
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
    List<Vector> m = manifest();
    if (m.isEmpty()) {
      return Stream.of(Arguments.of(Named.of("(shared vectors absent)", null), Twin.ENCRYPTED_KEY));
    }
    return m.stream()
        .flatMap(
            v ->
                Stream.of(Twin.values())
                    .map(t -> Arguments.of(Named.of(v.file() + " " + t, v), t)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("twins")
  void negativeTwinFailsWithTheRightException(Vector v, Twin twin) throws Exception {
    if (v == null) {
      Vectors.dir();
    }
    byte[] binary = Armor.unarmor(Vectors.read(v.file())).orElseThrow().binary();
    byte[] spoiled =
        switch (twin) {
          case ENCRYPTED_KEY ->
              KeyAgreeRecipientsTest.withKari(
                  binary,
                  k -> {
                    List<RecipientEncryptedKey> reks = new ArrayList<>();
                    for (RecipientEncryptedKey rek : k.recipientEncryptedKeys()) {
                      byte[] ek = rek.encryptedKey().toByteArray();
                      ek[ek.length / 2] ^= 0x01;
                      reks.add(
                          new RecipientEncryptedKey(rek.rid(), rek.rKeyIdExtras(), Bytes.of(ek)));
                    }
                    return new KeyAgreeRecipientInfo(
                        k.originator(), k.ukm(), k.keyEncryptionAlgorithm(), reks);
                  });
          case ORIGINATOR_KEY ->
              KeyAgreeRecipientsTest.withKari(
                  binary,
                  k -> {
                    OriginatorPublicKey o = (OriginatorPublicKey) k.originator();
                    byte[] pub = o.publicKey().toByteArray();
                    pub[pub.length - 1] ^= 0x01;
                    return KeyAgreeRecipientsTest.withOriginator(
                        k, new OriginatorPublicKey(o.algorithm(), Bytes.of(pub)));
                  });
          case TRUNCATED_BY_ONE -> Arrays.copyOf(binary, binary.length - 1);
          case TRUNCATED_TO_HALF -> Arrays.copyOf(binary, binary.length / 2);
        };
    KeySource keys = keys(v);

    Throwable t = catchThrowable(() -> Envelope.decrypt(spoiled, keys));

    assertThat(t).as("a spoiled message must not open").isNotNull();
    assertThat(t).isExactlyInstanceOf(twin.expected);
    if (twin.expected == DecryptionFailedException.class) {
      assertThat(t).hasMessage(DecryptionFailedException.MESSAGE).hasNoCause();
    }
  }
}
