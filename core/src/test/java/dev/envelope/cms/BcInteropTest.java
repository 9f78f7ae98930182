package dev.envelope.cms;

import static dev.envelope.cms.BcMessages.BC;
import static dev.envelope.cms.BcMessages.PLAINTEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Hex;
import dev.envelope.asn1.Tag;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.KEKRecipientInformation;
import org.bouncycastle.cms.KEMRecipientInformation;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.PasswordRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKEKAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEKEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEMAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEMEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcePasswordAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcePasswordEnvelopedRecipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bouncy Castle as the oracle: messages BC produces (DER and BER streaming) decode to the structure
 * BC itself parses, and our DER re-encoding of them still decrypts with BC.
 */
class BcInteropTest {

  /** Rows: name, the message, the plaintext it carries. */
  static Stream<Arguments> bcMessages() throws Exception {
    byte[] p = PLAINTEXT;
    return Stream.of(
        argumentSet("DER, ktri issuerAndSerial", BcMessages.enveloped(false, BcMessages.ktri()), p),
        argumentSet(
            "DER, ktri subjectKeyIdentifier", BcMessages.enveloped(false, BcMessages.ktriSki()), p),
        argumentSet(
            "DER, kari ECDH P-256 + ukm", BcMessages.enveloped(false, BcMessages.kari()), p),
        argumentSet("DER, kekri", BcMessages.enveloped(false, BcMessages.kekri()), p),
        argumentSet("DER, pwri PBKDF2", BcMessages.enveloped(false, BcMessages.pwri()), p),
        argumentSet("DER, KEM ori ML-KEM-768", BcMessages.enveloped(false, BcMessages.kem()), p),
        argumentSet(
            "DER, every kind + originatorInfo + unprotectedAttrs",
            BcMessages.enveloped(
                true,
                BcMessages.ktri(),
                BcMessages.kari(),
                BcMessages.kekri(),
                BcMessages.pwri(),
                BcMessages.kem()),
            p),
        argumentSet(
            "BER stream, ktri, 100-byte segments",
            BcMessages.envelopedStream(100, p, BcMessages.ktri()),
            p),
        argumentSet(
            "BER stream, kekri + pwri, 1-byte segments",
            BcMessages.envelopedStream(1, p, BcMessages.kekri(), BcMessages.pwri()),
            p),
        argumentSet(
            "BER stream, empty content",
            BcMessages.envelopedStream(64, new byte[0], BcMessages.ktri()),
            new byte[0]),
        argumentSet(
            "AuthEnvelopedData DER, ktri + kekri, auth/unauth attrs",
            BcMessages.authEnveloped(BcMessages.ktri(), BcMessages.kekri()),
            p),
        argumentSet(
            "AuthEnvelopedData BER stream, kari + pwri + KEM",
            BcMessages.authEnvelopedStream(
                50, BcMessages.kari(), BcMessages.pwri(), BcMessages.kem()),
            p));
  }

  @ParameterizedTest
  @MethodSource("bcMessages")
  void decodesToWhatBouncyCastleParses(byte[] message, byte[] plaintext) throws Exception {
    CmsMessage ours = CmsCodec.decode(message, CmsLimits.DEFAULT);
    ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(message));

    ASN1Set bcRis;
    ASN1Encodable bcAlgorithm;
    byte[] bcContent;
    if (ours instanceof AuthEnvelopedData aed) {
      assertThat(ci.getContentType().getId()).isEqualTo(CmsOids.AUTH_ENVELOPED_DATA.toString());
      var bc = org.bouncycastle.asn1.cms.AuthEnvelopedData.getInstance(ci.getContent());
      bcRis = bc.getRecipientInfos();
      bcAlgorithm = bc.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm();
      bcContent = bc.getAuthEncryptedContentInfo().getEncryptedContent().getOctets();
      assertThat(aed.mac().toByteArray()).isEqualTo(bc.getMac().getOctets());
      assertThat(CmsCodec.authAttrsAad(aed.authAttrs()))
          .as("AAD: authAttrs re-encoded in DER with the SET OF tag (RFC 5083 2.1)")
          .isEqualTo(bc.getAuthAttrs().getEncoded(ASN1Encoding.DER));
      assertAttributes(aed.unauthAttrs(), bc.getUnauthAttrs());
    } else {
      EnvelopedData ed = (EnvelopedData) ours;
      var bc = org.bouncycastle.asn1.cms.EnvelopedData.getInstance(ci.getContent());
      bcRis = bc.getRecipientInfos();
      bcAlgorithm = bc.getEncryptedContentInfo().getContentEncryptionAlgorithm();
      bcContent = bc.getEncryptedContentInfo().getEncryptedContent().getOctets();
      assertAttributes(ed.unprotectedAttrs(), bc.getUnprotectedAttrs());
      if (bc.getOriginatorInfo() == null) {
        assertThat(ed.originatorInfo()).isNull();
      } else {
        List<byte[]> certs = new ArrayList<>();
        for (ASN1Encodable c : bc.getOriginatorInfo().getCertificates()) {
          certs.add(c.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        }
        assertThat(ed.originatorInfo().certificates().stream().map(Bytes::toByteArray).toList())
            .containsExactlyElementsOf(certs);
      }
    }
    assertThat(ours.encryptedContentInfo().encryptedContent().toByteArray()).isEqualTo(bcContent);
    assertThat(
            DerWriter.encode(
                w ->
                    CmsFields.writeAlgorithm(
                        w, ours.encryptedContentInfo().contentEncryptionAlgorithm())))
        .isEqualTo(bcAlgorithm.toASN1Primitive().getEncoded(ASN1Encoding.DER));
    assertThat(ours.recipientInfos()).hasSize(bcRis.size());
    for (int i = 0; i < bcRis.size(); i++) {
      RecipientInfo ri = ours.recipientInfos().get(i);
      assertThat(DerWriter.encode(w -> RecipientInfoCodec.write(w, ri)))
          .as("recipientInfos[%d] (%s)", i, ri.getClass().getSimpleName())
          .isEqualTo(bcRis.getObjectAt(i).toASN1Primitive().getEncoded(ASN1Encoding.DER));
    }
  }

  private static void assertAttributes(List<Attribute> ours, ASN1Set bc) throws Exception {
    if (bc == null) {
      assertThat(ours).isEmpty();
      return;
    }
    assertThat(DerWriter.encode(w -> CmsFields.writeAttributes(w, Tag.SET, ours)))
        .isEqualTo(bc.getEncoded(ASN1Encoding.DER));
  }

  @ParameterizedTest
  @MethodSource("bcMessages")
  void streamingOneByteAtATimeMatchesDecode(byte[] message, byte[] plaintext) throws Exception {
    CmsMessage whole = CmsCodec.decode(message, CmsLimits.DEFAULT);
    EnvelopeReader r =
        EnvelopeReader.open(
            Hex.oneByteAtATime(new ByteArrayInputStream(message)), CmsLimits.DEFAULT);
    byte[] content = r.encryptedContent().readAllBytes();
    EnvelopeReader.Trailer t = r.finish();

    assertThat(r.header().recipientInfos()).isEqualTo(whole.recipientInfos());
    assertThat(Bytes.of(content)).isEqualTo(whole.encryptedContentInfo().encryptedContent());
    if (whole instanceof AuthEnvelopedData aed) {
      assertThat(t.mac()).isEqualTo(aed.mac());
      assertThat(t.authAttrsDer()).isEqualTo(CmsCodec.authAttrsAad(aed.authAttrs()));
    }
  }

  /** Every RecipientInfo kind survives decode + DER encode: BC still decrypts through each. */
  @ParameterizedTest
  @MethodSource("bcMessages")
  void ourDerReEncodingStillDecryptsWithBouncyCastle(byte[] message, byte[] plaintext)
      throws Exception {
    CmsMessage ours = CmsCodec.decode(message, CmsLimits.DEFAULT);
    byte[] der = CmsCodec.encode(ours);
    boolean auth = ours instanceof AuthEnvelopedData;
    var store =
        auth
            ? new CMSAuthEnvelopedData(der).getRecipientInfos()
            : new CMSEnvelopedData(der).getRecipientInfos();

    assertThat(store.size()).isEqualTo(ours.recipientInfos().size());
    for (RecipientInformation ri : store.getRecipients()) {
      assertThat(ri.getContent(recipientFor(ri, auth)))
          .as(ri.getClass().getSimpleName())
          .isEqualTo(plaintext);
    }
  }

  private static Recipient recipientFor(RecipientInformation ri, boolean auth) {
    return switch (ri) {
      case KeyTransRecipientInformation k ->
          auth
              ? new JceKeyTransAuthEnvelopedRecipient(BcMessages.RSA.getPrivate()).setProvider(BC)
              : new JceKeyTransEnvelopedRecipient(BcMessages.RSA.getPrivate()).setProvider(BC);
      case KeyAgreeRecipientInformation k ->
          auth
              ? new JceKeyAgreeAuthEnvelopedRecipient(BcMessages.EC_RECIPIENT.getPrivate())
                  .setProvider(BC)
              : new JceKeyAgreeEnvelopedRecipient(BcMessages.EC_RECIPIENT.getPrivate())
                  .setProvider(BC);
      case KEKRecipientInformation k ->
          auth
              ? new JceKEKAuthEnvelopedRecipient(BcMessages.KEK).setProvider(BC)
              : new JceKEKEnvelopedRecipient(BcMessages.KEK).setProvider(BC);
      case PasswordRecipientInformation p ->
          auth
              ? new JcePasswordAuthEnvelopedRecipient(BcMessages.PASSWORD).setProvider(BC)
              : new JcePasswordEnvelopedRecipient(BcMessages.PASSWORD).setProvider(BC);
      case KEMRecipientInformation k ->
          auth
              ? new JceKEMAuthEnvelopedRecipient(BcMessages.ML_KEM.getPrivate()).setProvider(BC)
              : new JceKEMEnvelopedRecipient(BcMessages.ML_KEM.getPrivate()).setProvider(BC);
      default -> throw new AssertionError("unexpected " + ri.getClass());
    };
  }

  @Test
  void keyTransRecipientFieldsMatchTheCertificate() throws Exception {
    var cert = BcMessages.RSA_CERT;
    CmsMessage m =
        CmsCodec.decode(BcMessages.enveloped(false, BcMessages.ktri()), CmsLimits.DEFAULT);

    assertThat(m).isInstanceOf(EnvelopedData.class);
    assertThat(m.originatorInfo()).isNull();
    assertThat(m.recipientInfos()).hasSize(1);
    KeyTransRecipientInfo k = (KeyTransRecipientInfo) m.recipientInfos().getFirst();
    var rid = (RecipientIdentifier.IssuerSerial) k.rid();
    assertThat(rid.value().issuer().toByteArray())
        .isEqualTo(cert.getIssuerX500Principal().getEncoded());
    assertThat(rid.value().serialNumber()).isEqualTo(cert.getSerialNumber());
    assertThat(k.keyEncryptionAlgorithm().algorithm()).isEqualTo(CmsFixtures.RSA);
    assertThat(k.keyEncryptionAlgorithm().parametersAbsentOrNull()).isTrue();
    assertThat(k.encryptedKey().length()).isEqualTo(256);
    assertThat(Versions.recipientInfo(k)).isZero();
    EncryptedContentInfo eci = m.encryptedContentInfo();
    assertThat(eci.contentType()).isEqualTo(CmsOids.DATA);
    assertThat(eci.contentEncryptionAlgorithm().algorithm()).isEqualTo(CmsFixtures.AES128_CBC);
    assertThat(eci.encryptedContent().length()).isEqualTo((PLAINTEXT.length / 16 + 1) * 16);
  }

  @Test
  void keyTransBySubjectKeyIdentifier() throws Exception {
    CmsMessage m =
        CmsCodec.decode(BcMessages.enveloped(false, BcMessages.ktriSki()), CmsLimits.DEFAULT);
    KeyTransRecipientInfo k = (KeyTransRecipientInfo) m.recipientInfos().getFirst();

    assertThat(k.rid()).isEqualTo(new RecipientIdentifier.SubjectKeyId(Bytes.ofHex("0102030405")));
    assertThat(Versions.recipientInfo(k)).isEqualTo(2);
  }

  @Test
  void kemRecipientFields() throws Exception {
    CmsMessage m =
        CmsCodec.decode(BcMessages.enveloped(false, BcMessages.kem()), CmsLimits.DEFAULT);
    KemRecipientInfo k = (KemRecipientInfo) m.recipientInfos().getFirst();

    assertThat(k.rid()).isEqualTo(new RecipientIdentifier.SubjectKeyId(Bytes.ofHex("040404")));
    assertThat(k.kem().algorithm()).isEqualTo(CmsFixtures.ML_KEM_768);
    assertThat(k.kemct().length()).isEqualTo(1088);
    assertThat(k.kekLength()).isEqualTo(32);
    assertThat(k.wrap().algorithm()).isEqualTo(CmsFixtures.AES256_WRAP);
  }

  @Test
  void keyAgreeRecipientFields() throws Exception {
    CmsMessage m =
        CmsCodec.decode(BcMessages.enveloped(false, BcMessages.kari()), CmsLimits.DEFAULT);
    KeyAgreeRecipientInfo k = (KeyAgreeRecipientInfo) m.recipientInfos().getFirst();

    assertThat(k.originator()).isInstanceOf(KeyAgreeRecipientInfo.OriginatorPublicKey.class);
    assertThat(k.ukm()).isEqualTo(Bytes.ofHex("0908070605040302"));
    assertThat(k.keyEncryptionAlgorithm().algorithm()).isEqualTo(CmsFixtures.ECDH_SHA256KDF);
    assertThat(k.recipientEncryptedKeys()).hasSize(1);
    assertThat(k.recipientEncryptedKeys().getFirst().rid())
        .isEqualTo(new RecipientIdentifier.SubjectKeyId(Bytes.ofHex("070707")));
  }
}
