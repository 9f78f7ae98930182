package dev.envelope.cms;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorPublicKey;

/**
 * The byte-level pieces of key agreement recipients: the KDF input {@code ECC-CMS-SharedInfo} (RFC
 * 5753 7.2, also RFC 8418 2), the key-wrap identifier inside {@code keyEncryptionAlgorithm}, the
 * originator's public key as a SubjectPublicKeyInfo (RFC 5280 4.1.2.7), EC parameters (RFC 5480
 * 2.1.1) and the uncompressed point form (SEC 1 2.3.3). No JCA here: keys are bytes.
 */
public final class KeyAgreeCodec {
  private KeyAgreeCodec() {}

  private static final Tag CTX0 = Tag.context(0, true);
  private static final Tag CTX2 = Tag.context(2, true);

  /**
   * The DER of
   *
   * <pre>
   * ECC-CMS-SharedInfo ::= SEQUENCE {
   *   keyInfo      AlgorithmIdentifier,               -- the key wrap, as in the message
   *   entityUInfo  [0] EXPLICIT OCTET STRING OPTIONAL, -- the ukm, when present
   *   suppPubInfo  [2] EXPLICIT OCTET STRING }         -- KEK length in bits, 32-bit big-endian
   * </pre>
   *
   * (RFC 5753 section 7.2).
   *
   * @param ukm null when absent
   * @param kekBytes the key-encryption key length in bytes
   */
  public static byte[] sharedInfo(AlgorithmIdentifier keyInfo, Bytes ukm, int kekBytes) {
    long bits = 8L * kekBytes;
    byte[] supp = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    return DerWriter.encode(
        w ->
            w.addSequence(
                s -> {
                  CmsFields.writeAlgorithm(s, keyInfo);
                  if (ukm != null) {
                    s.add(CTX0, u -> u.addOctetString(ukm.toByteArray()));
                  }
                  s.add(CTX2, p -> p.addOctetString(supp));
                }));
  }

  /**
   * The key wrap named by the parameters of a {@code keyEncryptionAlgorithm} such as {@code
   * dhSinglePass-stdDH-sha256kdf-scheme} ({@code KeyWrapAlgorithm}, RFC 5753 7.1.3).
   *
   * @throws Asn1Exception when the parameters are absent or not one AlgorithmIdentifier
   */
  public static AlgorithmIdentifier keyWrapAlgorithm(AlgorithmIdentifier keyEncryptionAlgorithm)
      throws Asn1Exception {
    String field = "keyEncryptionAlgorithm.parameters";
    if (keyEncryptionAlgorithm.parameters() == null) {
      throw new Asn1Exception(field, 0, "absent: the key wrap algorithm is missing");
    }
    DerReader r = DerReader.der(keyEncryptionAlgorithm.parameters().toByteArray());
    if (!r.peek(Tag.SEQUENCE)) {
      throw new Asn1Exception(field, 0, "not a KeyWrapAlgorithm (AlgorithmIdentifier)");
    }
    AlgorithmIdentifier wrap = CmsFields.readAlgorithm(r, field);
    r.expectEmpty(field);
    return wrap;
  }

  /** A {@code keyEncryptionAlgorithm}: the scheme with the key wrap as its parameters. */
  public static AlgorithmIdentifier keyEncryptionAlgorithm(Oid scheme, AlgorithmIdentifier wrap) {
    return new AlgorithmIdentifier(
        scheme, Bytes.of(DerWriter.encode(w -> CmsFields.writeAlgorithm(w, wrap))));
  }

  /**
   * {@code SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT
   * STRING }} for an originator key (the two have the same shape, RFC 5652 6.2.2).
   */
  public static byte[] subjectPublicKeyInfo(AlgorithmIdentifier algorithm, Bytes publicKey) {
    return DerWriter.encode(
        w ->
            w.addSequence(
                s -> {
                  CmsFields.writeAlgorithm(s, algorithm);
                  s.addBitString(publicKey.toByteArray());
                }));
  }

  /**
   * The originator key of a SubjectPublicKeyInfo (strict DER).
   *
   * @throws Asn1Exception when it is not one well-formed SubjectPublicKeyInfo
   */
  public static OriginatorPublicKey originatorKey(byte[] subjectPublicKeyInfo)
      throws Asn1Exception {
    DerReader r = DerReader.der(subjectPublicKeyInfo);
    DerReader s = r.readSequence("subjectPublicKeyInfo");
    AlgorithmIdentifier a = CmsFields.readAlgorithm(s, "subjectPublicKeyInfo.algorithm");
    byte[] key = s.readBitString("subjectPublicKeyInfo.subjectPublicKey");
    s.expectEmpty("subjectPublicKeyInfo");
    r.expectEmpty("subjectPublicKeyInfo");
    return new OriginatorPublicKey(a, Bytes.of(key));
  }

  /** What the parameters of an {@code id-ecPublicKey} identifier say about the curve. */
  public sealed interface EcParameters {}

  /** Parameters absent or NULL: the curve is the recipient's (RFC 5753 3.1.1). */
  public record ImplicitCurve() implements EcParameters {}

  /** {@code namedCurve OBJECT IDENTIFIER} (RFC 5480 2.1.1.1). */
  public record NamedCurve(Oid oid) implements EcParameters {}

  /** {@code specifiedCurve} or anything else: explicit parameters, which Envelope refuses. */
  public record ExplicitCurve() implements EcParameters {}

  /**
   * Classifies the parameters of an {@code id-ecPublicKey} AlgorithmIdentifier.
   *
   * @throws Asn1Exception when the parameters look like an OID but are not a well-formed one
   */
  public static EcParameters ecParameters(AlgorithmIdentifier algorithm) throws Asn1Exception {
    if (algorithm.parametersAbsentOrNull()) {
      return new ImplicitCurve();
    }
    DerReader r = DerReader.der(algorithm.parameters().toByteArray());
    if (!r.peek(Tag.OID)) {
      return new ExplicitCurve();
    }
    Oid oid = r.readOid("ecParameters.namedCurve");
    r.expectEmpty("ecParameters");
    return new NamedCurve(oid);
  }

  /** The parameters element {@code namedCurve} for an AlgorithmIdentifier. */
  public static Bytes namedCurveParameters(Oid curve) {
    return Bytes.of(DerWriter.encode(w -> w.addOid(curve)));
  }

  /**
   * Checks the form of an EC point: uncompressed, {@code 04 || X || Y} with both coordinates of
   * {@code fieldBytes} (SEC 1 2.3.3). Compressed and hybrid forms, the point at infinity ({@code
   * 00}) and wrong lengths are refused.
   *
   * @throws Asn1Exception when the point is not in that form
   */
  public static void checkUncompressedPoint(Bytes point, int fieldBytes) throws Asn1Exception {
    String field = "originatorKey.publicKey";
    if (point.isEmpty()) {
      throw new Asn1Exception(field, 0, "empty EC point");
    }
    int form = point.get(0) & 0xFF;
    if (form == 0x00) {
      throw new Asn1Exception(field, 0, "the point at infinity is not a public key");
    }
    if (form != 0x04) {
      throw new Asn1Exception(
          field, 0, "EC point form 0x" + Integer.toHexString(form) + " (only uncompressed, 04)");
    }
    if (point.length() != 1 + 2 * fieldBytes) {
      throw new Asn1Exception(
          field,
          0,
          "uncompressed EC point of " + point.length() + " bytes, not " + (1 + 2 * fieldBytes));
    }
  }
}
