package dev.envelope.recipient;

import static dev.envelope.recipient.MlKemFixtures.flip;
import static dev.envelope.recipient.MlKemFixtures.identity;
import static dev.envelope.recipient.MlKemFixtures.kemri;
import static dev.envelope.recipient.MlKemFixtures.withKemri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.KeyWrap;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KemOtherInfo;
import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.Hkdf;
import dev.envelope.crypto.KeyWraps;
import dev.envelope.crypto.MlKem;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.recipient.MlKemFixtures.KemIdentity;
import dev.envelope.x509.CertificateIds;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** KEMRecipientInfo (RFC 9629) with ML-KEM as RFC 9936 profiles it, against the JDK's ML-KEM. */
class KemRecipientsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] CONTENT = "a message for a post-quantum key\n".getBytes();
  private static final Map<String, KemIdentity> IDS = new ConcurrentHashMap<>();

  private static KemIdentity id(String spec) {
    return IDS.computeIfAbsent(spec, MlKemFixtures::identity);
  }

  private static byte[] seal(KemIdentity id) throws Exception {
    return Envelope.sealer().withRecipient(Recipient.of(id.certificate())).seal(CONTENT);
  }

  // ---------------------------------------------------------------------------------------------
  // RFC 9936 appendix C: the example's intermediate values and the whole message

  /** RFC 9936 C.1: CMSORIforKEMOtherInfo for aes128-wrap, kekLength 16, no ukm. */
  @Test
  void otherInfoIsTheRfc9936Example() {
    byte[] info =
        KemOtherInfo.encode(AlgorithmIdentifier.absent(Algorithm.AES_128_WRAP.oid()), 16, null);
    assertThat(HEX.formatHex(info)).isEqualToIgnoringCase("3010300B0609608648016503040105020110");
  }

  @Test
  void otherInfoCarriesTheUkmAsExplicitZero() {
    byte[] info =
        KemOtherInfo.encode(
            AlgorithmIdentifier.absent(Algorithm.AES_256_WRAP.oid()), 32, Bytes.ofHex("0102"));
    // SEQUENCE { SEQUENCE { aes256-wrap }, INTEGER 32, [0] { OCTET STRING 0102 } }
    assertThat(HEX.formatHex(info)).isEqualTo("3016300b060960864801650304012d020120a00404020102");
  }

  /** RFC 9936 C.1: HKDF-SHA256 of the shared secret, then AES-128 wrap of the CEK. */
  @Test
  void kekAndWrappedKeyAreTheRfc9936Example() throws Exception {
    byte[] ss = HEX.parseHex("7DF12D412AE299A24FDE6D7C3BB8E3194C80AD3C733DCF2775E09FE8BEDB86D8");
    byte[] info = HEX.parseHex("3010300B0609608648016503040105020110");
    byte[] kek = Hkdf.derive(Algorithm.SHA256, null, ss, info, 16);
    assertThat(HEX.formatHex(kek)).isEqualToIgnoringCase("CF453A3E2BAE0A78701B8206C185A008");
    byte[] wrapped =
        KeyWraps.wrap(
            Algorithm.AES_128_WRAP, kek, HEX.parseHex("C5153005588269A0A59F3C01943FDD56"));
    assertThat(HEX.formatHex(wrapped))
        .isEqualToIgnoringCase("C050E4392F9C14DD0AC2220203F317D701F94F9DD92778F5");
  }

  /** RFC 9936 appendix C's AuthEnvelopedData (ML-KEM-512, AES-128-GCM) opens to its text. */
  static final String RFC9936_EXAMPLE =
      "MIID4gYLKoZIhvcNAQkQARegggPRMIIDzQIBADGCA3ikggN0BgsqhkiG9w0BCRAN"
          + "AzCCA2MCAQCAFFmXiMN67UAO5AXRsqM2arF9gkpRMAsGCWCGSAFlAwQEAQSCAwA+"
          + "pA/GygkOLIr3bicnqzjgZS2VFZhv4YaCf+hOWW5CG4X9RZzHiZc3LJ3jHRkbOcHV"
          + "o+tt21aq3t52XMOQ/bvC+IyxdWgdQgG4HM38sk/vE68vWhq8+NivOE8CoBCm6Rnx"
          + "mHpemxwOLT8H9YqfpTnOhswUmRChaSwMpM4Ozk7u0uZpnLl2MyRS3koutcph97CB"
          + "Mww0eY73EqJOWcM86h8fnm1PvzdDo4RnQwARM29i2HB5K4Zr780dGzZb7RlSZz06"
          + "Wwwgs4a079HPY/03a9R8zEasTdjsZrBHxMlaz/HP0CikGbAC/aG2F8umHS6Rz+j/"
          + "+8uP/U1fatixWMIZ423FFAXcDAsjSXmsZY5yvd8bZ3O5ayrj5NB76GBIBAwBZ0Nv"
          + "qDnnUpsAzJq1Wi8l22PMn1V1lOaRwR5VPUo+vHYPXxnl/hRIOLTH0VkdqbXUZ0lP"
          + "2crFLMVQQGA5nb23IpjrmkwBewB4b9x9nXqletu4thw03h4oiyq3KBcdzhQ80WlT"
          + "+YTBrtVZ5WuqDOZY0yzOQvRAdQTNelea0O+bdxNeqjm2+To6LlmXgH8GNhyD9OZ/"
          + "jj+c9oMWARUU9dhaGBzq1xTNSUDk66wB1mUo2jL4nOoEKOjrytz4qhiMn2LoWxlX"
          + "ZVt/4rjXlzt6cia2bZO/eyMvPc9lPIS07PGpkg2xlJrXULVGpVUqIOVJCXGbjAwH"
          + "BW/LfldK0qMuyVAB3ehEgb530DntW/dCYuzzmB8bANM2apwuBhxH4kGgYcYklWDS"
          + "uERqSAw4woupidn2itxLuvKiC0fkkjEoxyNC1Zf9olneC4PCBW1rd+eZsxkySqUL"
          + "HWWcKlYCm3RTxfO6UkPZ+nSdkXxA2dEB5FO8ixDkKnwIkyPAJveD4QC5+m5wFEJN"
          + "pvo3kryVfughnQFrdz8o/tzJYqSFq6/+wCMoGXHimqaJg57P0mGekih80jDbJqJQ"
          + "fMUA6xx6UpO1/pF64pvxrTUBJPijEWNSFLQR259n07hb1xUBhTfqRbQfQbTGYFEw"
          + "DQYLKoZIhvcNAQkQAxwCARAwCwYJYIZIAWUDBAEFBBjAUOQ5L5wU3QrCIgID8xfX"
          + "AflPndknePUwOgYJKoZIhvcNAQcBMB4GCWCGSAFlAwQBBjARBAxcpXRouBvwO42n"
          + "GGwCARCADZTIaJqZ0sOOGS+muggEEFzxeGxXx0ArVPyTwwpKRTM=";

  /**
   * RFC 9936 C.2's private key is the seed 00..3f (the PKCS #8 seed form, which JDK 25 cannot
   * read): Bouncy Castle expands it, and the JDK reads the expandedKey form (RFC 9935 6).
   */
  static PrivateKey rfc9936PrivateKey() throws Exception {
    byte[] seed = new byte[64];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) i;
    }
    byte[] dk =
        new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_512, seed)
            .getParametersWithFormat(MLKEMPrivateKeyParameters.EXPANDED_KEY)
            .getEncoded();
    assertThat(dk).hasSize(1632);
    byte[] pkcs8 =
        DerWriter.encode(
            w ->
                w.addSequence(
                    s ->
                        s.addInteger(0)
                            .addSequence(a -> a.addOid(Algorithm.ML_KEM_512.oid()))
                            .addOctetString(DerWriter.encode(x -> x.addOctetString(dk)))));
    return KeyFactory.getInstance("ML-KEM").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  @Test
  void theRfc9936ExampleOpens() throws Exception {
    byte[] message = Base64.getDecoder().decode(RFC9936_EXAMPLE);
    PrivateKey key = rfc9936PrivateKey();
    assertThat(MlKem.parameterSet(key)).contains(Algorithm.ML_KEM_512);
    var d = Envelope.decrypt(message, KeySource.of(key));
    assertThat(new String(d.content(), StandardCharsets.US_ASCII)).isEqualTo("Hello, world!");
    assertThat(d.cipher()).isEqualTo(ContentCipher.AES_128_GCM);
    // its negative twins: kemct and encryptedKey each with one bit flipped
    byte[] badCt = withKemri(message, k -> kemctFlipped(k, 100));
    assertThatThrownBy(() -> Envelope.decrypt(badCt, KeySource.of(key)))
        .isInstanceOf(DecryptionFailedException.class);
    byte[] badEk = withKemri(message, k -> encryptedKeyFlipped(k, -1));
    assertThatThrownBy(() -> Envelope.decrypt(badEk, KeySource.of(key)))
        .isInstanceOf(DecryptionFailedException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // what Envelope writes

  @ParameterizedTest
  @CsvSource({
    "ml-kem-512, 2.16.840.1.101.3.4.4.1, 2.16.840.1.101.3.4.1.5, 16, 768",
    "ml-kem-768, 2.16.840.1.101.3.4.4.2, 2.16.840.1.101.3.4.1.45, 32, 1088",
    "ml-kem-1024, 2.16.840.1.101.3.4.4.3, 2.16.840.1.101.3.4.1.45, 32, 1568"
  })
  void sealsPerRfc9936(String spec, String kemOid, String wrapOid, int kekLength, int ctLength)
      throws Exception {
    KemIdentity id = id(spec);
    assertThat(Recipient.of(id.certificate())).isInstanceOf(Recipient.Kem.class);
    byte[] der = seal(id);
    KemRecipientInfo k = kemri(der);
    assertThat(k.kem()).isEqualTo(AlgorithmIdentifier.absent(Oid.of(kemOid)));
    assertThat(k.kemct().length()).isEqualTo(ctLength);
    assertThat(k.kdf()).isEqualTo(AlgorithmIdentifier.absent(Oid.of("1.2.840.113549.1.9.16.3.28")));
    assertThat(k.kekLength()).isEqualTo(kekLength);
    assertThat(k.ukm()).isNull();
    assertThat(k.wrap()).isEqualTo(AlgorithmIdentifier.absent(Oid.of(wrapOid)));
    assertThat(k.encryptedKey().length()).isEqualTo(32 + 8); // AES-256-GCM key, RFC 3394
    assertThat(k.rid()).isInstanceOf(RecipientIdentifier.IssuerSerial.class);
    // with its certificate, with the key alone (trial), and from the JDK's own PKCS #8 form
    assertThat(Envelope.decrypt(der, KeySource.of(id.certificate(), id.privateKey())).content())
        .isEqualTo(CONTENT);
    assertThat(Envelope.decrypt(der, KeySource.of(id.privateKey())).content()).isEqualTo(CONTENT);
    PrivateKey reread =
        KeyFactory.getInstance("ML-KEM")
            .generatePrivate(new PKCS8EncodedKeySpec(id.privateKey().getEncoded()));
    assertThat(Envelope.decrypt(der, KeySource.of(reread)).content()).isEqualTo(CONTENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ml-kem-512", "ml-kem-768", "ml-kem-1024"})
  void bySubjectKeyIdentifierAndEveryCipher(String spec) throws Exception {
    KemIdentity id = id(spec);
    for (ContentCipher c : ContentCipher.values()) {
      byte[] der =
          Envelope.sealer()
              .withCipher(c)
              .withRecipient(Recipient.of(id.certificate()))
              .withRecipientIdentifier(RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER)
              .seal(CONTENT);
      KemRecipientInfo k = kemri(der);
      assertThat(k.rid()).isInstanceOf(RecipientIdentifier.SubjectKeyId.class);
      assertThat(new KeyMatcher(id.certificate(), id.privateKey()).matches(k.rid())).isTrue();
      assertThat(((RecipientIdentifier.SubjectKeyId) k.rid()).keyIdentifier().toByteArray())
          .isEqualTo(CertificateIds.of(id.certificate()).preferredSubjectKeyId());
      // RFC 3394, or RFC 5649 (padded to whole 8-byte blocks) for the short legacy keys
      assertThat(k.encryptedKey().length()).isEqualTo((c.keyBits() / 8 + 7) / 8 * 8 + 8);
      var d = Envelope.decrypt(der, KeySource.of(id.certificate(), id.privateKey()));
      assertThat(d.content()).isEqualTo(CONTENT);
      assertThat(d.cipher()).isEqualTo(c);
    }
  }

  @Test
  void theIssuerAndSerialOfAnMlKemCertificateMatches() throws Exception {
    KemIdentity id = id("ml-kem-768");
    KemRecipientInfo k = kemri(seal(id));
    assertThat(new KeyMatcher(id.certificate(), id.privateKey()).matches(k.rid())).isTrue();
    assertThat(new KeyMatcher(id("ml-kem-1024").certificate(), null).matches(k.rid())).isFalse();
  }

  /** RFC 9936 2.1 and table 1: the parameter set decides the wrap where the spec fixes it. */
  @ParameterizedTest
  @CsvSource({
    "ml-kem-512, AES_256, aes128-wrap",
    "ml-kem-512, AES_128, aes128-wrap",
    "ml-kem-768, AES_128, aes256-wrap",
    "ml-kem-768, AES_192, aes192-wrap",
    "ml-kem-768, AES_256, aes256-wrap",
    "ml-kem-1024, AES_192, aes256-wrap",
    "ml-kem-1024, AES_128, aes256-wrap"
  })
  void theWrapByParameterSet(String spec, KeyWrap asked, String written) throws Exception {
    KemIdentity id = id(spec);
    byte[] der =
        Envelope.sealer().withRecipient(new Recipient.Kem(id.certificate(), asked)).seal(CONTENT);
    KemRecipientInfo k = kemri(der);
    Algorithm wrap = Algorithm.byOid(k.wrap().algorithm()).orElseThrow();
    assertThat(wrap.cliName()).isEqualTo(written);
    assertThat(k.kekLength()).isEqualTo(wrap.keyBytes());
    assertThat(Envelope.decrypt(der, KeySource.of(id.privateKey())).content()).isEqualTo(CONTENT);
  }

  @Test
  void severalKemRecipientsAndAnRsaOne() throws Exception {
    KemIdentity a = id("ml-kem-512");
    KemIdentity b = id("ml-kem-1024");
    var rsa = dev.envelope.interop.TestPki.rsa(2048, "rsa next to kem");
    byte[] der =
        Envelope.sealer()
            .withRecipient(Recipient.of(a.certificate()))
            .withRecipient(Recipient.of(rsa.certificate()))
            .withRecipient(Recipient.of(b.certificate()))
            .seal(CONTENT);
    assertThat(Envelope.decrypt(der, KeySource.of(b.privateKey())).recipientIndex()).isEqualTo(2);
    assertThat(Envelope.decrypt(der, KeySource.of(a.certificate(), a.privateKey())).content())
        .isEqualTo(CONTENT);
    assertThat(Envelope.decrypt(der, rsa.keySource()).content()).isEqualTo(CONTENT);
  }

  // ---------------------------------------------------------------------------------------------
  // negative twins

  private static KemRecipientInfo kemctFlipped(KemRecipientInfo k, int at) {
    return new KemRecipientInfo(
        k.rid(),
        k.kem(),
        Bytes.of(flip(k.kemct().toByteArray(), at)),
        k.kdf(),
        k.kekLength(),
        k.ukm(),
        k.wrap(),
        k.encryptedKey());
  }

  private static KemRecipientInfo encryptedKeyFlipped(KemRecipientInfo k, int at) {
    return new KemRecipientInfo(
        k.rid(),
        k.kem(),
        k.kemct(),
        k.kdf(),
        k.kekLength(),
        k.ukm(),
        k.wrap(),
        Bytes.of(flip(k.encryptedKey().toByteArray(), at)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ml-kem-512", "ml-kem-768", "ml-kem-1024"})
  void aFlippedKemctIsADecryptionFailure(String spec) throws Exception {
    KemIdentity id = id(spec);
    byte[] der = seal(id);
    for (int at : new int[] {0, 500, -1}) {
      byte[] bad = withKemri(der, k -> kemctFlipped(k, at));
      assertThatThrownBy(
              () -> Envelope.decrypt(bad, KeySource.of(id.certificate(), id.privateKey())))
          .isInstanceOf(DecryptionFailedException.class)
          .hasNoCause();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ml-kem-512", "ml-kem-768", "ml-kem-1024"})
  void aFlippedEncryptedKeyIsADecryptionFailure(String spec) throws Exception {
    KemIdentity id = id(spec);
    byte[] der = seal(id);
    for (int at : new int[] {0, 20, -1}) {
      byte[] bad = withKemri(der, k -> encryptedKeyFlipped(k, at));
      assertThatThrownBy(() -> Envelope.decrypt(bad, KeySource.of(id.privateKey())))
          .isInstanceOf(DecryptionFailedException.class)
          .hasNoCause();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ml-kem-512", "ml-kem-768", "ml-kem-1024"})
  void aWrongKeyOfTheSameSetIsADecryptionFailure(String spec) throws Exception {
    byte[] der = seal(id(spec));
    KemIdentity other = identity(spec);
    // by trial (key alone) and with a certificate that does not match the entry
    assertThatThrownBy(() -> Envelope.decrypt(der, KeySource.of(other.privateKey())))
        .isInstanceOf(DecryptionFailedException.class)
        .hasNoCause();
    assertThatThrownBy(
            () -> Envelope.decrypt(der, KeySource.of(other.certificate(), other.privateKey())))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void aKeyOfAnotherParameterSetIsNotTried() throws Exception {
    byte[] der = seal(id("ml-kem-768"));
    KemIdentity other = id("ml-kem-1024");
    assertThat(KemRecipients.accepts(kemri(der), other.privateKey())).isFalse();
    assertThat(KemRecipients.accepts(kemri(der), id("ml-kem-768").privateKey())).isTrue();
    assertThatThrownBy(() -> Envelope.decrypt(der, KeySource.of(other.privateKey())))
        .isInstanceOf(NoMatchingRecipientException.class);
    // and an RSA key never takes a KEM entry
    var rsa = dev.envelope.interop.TestPki.rsa(2048, "not kem");
    assertThat(KemRecipients.accepts(kemri(der), rsa.privateKey())).isFalse();
  }

  @Test
  void aTruncatedKemctIsMalformed() throws Exception {
    KemIdentity id = id("ml-kem-768");
    byte[] der = seal(id);
    byte[] bad =
        withKemri(
            der,
            k ->
                new KemRecipientInfo(
                    k.rid(),
                    k.kem(),
                    Bytes.of(java.util.Arrays.copyOf(k.kemct().toByteArray(), 1087)),
                    k.kdf(),
                    k.kekLength(),
                    k.ukm(),
                    k.wrap(),
                    k.encryptedKey()));
    assertThatThrownBy(() -> Envelope.decrypt(bad, KeySource.of(id.privateKey())))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("kemct");
  }

  /** RFC 9936 2.2.1: L must fit the wrap; checked before the private key is used. */
  @Test
  void aKekLengthThatDoesNotFitTheWrapIsMalformed() throws Exception {
    KemIdentity id = id("ml-kem-1024");
    byte[] der = seal(id);
    byte[] bad =
        withKemri(
            der,
            k ->
                new KemRecipientInfo(
                    k.rid(), k.kem(), k.kemct(), k.kdf(), 16, k.ukm(), k.wrap(), k.encryptedKey()));
    assertThatThrownBy(() -> Envelope.decrypt(bad, KeySource.of(id.privateKey())))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("kekLength 16");
  }

  @Test
  void anUnknownKdfOrWrapIsUnsupportedAndParametersAreRefused() throws Exception {
    KemIdentity id = id("ml-kem-768");
    byte[] der = seal(id);
    byte[] pbkdf2 =
        withKemri(
            der,
            k ->
                new KemRecipientInfo(
                    k.rid(),
                    k.kem(),
                    k.kemct(),
                    AlgorithmIdentifier.absent(Algorithm.PBKDF2.oid()),
                    k.kekLength(),
                    k.ukm(),
                    k.wrap(),
                    k.encryptedKey()));
    assertThatThrownBy(() -> Envelope.decrypt(pbkdf2, KeySource.of(id.privateKey())))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageContaining("kdf");
    byte[] des =
        withKemri(
            der,
            k ->
                new KemRecipientInfo(
                    k.rid(),
                    k.kem(),
                    k.kemct(),
                    k.kdf(),
                    k.kekLength(),
                    k.ukm(),
                    AlgorithmIdentifier.absent(Algorithm.DES_EDE3_WRAP.oid()),
                    k.encryptedKey()));
    assertThatThrownBy(() -> Envelope.decrypt(des, KeySource.of(id.privateKey())))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageContaining("wrap");
    byte[] kdfParams =
        withKemri(
            der,
            k ->
                new KemRecipientInfo(
                    k.rid(),
                    k.kem(),
                    k.kemct(),
                    AlgorithmIdentifier.withNull(k.kdf().algorithm()),
                    k.kekLength(),
                    k.ukm(),
                    k.wrap(),
                    k.encryptedKey()));
    assertThatThrownBy(() -> Envelope.decrypt(kdfParams, KeySource.of(id.privateKey())))
        .isInstanceOf(MalformedMessageException.class);
  }

  /** A ukm changes the KEK (it is in the KDF's info), so adding one breaks the unwrap. */
  @Test
  void aUkmAddedAfterSealingIsADecryptionFailure() throws Exception {
    KemIdentity id = id("ml-kem-512");
    byte[] der = seal(id);
    byte[] withUkm =
        withKemri(
            der,
            k ->
                new KemRecipientInfo(
                    k.rid(),
                    k.kem(),
                    k.kemct(),
                    k.kdf(),
                    k.kekLength(),
                    Bytes.ofHex("00"),
                    k.wrap(),
                    k.encryptedKey()));
    assertThat(kemri(withUkm).ukm()).isEqualTo(Bytes.ofHex("00"));
    assertThatThrownBy(() -> Envelope.decrypt(withUkm, KeySource.of(id.privateKey())))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void parameterSetsOfJdkKeys() {
    for (String spec : new String[] {"ml-kem-512", "ml-kem-768", "ml-kem-1024"}) {
      KemIdentity id = id(spec);
      Algorithm set = Algorithm.byOid(kemri(sealUnchecked(id)).kem().algorithm()).orElseThrow();
      assertThat(MlKem.parameterSet(id.privateKey())).contains(set);
      assertThat(MlKem.parameterSet(id.certificate().getPublicKey())).contains(set);
      assertThat(set.cliName()).isEqualTo(spec);
    }
    assertThat(MlKem.isMlKem(dev.envelope.interop.TestPki.ec("x").privateKey())).isFalse();
  }

  private static byte[] sealUnchecked(KemIdentity id) {
    try {
      return seal(id);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
