package dev.envelope.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.recipient.MlKemFixtures;
import dev.envelope.recipient.MlKemFixtures.KemIdentity;
import dev.envelope.x509.CertificateIds;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KEMRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKEMEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEMRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bouncy Castle 1.87 as the ML-KEM peer (RFC 9629 KEMRecipientInfo, RFC 9936), both ways, with BC's
 * own provider on its side and the JDK's ML-KEM on Envelope's. Keys are the JDK's; BC reads them
 * through their encodings.
 */
class MlKemBouncyCastleTest {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final byte[] CONTENT = OpensslInteropTest.content(5000);
  private static final Map<String, KemIdentity> IDS = new ConcurrentHashMap<>();

  private static KemIdentity id(String spec) {
    return IDS.computeIfAbsent(spec, MlKemFixtures::identity);
  }

  /**
   * RFC 9936 2.1's mandatory KDF. BC 1.87's default for KEMRecipientInfo is the X9.44 KDF3 with
   * SHA-256 (RSA-KEM's, RFC 9690), which Envelope does not read (see {@link #bcDefaultKdf}).
   */
  private static final AlgorithmIdentifier HKDF_SHA256 =
      new AlgorithmIdentifier(PKCSObjectIdentifiers.id_alg_hkdf_with_sha256);

  private static ASN1ObjectIdentifier bcWrap(String spec) {
    return spec.equals("ml-kem-512") ? CMSAlgorithm.AES128_WRAP : CMSAlgorithm.AES256_WRAP;
  }

  private static byte[] ski(KemIdentity id) throws Exception {
    return CertificateIds.of(id.certificate()).preferredSubjectKeyId();
  }

  // ---------------------------------------------------------------------------------------------
  // BC writes, Envelope reads

  private static byte[] bcSeals(String spec, boolean aead, boolean bySki) throws Exception {
    KemIdentity id = id(spec);
    JceKEMRecipientInfoGenerator g =
        (bySki
                ? new JceKEMRecipientInfoGenerator(
                    ski(id), id.certificate().getPublicKey(), bcWrap(spec))
                : new JceKEMRecipientInfoGenerator(id.certificate(), bcWrap(spec)))
            .setKDF(HKDF_SHA256)
            .setProvider(BC);
    if (aead) {
      CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
      gen.addRecipientInfoGenerator(g);
      OutputAEADEncryptor enc =
          (OutputAEADEncryptor)
              new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM).setProvider(BC).build();
      return gen.generate(new CMSProcessableByteArray(CONTENT), enc).getEncoded();
    }
    CMSEnvelopedDataGenerator gen = new CMSEnvelopedDataGenerator();
    gen.addRecipientInfoGenerator(g);
    return gen.generate(
            new CMSProcessableByteArray(CONTENT),
            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(BC).build())
        .getEncoded();
  }

  @ParameterizedTest(name = "{0} aead={1} ski={2}")
  @CsvSource({
    "ml-kem-512, false, false",
    "ml-kem-512, true, true",
    "ml-kem-768, false, false",
    "ml-kem-768, true, false",
    "ml-kem-768, false, true",
    "ml-kem-768, true, true",
    "ml-kem-1024, false, false",
    "ml-kem-1024, true, false",
    "ml-kem-1024, false, true",
    "ml-kem-1024, true, true"
  })
  void envelopeOpensWhatBouncyCastleSeals(String spec, boolean aead, boolean bySki)
      throws Exception {
    KemIdentity id = id(spec);
    byte[] der = bcSeals(spec, aead, bySki);
    KemRecipientInfo k = MlKemFixtures.kemri(der);
    assertThat(k.kekLength()).isEqualTo(spec.equals("ml-kem-512") ? 16 : 32);
    var d = Envelope.decrypt(der, KeySource.of(id.certificate(), id.privateKey()));
    assertThat(d.content()).isEqualTo(CONTENT);
    assertThat(d.cipher()).isEqualTo(aead ? ContentCipher.AES_256_GCM : ContentCipher.AES_256_CBC);
    // the key alone (trial), too
    assertThat(Envelope.decrypt(der, KeySource.of(id.privateKey())).content()).isEqualTo(CONTENT);

    // negative twins: one bit of kemct, one of encryptedKey, another key of the same set
    byte[] badCt =
        MlKemFixtures.withKemri(
            der, x -> withKemct(x, MlKemFixtures.flip(x.kemct().toByteArray(), 7)));
    assertThatThrownBy(
            () -> Envelope.decrypt(badCt, KeySource.of(id.certificate(), id.privateKey())))
        .isInstanceOf(DecryptionFailedException.class);
    byte[] badEk =
        MlKemFixtures.withKemri(
            der, x -> withEncryptedKey(x, MlKemFixtures.flip(x.encryptedKey().toByteArray(), 3)));
    assertThatThrownBy(
            () -> Envelope.decrypt(badEk, KeySource.of(id.certificate(), id.privateKey())))
        .isInstanceOf(DecryptionFailedException.class);
    KemIdentity other = MlKemFixtures.identity(spec);
    assertThatThrownBy(() -> Envelope.decrypt(der, KeySource.of(other.privateKey())))
        .isInstanceOf(DecryptionFailedException.class);
  }

  /** BC's default KDF (X9.44 KDF3) is not RFC 9936's: a clear unsupported-algorithm error. */
  @org.junit.jupiter.api.Test
  void bcDefaultKdf() throws Exception {
    KemIdentity id = id("ml-kem-768");
    CMSEnvelopedDataGenerator gen = new CMSEnvelopedDataGenerator();
    gen.addRecipientInfoGenerator(
        new JceKEMRecipientInfoGenerator(id.certificate(), CMSAlgorithm.AES256_WRAP)
            .setProvider(BC));
    byte[] der =
        gen.generate(
                new CMSProcessableByteArray(CONTENT),
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(BC).build())
            .getEncoded();
    assertThat(MlKemFixtures.kemri(der).kdf().algorithm().toString())
        .isEqualTo("1.3.133.16.840.9.44.1.2");
    assertThatThrownBy(() -> Envelope.decrypt(der, KeySource.of(id.certificate(), id.privateKey())))
        .isInstanceOf(dev.envelope.error.UnsupportedAlgorithmException.class)
        .hasMessageContaining("kdf 1.3.133.16.840.9.44.1.2");
  }

  private static KemRecipientInfo withKemct(KemRecipientInfo k, byte[] kemct) {
    return new KemRecipientInfo(
        k.rid(),
        k.kem(),
        Bytes.of(kemct),
        k.kdf(),
        k.kekLength(),
        k.ukm(),
        k.wrap(),
        k.encryptedKey());
  }

  private static KemRecipientInfo withEncryptedKey(KemRecipientInfo k, byte[] ek) {
    return new KemRecipientInfo(
        k.rid(), k.kem(), k.kemct(), k.kdf(), k.kekLength(), k.ukm(), k.wrap(), Bytes.of(ek));
  }

  // ---------------------------------------------------------------------------------------------
  // Envelope writes, BC reads

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "ml-kem-512, AES_256_GCM, ISSUER_AND_SERIAL_NUMBER",
    "ml-kem-512, AES_128_CBC, SUBJECT_KEY_IDENTIFIER",
    "ml-kem-768, AES_256_GCM, ISSUER_AND_SERIAL_NUMBER",
    "ml-kem-768, AES_256_CBC, ISSUER_AND_SERIAL_NUMBER",
    "ml-kem-768, AES_128_GCM, SUBJECT_KEY_IDENTIFIER",
    "ml-kem-1024, AES_256_GCM, ISSUER_AND_SERIAL_NUMBER",
    "ml-kem-1024, AES_256_CBC, SUBJECT_KEY_IDENTIFIER",
    "ml-kem-1024, AES_192_GCM, SUBJECT_KEY_IDENTIFIER"
  })
  void bouncyCastleOpensWhatEnvelopeSeals(
      String spec, ContentCipher cipher, RecipientIdentifierType rid) throws Exception {
    KemIdentity id = id(spec);
    byte[] der =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(Recipient.of(id.certificate()))
            .withRecipientIdentifier(rid)
            .seal(CONTENT);
    assertThat(bcOpens(der, cipher, id)).isEqualTo(CONTENT);

    // BC refuses the same negative twins
    byte[] badEk =
        MlKemFixtures.withKemri(
            der, x -> withEncryptedKey(x, MlKemFixtures.flip(x.encryptedKey().toByteArray(), 0)));
    assertThatThrownBy(() -> bcOpens(badEk, cipher, id)).isInstanceOf(Exception.class);
    byte[] badCt =
        MlKemFixtures.withKemri(
            der, x -> withKemct(x, MlKemFixtures.flip(x.kemct().toByteArray(), -1)));
    assertThatThrownBy(() -> bcOpens(badCt, cipher, id)).isInstanceOf(Exception.class);
  }

  private static byte[] bcOpens(byte[] der, ContentCipher cipher, KemIdentity id) throws Exception {
    RecipientInformationStore store =
        cipher.isAuthenticated()
            ? new CMSAuthEnvelopedData(der).getRecipientInfos()
            : new CMSEnvelopedData(der).getRecipientInfos();
    assertThat(store.size()).isEqualTo(1);
    RecipientInformation ri = store.getRecipients().iterator().next();
    assertThat(ri.getRID()).isInstanceOf(KEMRecipientId.class);
    KEMRecipientId rid = (KEMRecipientId) ri.getRID();
    assertThat(
            rid.match(
                new org.bouncycastle.cert.X509CertificateHolder(id.certificate().getEncoded())))
        .isTrue();
    return ri.getContent(new JceKEMEnvelopedRecipient(id.privateKey()).setProvider(BC));
  }
}
