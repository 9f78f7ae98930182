package dev.envelope.cms;

import static dev.envelope.cms.CmsFixtures.OriginatorKind.ISSUER_SERIAL;
import static dev.envelope.cms.CmsFixtures.der;
import static dev.envelope.cms.CmsFixtures.eci;
import static dev.envelope.cms.CmsFixtures.fakeCertificate;
import static dev.envelope.cms.CmsFixtures.kari;
import static dev.envelope.cms.CmsFixtures.kekri;
import static dev.envelope.cms.CmsFixtures.kem;
import static dev.envelope.cms.CmsFixtures.ktriIssuerSerial;
import static dev.envelope.cms.CmsFixtures.ktriSki;
import static dev.envelope.cms.CmsFixtures.pwri;
import static dev.envelope.cms.CmsFixtures.signingTimeAttr;
import static dev.envelope.cms.CmsFixtures.unknownOri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 5652 6.1 (EnvelopedData), 6.2 (RecipientInfo) and RFC 5083 2.1 versions, row by row. */
class VersionsTest {

  // CertificateChoices: extendedCertificate [0], v1AttrCert [1], v2AttrCert [2], other [3]
  static Bytes certChoice(int tag) {
    return der(w -> w.add(Tag.context(tag, true), c -> c.addOid(Oid.of("1.2.3." + tag)).addNull()));
  }

  // RevocationInfoChoice: other [1]
  static Bytes otherCrl() {
    return der(w -> w.add(Tag.context(1, true), c -> c.addOid(Oid.of("1.2.3.9")).addNull()));
  }

  static Bytes crl() {
    return der(w -> w.addSequence(c -> c.addSequence(t -> t.addInteger(1))));
  }

  static EnvelopedData ed(OriginatorInfo oi, List<RecipientInfo> ris, List<Attribute> attrs) {
    return new EnvelopedData(oi, ris, eci(1, 16), attrs);
  }

  static OriginatorInfo certs(Bytes... certs) {
    return new OriginatorInfo(List.of(certs), List.of());
  }

  static Stream<Arguments> envelopedDataVersions() {
    List<RecipientInfo> v0 = List.of(ktriIssuerSerial());
    return Stream.of(
        // IF originatorInfo present AND (other certificates OR other crls) THEN 4
        argumentSet("other certificate [3]", ed(certs(certChoice(3)), v0, List.of()), 4),
        argumentSet(
            "other revocation info [1]",
            ed(new OriginatorInfo(List.of(), List.of(otherCrl())), v0, List.of()),
            4),
        argumentSet(
            "other certificate beats pwri",
            ed(certs(certChoice(3)), List.of(pwri(true)), List.of()),
            4),
        argumentSet(
            "other certificate among ordinary ones",
            ed(
                new OriginatorInfo(List.of(fakeCertificate("a"), certChoice(3)), List.of(crl())),
                v0,
                List.of()),
            4),
        // ELSE IF (originatorInfo present AND v2 attribute certificates) OR pwri OR ori THEN 3
        argumentSet("v2 attribute certificate [2]", ed(certs(certChoice(2)), v0, List.of()), 3),
        argumentSet("pwri", ed(null, List.of(pwri(false)), List.of()), 3),
        argumentSet(
            "pwri among version-0 ktris",
            ed(null, List.of(ktriIssuerSerial(), pwri(true)), List.of()),
            3),
        argumentSet("KEM ori", ed(null, List.of(kem(false, false)), List.of()), 3),
        argumentSet("unknown ori", ed(null, List.of(unknownOri()), List.of()), 3),
        argumentSet(
            "pwri with unprotectedAttrs",
            ed(null, List.of(pwri(true)), List.of(signingTimeAttr())),
            3),
        // ELSE IF originatorInfo absent AND unprotectedAttrs absent AND all RIs version 0 THEN 0
        argumentSet("one ktri issuerAndSerialNumber", ed(null, v0, List.of()), 0),
        argumentSet(
            "two ktri issuerAndSerialNumber",
            ed(null, List.of(ktriIssuerSerial(), CmsFixtures.ktriBigSerialNoParams()), List.of()),
            0),
        // ELSE 2
        argumentSet(
            "ktri subjectKeyIdentifier (version 2)", ed(null, List.of(ktriSki()), List.of()), 2),
        argumentSet(
            "kari (version 3)", ed(null, List.of(kari(ISSUER_SERIAL, false, false)), List.of()), 2),
        argumentSet("kekri (version 4)", ed(null, List.of(kekri(false)), List.of()), 2),
        argumentSet(
            "version-0 ktri and a kekri",
            ed(null, List.of(ktriIssuerSerial(), kekri(true)), List.of()),
            2),
        argumentSet(
            "originatorInfo with certificates", ed(certs(fakeCertificate("a")), v0, List.of()), 2),
        argumentSet(
            "originatorInfo with crls",
            ed(new OriginatorInfo(List.of(), List.of(crl())), v0, List.of()),
            2),
        argumentSet(
            "originatorInfo present, empty",
            ed(new OriginatorInfo(List.of(), List.of()), v0, List.of()),
            2),
        argumentSet("unprotectedAttrs", ed(null, v0, List.of(signingTimeAttr())), 2),
        argumentSet(
            "v1 attribute certificate [1] (not \"other\")",
            ed(certs(certChoice(1)), v0, List.of()),
            2),
        argumentSet("extendedCertificate [0]", ed(certs(certChoice(0)), v0, List.of()), 2));
  }

  @ParameterizedTest
  @MethodSource("envelopedDataVersions")
  void envelopedDataVersion(EnvelopedData m, int version) throws Exception {
    assertThat(Versions.envelopedData(m)).isEqualTo(version);

    byte[] der = CmsCodec.encode(m);
    EnvelopeReader r = EnvelopeReader.open(new ByteArrayInputStream(der), CmsLimits.DEFAULT);
    assertThat(r.header().version()).as("version written").isEqualTo(version);

    var bc =
        org.bouncycastle.asn1.cms.EnvelopedData.getInstance(
            ContentInfo.getInstance(ASN1Primitive.fromByteArray(der)).getContent());
    assertThat(
            org.bouncycastle.asn1.cms.EnvelopedData.calculateVersion(
                bc.getOriginatorInfo(), bc.getRecipientInfos(), bc.getUnprotectedAttrs()))
        .as("Bouncy Castle's calculateVersion")
        .isEqualTo(version);
  }

  static Stream<Arguments> recipientInfoVersions() {
    return Stream.of(
        argumentSet("ktri issuerAndSerialNumber (6.2.1)", ktriIssuerSerial(), 0),
        argumentSet("ktri subjectKeyIdentifier (6.2.1)", ktriSki(), 2),
        argumentSet("kari (6.2.2)", kari(ISSUER_SERIAL, true, false), 3),
        argumentSet("kekri (6.2.3)", kekri(false), 4),
        argumentSet("pwri (6.2.4)", pwri(true), 0),
        argumentSet("KEMRecipientInfo (RFC 9629)", kem(true, true), 0));
  }

  @ParameterizedTest
  @MethodSource("recipientInfoVersions")
  void recipientInfoVersion(RecipientInfo ri, int version) throws Exception {
    assertThat(Versions.recipientInfo(ri)).isEqualTo(version);
    assertThat(writtenVersion(ri)).isEqualTo(version);
  }

  /** The first INTEGER of the structure as encoded (inside the ori value for KEM). */
  private static int writtenVersion(RecipientInfo ri) throws Exception {
    DerReader r = DerReader.der(DerWriter.encode(w -> RecipientInfoCodec.write(w, ri)));
    Tag t = r.peekTag();
    DerReader inner = r.read(t, "ri");
    if (ri instanceof KemRecipientInfo) {
      inner.readOid("oriType");
      inner = inner.readSequence("oriValue");
    }
    return inner.readSmallInt("version");
  }

  @Test
  void unknownOriHasNoVersion() {
    assertThat(Versions.recipientInfo(unknownOri())).isEqualTo(-1);
  }

  @Test
  void authEnvelopedDataIsAlwaysVersion0() throws Exception {
    AuthEnvelopedData everything =
        new AuthEnvelopedData(
            new OriginatorInfo(List.of(certChoice(3)), List.of(otherCrl())),
            List.of(pwri(true), unknownOri(), ktriSki()),
            new EncryptedContentInfo(CmsOids.DATA, CmsFixtures.aesGcm(1), Bytes.ofHex("00")),
            List.of(signingTimeAttr()),
            Bytes.ofHex("00112233445566778899aabbccddeeff"),
            List.of(signingTimeAttr()));

    assertThat(Versions.authEnvelopedData(everything)).isZero();
    EnvelopeReader r =
        EnvelopeReader.open(
            new ByteArrayInputStream(CmsCodec.encode(everything)), CmsLimits.DEFAULT);
    assertThat(r.header().version()).isZero();
  }
}
