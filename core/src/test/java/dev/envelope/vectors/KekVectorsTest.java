package dev.envelope.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.armor.Armor;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The KEK rows of the shared vectors ({@code manifest.csv}, recipient type {@code kekri}):
 * OpenSSL's AuthEnvelopedData test message with authAttrs opens with the KEK of column {@code
 * secret_hex} to its expected bytes, and its negative twins fail with the documented exception;
 * CryptoSys's {@code encryptedKekri.p7m} parses, but its KEK is not in the vectors, so opening it
 * is skipped.
 */
class KekVectorsTest {

  private static final String OPENSSL = "openssl/authenveloped_attrs.pem";
  private static final String CRYPTOSYS = "examples-cms/der/encryptedKekri.p7m";

  private static Map<String, String> row(String file) {
    String text = new String(Vectors.read(Vectors.file("manifest.csv")), StandardCharsets.UTF_8);
    Optional<Map<String, String>> row =
        Csv.parseWithHeader(text).stream().filter(r -> r.get("file").equals(file)).findFirst();
    assertThat(row).as("manifest row for " + file).isPresent();
    assertThat(row.get().get("recipient_type")).startsWith("kekri");
    return row.get();
  }

  /** The KEKIdentifier written in the manifest's recipient_type, {@code keyIdentifier=HEX}. */
  private static byte[] keyId(Map<String, String> row) {
    String t = row.get("recipient_type");
    return HexFormat.of().parseHex(t.substring(t.indexOf('=') + 1).trim());
  }

  private static KeySource kek(Map<String, String> row) {
    return KeySource.kek(keyId(row), HexFormat.of().parseHex(row.get("secret_hex")));
  }

  @Test
  void opensslAuthEnvelopedWithAttributesOpens() throws Exception {
    Map<String, String> row = row(OPENSSL);
    byte[] message = Vectors.read(OPENSSL); // PEM, BER inside: detected by Envelope.decrypt

    var d = Envelope.decrypt(message, kek(row));

    assertThat(d.content()).isEqualTo(Vectors.read(row.get("expected")));
    assertThat(d.authenticated()).isTrue();
  }

  @Test
  void aWrongKekFailsTheVector() {
    Map<String, String> row = row(OPENSSL);
    byte[] wrong = HexFormat.of().parseHex(row.get("secret_hex"));
    wrong[0] ^= 1;
    Throwable t =
        catchThrowable(
            () -> Envelope.decrypt(Vectors.read(OPENSSL), KeySource.kek(keyId(row), wrong)));
    assertDecryptionFailed(t);
  }

  /** One way to spoil the vector, and what it must fail with. */
  enum Twin {
    /** A byte of the kekri encryptedKey flipped: the AES key wrap integrity check fails. */
    ENCRYPTED_KEY(DecryptionFailedException.class),
    /** The first byte of the GCM tag flipped. */
    MAC(DecryptionFailedException.class),
    /** A byte of the authenticated attributes (the AAD) flipped. */
    AUTH_ATTRS(DecryptionFailedException.class),
    /** The last byte cut off. */
    TRUNCATED_BY_ONE(MalformedMessageException.class),
    /** Only the first half kept. */
    TRUNCATED_TO_HALF(MalformedMessageException.class);

    final Class<? extends EnvelopeException> expected;

    Twin(Class<? extends EnvelopeException> expected) {
      this.expected = expected;
    }
  }

  @ParameterizedTest
  @EnumSource(Twin.class)
  void negativeTwinsFailWithTheDocumentedException(Twin twin) throws Exception {
    Map<String, String> row = row(OPENSSL);
    byte[] binary = Armor.unarmor(Vectors.read(OPENSSL)).orElseThrow().binary();
    AuthEnvelopedData m = (AuthEnvelopedData) CmsCodec.decode(binary, CmsLimits.DEFAULT);
    byte[] spoiled = binary.clone();
    switch (twin) {
      case ENCRYPTED_KEY -> {
        byte[] ek = ((KekRecipientInfo) m.recipientInfos().get(0)).encryptedKey().toByteArray();
        spoiled[locate(binary, ek) + ek.length / 2] ^= 0x01;
      }
      case MAC -> spoiled[locate(binary, m.mac().toByteArray())] ^= 0x01;
      case AUTH_ATTRS -> {
        // the attribute value "hello" (UTF8String) inside authAttrs
        spoiled[locate(binary, "hello".getBytes(StandardCharsets.US_ASCII))] ^= 0x01;
      }
      case TRUNCATED_BY_ONE -> spoiled = Arrays.copyOf(binary, binary.length - 1);
      case TRUNCATED_TO_HALF -> spoiled = Arrays.copyOf(binary, binary.length / 2);
    }
    byte[] input = spoiled;

    Throwable t = catchThrowable(() -> Envelope.decrypt(input, kek(row)));

    assertThat(t).as("a spoiled message must not open").isExactlyInstanceOf(twin.expected);
    if (twin.expected == DecryptionFailedException.class) {
      assertDecryptionFailed(t);
    }
  }

  /** The CryptoSys KEK message: its structure reads, but its KEK is not in the vectors. */
  @Test
  void cryptosysKekriParsesButItsKekIsMissing() throws Exception {
    Map<String, String> row = row(CRYPTOSYS);
    CmsMessage m = CmsCodec.decode(Vectors.read(CRYPTOSYS), CmsLimits.DEFAULT);
    List<?> ris = m.recipientInfos();
    assertThat(ris).hasSize(1).first().isInstanceOf(KekRecipientInfo.class);
    KekRecipientInfo kekri = (KekRecipientInfo) ris.get(0);
    assertThat(kekri.keyIdentifier().toByteArray())
        .isEqualTo("keyid".getBytes(StandardCharsets.US_ASCII));
    assertThat(dev.envelope.recipient.KekRecipients.wrapOf(kekri))
        .isEqualTo(dev.envelope.crypto.Algorithm.AES_256_WRAP);

    String why =
        "the KEK of " + CRYPTOSYS + " is not in the vectors (manifest: " + row.get("notes") + ")";
    System.out.println("SKIPPED opening " + CRYPTOSYS + ": " + why);
    Assumptions.abort(why);
  }

  private static int locate(byte[] message, byte[] field) {
    int found = -1;
    for (int i = 0; i + field.length <= message.length; i++) {
      if (Arrays.equals(message, i, i + field.length, field, 0, field.length)) {
        assertThat(found).as("occurs more than once").isEqualTo(-1);
        found = i;
      }
    }
    assertThat(found).as("not found as one piece").isNotNegative();
    return found;
  }

  private static void assertDecryptionFailed(Throwable t) {
    assertThat(t).isExactlyInstanceOf(DecryptionFailedException.class);
    assertThat(t).hasMessage(DecryptionFailedException.MESSAGE).hasNoCause();
  }
}
