package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Hex;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorIssuerSerial;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorPublicKey;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorSubjectKeyId;
import dev.envelope.cms.KeyAgreeRecipientInfo.RecipientEncryptedKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Records of every RecipientInfo kind and whole messages built from them, with deterministic bytes,
 * for codec tests. Nothing here is cryptographically meaningful: encrypted keys are random.
 */
final class CmsFixtures {
  private CmsFixtures() {}

  static final Oid AES128_CBC = Oid.of("2.16.840.1.101.3.4.1.2");
  static final Oid AES128_GCM = Oid.of("2.16.840.1.101.3.4.1.6");
  static final Oid AES128_WRAP = Oid.of("2.16.840.1.101.3.4.1.5");
  static final Oid AES256_WRAP = Oid.of("2.16.840.1.101.3.4.1.45");
  static final Oid RSA = Oid.of("1.2.840.113549.1.1.1");
  static final Oid RSAES_OAEP = Oid.of("1.2.840.113549.1.1.7");
  static final Oid ECDH_SHA256KDF = Oid.of("1.3.132.1.11.1");
  static final Oid EC_PUBLIC_KEY = Oid.of("1.2.840.10045.2.1");
  static final Oid P256 = Oid.of("1.2.840.10045.3.1.7");
  static final Oid PBKDF2 = Oid.of("1.2.840.113549.1.5.12");
  static final Oid PWRI_KEK = Oid.of("1.2.840.113549.1.9.16.3.9");
  static final Oid ML_KEM_768 = Oid.of("2.16.840.1.101.3.4.4.2");
  static final Oid HKDF_SHA256 = Oid.of("1.2.840.113549.1.9.16.3.28");
  static final Oid ATTR_CONTENT_TYPE = Oid.of("1.2.840.113549.1.9.3");
  static final Oid ATTR_SIGNING_TIME = Oid.of("1.2.840.113549.1.9.5");
  static final Oid ATTR_PRIVATE = Oid.of("1.3.6.1.4.1.99999.7");
  static final Oid UNKNOWN_ORI = Oid.of("1.3.6.1.4.1.99999.1");

  static Bytes der(DerWriter.Body body) {
    return Bytes.of(DerWriter.encode(body));
  }

  static Bytes random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return Bytes.of(b);
  }

  /** {@code Name ::= SEQUENCE OF SET OF AttributeTypeAndValue}, with one CN. */
  static Bytes name(String commonName) {
    return der(
        w ->
            w.addSequence(
                n ->
                    n.addSet(
                        rdn ->
                            rdn.addSequence(
                                atv ->
                                    atv.addOid(Oid.of("2.5.4.3"))
                                        .addPrimitive(
                                            Tag.UTF8_STRING,
                                            commonName.getBytes(StandardCharsets.UTF_8))))));
  }

  static IssuerAndSerialNumber issuerSerial(String cn, long serial) {
    return new IssuerAndSerialNumber(name(cn), BigInteger.valueOf(serial));
  }

  // ---------------------------------------------------------------- algorithms

  static AlgorithmIdentifier aesCbc(long seed) {
    Bytes iv = random(seed, 16);
    return new AlgorithmIdentifier(AES128_CBC, der(w -> w.addOctetString(iv.toByteArray())));
  }

  /** GCMParameters ::= SEQUENCE { aes-nonce OCTET STRING (12), aes-ICVlen INTEGER DEFAULT 12 }. */
  static AlgorithmIdentifier aesGcm(long seed) {
    Bytes nonce = random(seed, 12);
    return new AlgorithmIdentifier(
        AES128_GCM,
        der(w -> w.addSequence(s -> s.addOctetString(nonce.toByteArray()).addInteger(16))));
  }

  /** RSAES-OAEP-params with every field at its default: an empty SEQUENCE. */
  static AlgorithmIdentifier oaepDefaults() {
    return new AlgorithmIdentifier(RSAES_OAEP, Bytes.ofHex("3000"));
  }

  static AlgorithmIdentifier pbkdf2(long seed) {
    Bytes salt = random(seed, 16);
    return new AlgorithmIdentifier(
        PBKDF2,
        der(w -> w.addSequence(s -> s.addOctetString(salt.toByteArray()).addInteger(2048))));
  }

  // ---------------------------------------------------------------- recipient infos

  static KeyTransRecipientInfo ktriIssuerSerial() {
    return new KeyTransRecipientInfo(
        new RecipientIdentifier.IssuerSerial(issuerSerial("Alice", 0x1234)),
        AlgorithmIdentifier.withNull(RSA),
        random(1, 256));
  }

  static KeyTransRecipientInfo ktriSki() {
    return new KeyTransRecipientInfo(
        new RecipientIdentifier.SubjectKeyId(random(2, 20)), oaepDefaults(), random(3, 384));
  }

  /** A large serial (20 octets, top bit set: a leading 00 in DER) and an absent-parameters alg. */
  static KeyTransRecipientInfo ktriBigSerialNoParams() {
    return new KeyTransRecipientInfo(
        new RecipientIdentifier.IssuerSerial(
            new IssuerAndSerialNumber(
                name("Big Serial CA"), new BigInteger(1, random(4, 20).toByteArray()).setBit(159))),
        AlgorithmIdentifier.absent(RSA),
        random(5, 128));
  }

  /** {@code date GeneralizedTime} followed by {@code other OtherKeyAttribute}. */
  static Bytes dateAndOther() {
    return der(
        w ->
            w.addPrimitive(
                    Tag.GENERALIZED_TIME, "20250101000000Z".getBytes(StandardCharsets.US_ASCII))
                .addSequence(o -> o.addOid(Oid.of("1.3.6.1.4.1.99999.3")).addNull()));
  }

  enum OriginatorKind {
    ISSUER_SERIAL,
    SUBJECT_KEY_ID,
    ORIGINATOR_KEY
  }

  static KeyAgreeRecipientInfo kari(OriginatorKind kind, boolean ukm, boolean rKeyIdExtras) {
    KeyAgreeRecipientInfo.Originator originator =
        switch (kind) {
          case ISSUER_SERIAL -> new OriginatorIssuerSerial(issuerSerial("Bob", 7));
          case SUBJECT_KEY_ID -> new OriginatorSubjectKeyId(random(10, 20));
          case ORIGINATOR_KEY ->
              new OriginatorPublicKey(
                  new AlgorithmIdentifier(EC_PUBLIC_KEY, der(w -> w.addOid(P256))),
                  Bytes.of(Hex.concat(new byte[] {4}, random(11, 64).toByteArray())));
        };
    List<RecipientEncryptedKey> keys = new ArrayList<>();
    keys.add(
        new RecipientEncryptedKey(
            new RecipientIdentifier.IssuerSerial(issuerSerial("Carol", 99)), null, random(12, 24)));
    keys.add(
        new RecipientEncryptedKey(
            new RecipientIdentifier.SubjectKeyId(random(13, 20)),
            rKeyIdExtras ? dateAndOther() : null,
            random(14, 24)));
    return new KeyAgreeRecipientInfo(
        originator,
        ukm ? random(15, 64) : null,
        new AlgorithmIdentifier(
            ECDH_SHA256KDF, der(w -> w.addSequence(s -> s.addOid(AES128_WRAP)))),
        keys);
  }

  static KekRecipientInfo kekri(boolean extras) {
    return new KekRecipientInfo(
        Bytes.ofHex("c0fee0"),
        extras ? dateAndOther() : null,
        AlgorithmIdentifier.absent(AES128_WRAP),
        random(20, 24));
  }

  static PasswordRecipientInfo pwri(boolean keyDerivationAlgorithm) {
    return new PasswordRecipientInfo(
        keyDerivationAlgorithm ? pbkdf2(30) : null,
        new AlgorithmIdentifier(PWRI_KEK, der(w -> CmsFields.writeAlgorithm(w, aesCbc(31)))),
        random(32, 32));
  }

  static KemRecipientInfo kem(boolean ukm, boolean ski) {
    RecipientIdentifier rid =
        ski
            ? new RecipientIdentifier.SubjectKeyId(random(40, 20))
            : new RecipientIdentifier.IssuerSerial(issuerSerial("Dana", 40));
    return new KemRecipientInfo(
        rid,
        AlgorithmIdentifier.absent(ML_KEM_768),
        random(41, 1088),
        AlgorithmIdentifier.absent(HKDF_SHA256),
        32,
        ukm ? random(42, 16) : null,
        AlgorithmIdentifier.absent(AES256_WRAP),
        random(43, 40));
  }

  static OtherRecipientInfo unknownOri() {
    return new OtherRecipientInfo(
        UNKNOWN_ORI, der(w -> w.addSequence(s -> s.addInteger(1).addOctetString(new byte[] {9}))));
  }

  /** One of each kind, in an order that DER sorting will change. */
  static List<RecipientInfo> everyKind() {
    return List.of(
        unknownOri(),
        kem(true, false),
        pwri(true),
        kekri(true),
        kari(OriginatorKind.ORIGINATOR_KEY, true, true),
        ktriSki(),
        ktriIssuerSerial());
  }

  // ---------------------------------------------------------------- attributes, originatorInfo

  static Attribute contentTypeAttr() {
    return new Attribute(ATTR_CONTENT_TYPE, List.of(der(w -> w.addOid(CmsOids.DATA))));
  }

  static Attribute signingTimeAttr() {
    return new Attribute(
        ATTR_SIGNING_TIME,
        List.of(
            der(
                w ->
                    w.addPrimitive(
                        Tag.UTC_TIME, "250101000000Z".getBytes(StandardCharsets.US_ASCII)))));
  }

  /** Several values, given out of DER order. */
  static Attribute multiValuedAttr() {
    return new Attribute(
        ATTR_PRIVATE,
        List.of(
            der(w -> w.addOctetString(new byte[] {3})),
            der(w -> w.addInteger(300)),
            der(w -> w.addOctetString(new byte[] {1, 2}))));
  }

  static Bytes fakeCertificate(String cn) {
    return der(
        w -> w.addSequence(c -> c.addSequence(tbs -> tbs.addEncoded(name(cn).toByteArray()))));
  }

  static OriginatorInfo originatorInfo() {
    return new OriginatorInfo(
        List.of(fakeCertificate("Originator A"), fakeCertificate("Originator B")),
        List.of(der(w -> w.addSequence(crl -> crl.addSequence(t -> t.addInteger(1))))));
  }

  /** certificates with an {@code other [3]} choice and an {@code other [1]} revocation choice. */
  static OriginatorInfo originatorInfoOther() {
    return new OriginatorInfo(
        List.of(der(w -> w.add(Tag.context(3, true), o -> o.addOid(Oid.of("1.2.3.4")).addNull()))),
        List.of(der(w -> w.add(Tag.context(1, true), o -> o.addOid(Oid.of("1.2.3.5")).addNull()))));
  }

  // ---------------------------------------------------------------- messages

  static EncryptedContentInfo eci(long seed, int contentLength) {
    return new EncryptedContentInfo(CmsOids.DATA, aesCbc(seed), random(seed + 1, contentLength));
  }

  static EnvelopedData enveloped(List<RecipientInfo> ris) {
    return new EnvelopedData(null, ris, eci(100, 48), List.of());
  }

  static AuthEnvelopedData authEnveloped(
      List<RecipientInfo> ris, List<Attribute> authAttrs, List<Attribute> unauthAttrs) {
    return new AuthEnvelopedData(
        null,
        ris,
        new EncryptedContentInfo(CmsOids.DATA, aesGcm(200), random(201, 33)),
        authAttrs,
        random(202, 16),
        unauthAttrs);
  }

  // ---------------------------------------------------------------- DER normal form

  private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

  private static byte[] encoded(RecipientInfo ri) {
    return DerWriter.encode(w -> RecipientInfoCodec.write(w, ri));
  }

  /** One Attribute's own SEQUENCE, as it sits in the SET OF. */
  private static byte[] encoded(Attribute a) {
    return DerWriter.encode(
        w ->
            w.addSequence(
                s ->
                    s.addOid(a.type())
                        .addSetOf(
                            Tag.SET,
                            a.values().stream()
                                .<DerWriter.Body>map(v -> x -> x.addEncoded(v.toByteArray()))
                                .toList())));
  }

  /**
   * The message as its DER encoding orders it: SET OF components sorted by their encodings (X.690
   * 11.6). Decoding a DER encoding must give exactly this.
   */
  static CmsMessage derOrder(CmsMessage m) {
    List<RecipientInfo> ris =
        m.recipientInfos().stream()
            .sorted(Comparator.comparing(CmsFixtures::encoded, UNSIGNED))
            .toList();
    OriginatorInfo oi =
        m.originatorInfo() == null
            ? null
            : new OriginatorInfo(
                sortedBytes(m.originatorInfo().certificates()),
                sortedBytes(m.originatorInfo().crls()));
    return switch (m) {
      case EnvelopedData ed ->
          new EnvelopedData(oi, ris, ed.encryptedContentInfo(), sortedAttrs(ed.unprotectedAttrs()));
      case AuthEnvelopedData aed ->
          new AuthEnvelopedData(
              oi,
              ris,
              aed.encryptedContentInfo(),
              sortedAttrs(aed.authAttrs()),
              aed.mac(),
              sortedAttrs(aed.unauthAttrs()));
    };
  }

  private static List<Bytes> sortedBytes(List<Bytes> in) {
    return in.stream().sorted(Comparator.comparing(Bytes::toByteArray, UNSIGNED)).toList();
  }

  private static List<Attribute> sortedAttrs(List<Attribute> in) {
    return in.stream()
        .map(a -> new Attribute(a.type(), sortedBytes(a.values())))
        .sorted(Comparator.comparing(CmsFixtures::encoded, UNSIGNED))
        .toList();
  }
}
