package dev.envelope.x509;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.Tag;
import dev.envelope.error.KeySourceException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a CMS recipient identifier (RFC 5652 6.2.1) is matched against: the certificate's issuer
 * Name exactly as encoded and its serial number, and its subject key identifier in the three forms
 * peers write.
 *
 * <ul>
 *   <li>the subjectKeyIdentifier extension (RFC 5280 4.2.1.2), when the certificate has one;
 *   <li>RFC 5280 4.2.1.2 method 1: SHA-1 over the subjectPublicKey BIT STRING's value;
 *   <li>Windows' variant: SHA-1 over the whole DER SubjectPublicKeyInfo, which Windows and .NET
 *       write for a certificate without the extension.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; every array returned is a fresh copy. The issuer and
 * key are taken from the certificate's own TBSCertificate bytes, not re-encoded, so they compare
 * byte for byte with what a peer copied out of the same certificate.
 */
public final class CertificateIds {
  private static final String SKI_OID = "2.5.29.14";

  private final Bytes issuer;
  private final BigInteger serialNumber;
  private final Optional<Bytes> subjectKeyIdExtension;
  private final Bytes rfc5280KeyId;
  private final Bytes windowsKeyId;

  private CertificateIds(
      Bytes issuer,
      BigInteger serialNumber,
      Optional<Bytes> subjectKeyIdExtension,
      Bytes rfc5280KeyId,
      Bytes windowsKeyId) {
    this.issuer = issuer;
    this.serialNumber = serialNumber;
    this.subjectKeyIdExtension = subjectKeyIdExtension;
    this.rfc5280KeyId = rfc5280KeyId;
    this.windowsKeyId = windowsKeyId;
  }

  /**
   * The identifiers of {@code cert}.
   *
   * @throws KeySourceException when the certificate's TBSCertificate, public key or
   *     subjectKeyIdentifier extension is malformed
   */
  public static CertificateIds of(X509Certificate cert) throws KeySourceException {
    Objects.requireNonNull(cert, "cert");
    TbsFields tbs = TbsFields.of(cert);
    return new CertificateIds(
        Bytes.of(tbs.issuer()),
        cert.getSerialNumber(),
        subjectKeyIdExtension(cert).map(Bytes::of),
        Bytes.of(rfc5280KeyIdOfSpki(tbs.subjectPublicKeyInfo())),
        Bytes.of(sha1(tbs.subjectPublicKeyInfo())));
  }

  /** The issuer Name exactly as encoded in the certificate (a copy). */
  public byte[] issuer() {
    return issuer.toByteArray();
  }

  public BigInteger serialNumber() {
    return serialNumber;
  }

  /** The subjectKeyIdentifier extension's value (a copy), when the certificate carries one. */
  public Optional<byte[]> subjectKeyIdExtension() {
    return subjectKeyIdExtension.map(Bytes::toByteArray);
  }

  /** RFC 5280 4.2.1.2 method 1: SHA-1 over the subjectPublicKey bits (a copy). */
  public byte[] rfc5280KeyId() {
    return rfc5280KeyId.toByteArray();
  }

  /**
   * SHA-1 over the whole SubjectPublicKeyInfo, as Windows computes a missing identifier (a copy).
   */
  public byte[] windowsKeyId() {
    return windowsKeyId.toByteArray();
  }

  /**
   * The identifier a sealer writes in a subjectKeyIdentifier recipient identifier: the extension
   * value when present (what every peer looks up), else RFC 5280 method 1.
   */
  public byte[] preferredSubjectKeyId() {
    return subjectKeyIdExtension.orElse(rfc5280KeyId).toByteArray();
  }

  /** Whether {@code ski} equals any of the three identifiers. */
  public boolean matchesSubjectKeyId(byte[] ski) {
    if (ski == null || ski.length == 0) {
      return false;
    }
    Bytes b = Bytes.of(ski);
    return subjectKeyIdExtension.map(b::equals).orElse(false)
        || b.equals(rfc5280KeyId)
        || b.equals(windowsKeyId);
  }

  /** Whether an issuerAndSerialNumber names this certificate (issuer compared byte for byte). */
  public boolean matchesIssuerAndSerial(byte[] issuerName, BigInteger serial) {
    return issuerName != null
        && serial != null
        && serialNumber.equals(serial)
        && issuer.equals(Bytes.of(issuerName));
  }

  /**
   * Whether {@code ski} is RFC 5280 method 1 or the Windows identifier of a bare public key (for a
   * private key given without its certificate). Never throws: a key without an X.509 encoding (some
   * hardware keys) matches nothing.
   */
  public static boolean matchesSubjectKeyId(PublicKey key, byte[] ski) {
    if (key == null || ski == null || ski.length == 0) {
      return false;
    }
    try {
      return MessageDigest.isEqual(ski, rfc5280KeyId(key))
          || MessageDigest.isEqual(ski, windowsKeyId(key));
    } catch (KeySourceException e) {
      return false;
    }
  }

  /**
   * RFC 5280 4.2.1.2 method 1 for a bare public key.
   *
   * @throws KeySourceException when the key has no SubjectPublicKeyInfo encoding
   */
  public static byte[] rfc5280KeyId(PublicKey key) throws KeySourceException {
    return rfc5280KeyIdOfSpki(spkiOf(key));
  }

  /**
   * Windows' identifier (SHA-1 over the DER SubjectPublicKeyInfo) for a bare public key.
   *
   * @throws KeySourceException when the key has no SubjectPublicKeyInfo encoding
   */
  public static byte[] windowsKeyId(PublicKey key) throws KeySourceException {
    return sha1(spkiOf(key));
  }

  /**
   * The public half of a private key, when it can be computed without the certificate: from an RSA
   * CRT key (modulus and public exponent are part of it), or from an EC key whose PKCS #8 encoding
   * still carries the optional publicKey field of RFC 5915 (as OpenSSL writes it). Empty for
   * anything else, including keys that cannot be exported; never throws.
   */
  public static Optional<PublicKey> publicKeyOf(PrivateKey key) {
    if (key == null) {
      return Optional.empty();
    }
    try {
      if (key instanceof RSAPrivateCrtKey rsa) {
        if (rsa.getPublicExponent() == null || rsa.getPublicExponent().signum() <= 0) {
          return Optional.empty();
        }
        RSAPublicKeySpec spec =
            new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent(), rsa.getParams());
        return Optional.of(KeyFactory.getInstance(key.getAlgorithm()).generatePublic(spec));
      }
      if ("EC".equals(key.getAlgorithm()) && "PKCS#8".equals(key.getFormat())) {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
          return Optional.empty();
        }
        try {
          return EcPublicPart.spki(encoded)
              .map(X509EncodedKeySpec::new)
              .flatMap(CertificateIds::ecPublicKey);
        } finally {
          Arrays.fill(encoded, (byte) 0);
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // a provider that cannot rebuild the key simply means "not computable here"
    }
    return Optional.empty();
  }

  private static Optional<PublicKey> ecPublicKey(X509EncodedKeySpec spec) {
    try {
      return Optional.of(KeyFactory.getInstance("EC").generatePublic(spec));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static byte[] spkiOf(PublicKey key) throws KeySourceException {
    byte[] spki = key.getEncoded();
    if (spki == null || !"X.509".equals(key.getFormat())) {
      throw new KeySourceException(
          "the " + key.getAlgorithm() + " public key has no SubjectPublicKeyInfo encoding");
    }
    return spki;
  }

  /**
   * SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING
   * }
   */
  private static byte[] rfc5280KeyIdOfSpki(byte[] spki) throws KeySourceException {
    try {
      DerReader top = DerReader.der(spki);
      DerReader seq = top.readSequence("subjectPublicKeyInfo");
      seq.readElement(Tag.SEQUENCE, "algorithm");
      byte[] bits = seq.readBitString("subjectPublicKey");
      seq.expectEmpty("subjectPublicKeyInfo");
      top.expectEmpty("subjectPublicKeyInfo");
      return sha1(bits);
    } catch (Asn1Exception e) {
      throw new KeySourceException("malformed public key: " + e.getMessage(), e);
    }
  }

  /**
   * The extension's value: {@code getExtensionValue} returns the extnValue OCTET STRING, which
   * wraps {@code SubjectKeyIdentifier ::= OCTET STRING}.
   */
  private static Optional<byte[]> subjectKeyIdExtension(X509Certificate cert)
      throws KeySourceException {
    byte[] ext = cert.getExtensionValue(SKI_OID);
    if (ext == null) {
      return Optional.empty();
    }
    try {
      DerReader outer = DerReader.der(ext);
      byte[] extnValue = outer.readOctetString("extnValue");
      outer.expectEmpty("extnValue");
      DerReader inner = DerReader.der(extnValue);
      byte[] ski = inner.readOctetString("subjectKeyIdentifier");
      inner.expectEmpty("subjectKeyIdentifier");
      return Optional.of(ski);
    } catch (Asn1Exception e) {
      throw new KeySourceException(
          "malformed subjectKeyIdentifier extension in certificate "
              + cert.getSubjectX500Principal()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-1", e);
    }
  }

  /** The fields of a TBSCertificate that are compared byte for byte, as encoded (RFC 5280 4.1). */
  record TbsFields(byte[] issuer, byte[] subject, byte[] subjectPublicKeyInfo) {

    static TbsFields of(X509Certificate cert) throws KeySourceException {
      try {
        // BER: the JDK accepted this certificate, so read leniently what we only copy out
        DerReader top = DerReader.ber(cert.getTBSCertificate());
        DerReader tbs = top.readSequence("tbsCertificate");
        if (tbs.peek(Tag.context(0, true))) {
          tbs.readElement("version");
        }
        tbs.readElement(Tag.INTEGER, "serialNumber");
        tbs.readElement(Tag.SEQUENCE, "signature");
        byte[] issuer = tbs.readElement(Tag.SEQUENCE, "issuer");
        tbs.readElement(Tag.SEQUENCE, "validity");
        byte[] subject = tbs.readElement(Tag.SEQUENCE, "subject");
        byte[] spki = tbs.readElement(Tag.SEQUENCE, "subjectPublicKeyInfo");
        return new TbsFields(issuer, subject, spki);
      } catch (Asn1Exception | CertificateEncodingException e) {
        throw new KeySourceException(
            "malformed certificate " + cert.getSubjectX500Principal() + ": " + e.getMessage(), e);
      }
    }
  }
}
