package dev.envelope.recipient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.Oid;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.KeyWraps;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.engines.DESedeWrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KEKRecipientInfo (RFC 5652 6.2.3): sealing picks the AES key wrap by the KEK's size with absent
 * parameters; opening accepts every AES wrap row, with padding (RFC 5649) too, and RFC 3217's
 * Triple-DES wrap; a wrong KEK, a spoiled entry or a content key of the wrong size is the one
 * decryption failure.
 */
class KekRecipientsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] CONTENT =
      "KEK recipients, RFC 5652 6.2.3".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ID = HexFormat.of().parseHex("c0fee0");

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static byte[] seal(byte[] kek, ContentCipher cipher) throws Exception {
    return Envelope.sealer().withCipher(cipher).withRecipient(Recipient.kek(ID, kek)).seal(CONTENT);
  }

  @ParameterizedTest(name = "{0}-byte KEK")
  @ValueSource(ints = {16, 24, 32})
  void sealsWithTheAesWrapOfTheKekSize(int size) throws Exception {
    byte[] kek = random(size);
    for (ContentCipher cipher :
        new ContentCipher[] {ContentCipher.AES_256_GCM, ContentCipher.AES_128_CBC}) {
      byte[] message = seal(kek, cipher);

      KekRecipientInfo kekri = RecipientSurgery.only(message, KekRecipientInfo.class);
      Algorithm expected =
          size == 16
              ? Algorithm.AES_128_WRAP
              : size == 24 ? Algorithm.AES_192_WRAP : Algorithm.AES_256_WRAP;
      assertThat(kekri.keyEncryptionAlgorithm())
          .isEqualTo(AlgorithmIdentifier.absent(expected.oid()));
      assertThat(kekri.keyIdentifier().toByteArray()).isEqualTo(ID);
      assertThat(Envelope.decrypt(message, KeySource.kek(ID, kek)).content()).isEqualTo(CONTENT);
    }
  }

  @Test
  void aWrongKekFailsAsEveryWrongKeyDoes() throws Exception {
    byte[] message = seal(random(32), ContentCipher.AES_256_GCM);
    assertDecryptionFailed(() -> Envelope.decrypt(message, KeySource.kek(ID, random(32))));
    // a KEK of another size under the right identifier is a wrong key too, not a usage error
    assertDecryptionFailed(() -> Envelope.decrypt(message, KeySource.kek(ID, random(16))));
  }

  @Test
  void aKekUnderAnotherIdentifierIsNotTried() throws Exception {
    byte[] kek = random(32);
    byte[] message = seal(kek, ContentCipher.AES_256_GCM);
    assertThatThrownBy(() -> Envelope.decrypt(message, KeySource.kek(new byte[] {1}, kek)))
        .isInstanceOf(EnvelopeException.class)
        .hasMessageNotContaining(HexFormat.of().formatHex(kek));
  }

  @Test
  void everyFlippedByteOfTheEncryptedKeyFails() throws Exception {
    byte[] kek = random(16);
    byte[] message = seal(kek, ContentCipher.AES_256_GCM);
    byte[] ek = RecipientSurgery.only(message, KekRecipientInfo.class).encryptedKey().toByteArray();
    for (int i = 0; i < ek.length; i++) {
      byte[] spoiled = ek.clone();
      spoiled[i] ^= 0x01;
      byte[] m =
          withEntry(
              message,
              k ->
                  new KekRecipientInfo(
                      k.keyIdentifier(),
                      k.kekIdExtras(),
                      k.keyEncryptionAlgorithm(),
                      Bytes.of(spoiled)));
      assertDecryptionFailed(() -> Envelope.decrypt(m, KeySource.kek(ID, kek)));
    }
  }

  /** The content key of a message this test sealed, unwrapped with the test's own KEK. */
  private static byte[] cekOf(byte[] message, byte[] kek) throws Exception {
    KekRecipientInfo k = RecipientSurgery.only(message, KekRecipientInfo.class);
    Algorithm wrap = Algorithm.byOid(k.keyEncryptionAlgorithm().algorithm()).orElseThrow();
    return KeyWraps.unwrap(wrap, kek, k.encryptedKey().toByteArray());
  }

  private static byte[] withEntry(
      byte[] message, java.util.function.UnaryOperator<KekRecipientInfo> f) {
    return RecipientSurgery.rewrite(
        message, ri -> ri instanceof KekRecipientInfo k ? f.apply(k) : ri);
  }

  private static byte[] rewrapped(byte[] message, byte[] kek, AlgorithmIdentifier alg, byte[] ek) {
    return withEntry(
        message, k -> new KekRecipientInfo(k.keyIdentifier(), null, alg, Bytes.of(ek)));
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"AES_128_WRAP_PAD", "AES_192_WRAP_PAD", "AES_256_WRAP_PAD"})
  void opensAesKeyWrapWithPadding(Algorithm wrap) throws Exception {
    byte[] kek = random(wrap.keyBytes());
    byte[] message = seal(kek, ContentCipher.AES_256_GCM);
    byte[] cek = cekOf(message, kek);
    byte[] m =
        rewrapped(
            message, kek, AlgorithmIdentifier.absent(wrap.oid()), KeyWraps.wrap(wrap, kek, cek));
    assertThat(Envelope.decrypt(m, KeySource.kek(ID, kek)).content()).isEqualTo(CONTENT);
  }

  @Test
  void opensTripleDesWrapMadeByBouncyCastle() throws Exception {
    byte[] aesKek = random(24);
    byte[] message = seal(aesKek, ContentCipher.AES_256_CBC);
    byte[] cek = cekOf(message, aesKek);
    byte[] desKek = random(24);
    DESedeWrapEngine e = new DESedeWrapEngine();
    e.init(true, new ParametersWithIV(new KeyParameter(desKek), random(8)));
    byte[] ek = e.wrap(cek, 0, cek.length);

    // RFC 3370 4.3.1 writes NULL parameters; absent ones are accepted too
    for (AlgorithmIdentifier alg :
        new AlgorithmIdentifier[] {
          AlgorithmIdentifier.withNull(Algorithm.DES_EDE3_WRAP.oid()),
          AlgorithmIdentifier.absent(Algorithm.DES_EDE3_WRAP.oid())
        }) {
      byte[] m = rewrapped(message, desKek, alg, ek);
      assertThat(Envelope.decrypt(m, KeySource.kek(ID, desKek)).content()).isEqualTo(CONTENT);
      assertDecryptionFailed(() -> Envelope.decrypt(m, KeySource.kek(ID, random(24))));
    }
  }

  @Test
  void aContentKeyOfTheWrongSizeFails() throws Exception {
    byte[] kek = random(16);
    byte[] message = seal(kek, ContentCipher.AES_256_GCM);
    byte[] m =
        rewrapped(
            message,
            kek,
            AlgorithmIdentifier.absent(Algorithm.AES_128_WRAP.oid()),
            KeyWraps.wrap(Algorithm.AES_128_WRAP, kek, random(16)));
    assertDecryptionFailed(() -> Envelope.decrypt(m, KeySource.kek(ID, kek)));
  }

  @Test
  void structuralProblemsAreReportedBeforeAnyUnwrap() throws Exception {
    byte[] kek = random(16);
    byte[] message = seal(kek, ContentCipher.AES_256_GCM);
    byte[] ek = RecipientSurgery.only(message, KekRecipientInfo.class).encryptedKey().toByteArray();

    byte[] withParams =
        rewrapped(
            message,
            kek,
            new AlgorithmIdentifier(Algorithm.AES_128_WRAP.oid(), Bytes.ofHex("0401ff")),
            ek);
    assertThatThrownBy(() -> Envelope.decrypt(withParams, KeySource.kek(ID, kek)))
        .isExactlyInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("aes128-wrap");

    byte[] unknown = rewrapped(message, kek, AlgorithmIdentifier.absent(Oid.of("1.2.3.4")), ek);
    assertThatThrownBy(() -> Envelope.decrypt(unknown, KeySource.kek(ID, kek)))
        .isExactlyInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageContaining("1.2.3.4");

    byte[] pwriKek =
        rewrapped(message, kek, AlgorithmIdentifier.absent(Algorithm.PWRI_KEK.oid()), ek);
    assertThatThrownBy(() -> Envelope.decrypt(pwriKek, KeySource.kek(ID, kek)))
        .isExactlyInstanceOf(UnsupportedAlgorithmException.class);

    byte[] contentCipher =
        rewrapped(message, kek, AlgorithmIdentifier.absent(Algorithm.AES_128_CBC.oid()), ek);
    assertThatThrownBy(() -> Envelope.decrypt(contentCipher, KeySource.kek(ID, kek)))
        .isExactlyInstanceOf(UnsupportedAlgorithmException.class);
  }

  static void assertDecryptionFailed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isExactlyInstanceOf(DecryptionFailedException.class)
        .hasMessage(DecryptionFailedException.MESSAGE)
        .hasNoCause();
  }
}
