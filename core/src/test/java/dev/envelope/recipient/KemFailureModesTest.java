package dev.envelope.recipient;

import static dev.envelope.recipient.MlKemFixtures.kemri;
import static dev.envelope.recipient.MlKemFixtures.withKemri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.recipient.MlKemFixtures.KemIdentity;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SECURITY.md #21 (KA-kemri), beside {@code KemRecipientsTest}: a random kemct of the right length
 * (ML-KEM's implicit rejection yields a pseudorandom secret, so the unwrap must fail) is the
 * generic failure; kekLength 0, 65535 or one that does not fit the wrap, an unknown kdf and kdf
 * parameters are format or unsupported errors decided before decapsulation, which is shown by
 * getting them with a wrong key of the same parameter set (a decapsulation would make that the
 * generic failure instead).
 */
class KemFailureModesTest {
  private static final byte[] CONTENT = "kem failure modes".getBytes(StandardCharsets.UTF_8);

  private static byte[] seal(KemIdentity id) throws Exception {
    return Envelope.sealer().withRecipient(Recipient.of(id.certificate())).seal(CONTENT);
  }

  private static KemRecipientInfo with(
      KemRecipientInfo k, Bytes kemct, AlgorithmIdentifier kdf, int kekLength) {
    return new KemRecipientInfo(
        k.rid(), k.kem(), kemct, kdf, kekLength, k.ukm(), k.wrap(), k.encryptedKey());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ml-kem-512", "ml-kem-768", "ml-kem-1024"})
  void aRandomKemctOfTheRightLengthIsTheGenericFailure_21(String spec) throws Exception {
    KemIdentity id = MlKemFixtures.identity(spec);
    byte[] der = seal(id);
    int n = kemri(der).kemct().length();
    byte[] random = new byte[n];
    new SecureRandom().nextBytes(random);
    byte[] bad = withKemri(der, k -> with(k, Bytes.of(random), k.kdf(), k.kekLength()));
    for (KeySource keys :
        new KeySource[] {
          KeySource.of(id.certificate(), id.privateKey()), KeySource.of(id.privateKey())
        }) {
      assertThat(catchThrowable(() -> Envelope.decrypt(bad, keys)))
          .isExactlyInstanceOf(DecryptionFailedException.class)
          .hasMessage(DecryptionFailedException.MESSAGE)
          .hasNoCause();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ml-kem-768"})
  void kekLengthAndKdfAreCheckedBeforeDecapsulation_21(String spec) throws Exception {
    KemIdentity id = MlKemFixtures.identity(spec);
    KemIdentity other = MlKemFixtures.identity(spec); // same set, another key
    byte[] der = seal(id);

    record Case(String what, UnaryOperator<KemRecipientInfo> f, Class<?> expected) {}
    Case[] cases = {
      new Case(
          "kekLength 65535",
          k -> with(k, k.kemct(), k.kdf(), 65535),
          MalformedMessageException.class),
      new Case(
          "kekLength 16 for aes256-wrap",
          k -> with(k, k.kemct(), k.kdf(), 16),
          MalformedMessageException.class),
      new Case(
          "unknown kdf",
          k -> with(k, k.kemct(), AlgorithmIdentifier.absent(Algorithm.PBKDF2.oid()), 32),
          UnsupportedAlgorithmException.class),
      new Case(
          "kdf with parameters",
          k -> with(k, k.kemct(), AlgorithmIdentifier.withNull(k.kdf().algorithm()), 32),
          MalformedMessageException.class),
    };
    assertThat(kemri(der).kekLength()).isEqualTo(32);
    for (Case c : cases) {
      byte[] bad = withKemri(der, c.f());
      for (KeySource keys :
          new KeySource[] {KeySource.of(id.privateKey()), KeySource.of(other.privateKey())}) {
        assertThat(catchThrowable(() -> Envelope.decrypt(bad, keys)))
            .as(c.what())
            .isExactlyInstanceOf(c.expected());
      }
    }
    // kekLength 0 is out of RFC 9629's range: the codec refuses it while reading
    byte[] zero = withKemri(der, k -> with(k, k.kemct(), k.kdf(), 0));
    assertThat(catchThrowable(() -> Envelope.decrypt(zero, KeySource.of(other.privateKey()))))
        .isExactlyInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("kekLength");
  }
}
