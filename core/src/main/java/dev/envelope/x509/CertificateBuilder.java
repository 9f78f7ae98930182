package dev.envelope.x509;

import static dev.envelope.x509.X509Encoding.CRL_SIGN;
import static dev.envelope.x509.X509Encoding.DIGITAL_SIGNATURE;
import static dev.envelope.x509.X509Encoding.KEY_AGREEMENT;
import static dev.envelope.x509.X509Encoding.KEY_CERT_SIGN;
import static dev.envelope.x509.X509Encoding.KEY_ENCIPHERMENT;

import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Tag;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.x509.X509Encoding.KeyFamily;
import dev.envelope.x509.X509Encoding.SignatureAlgorithm;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Creates X.509 v3 certificates (RFC 5280) with the JDK alone: the TBSCertificate is written with
 * the project's DER writer and signed with {@link Signature}.
 *
 * <pre>{@code
 * KeyPair ca = CertificateBuilder.generateKeyPair("ec-p256");
 * X509Certificate caCert =
 *     CertificateBuilder.forSubject("CN=Demo CA").certificateAuthority(true).selfSigned(ca);
 * KeyPair alice = CertificateBuilder.generateKeyPair("rsa3072");
 * X509Certificate aliceCert = CertificateBuilder.forSubject("CN=Alice")
 *     .email("alice@example.com")
 *     .issuedBy(alice.getPublic(), caCert, ca.getPrivate());
 * }</pre>
 *
 * <p>Guarantees: a random positive 16-byte serial number; validity from one minute ago (for clock
 * skew) to {@code days} from now, UTCTime before 2050 and GeneralizedTime after (RFC 5280 4.1.2.5);
 * a subjectKeyIdentifier (RFC 5280 method 1); an authorityKeyIdentifier when issued by a CA; a
 * critical keyUsage that fits the key (RSA: digitalSignature and keyEncipherment; EC:
 * digitalSignature and keyAgreement; X25519/X448: keyAgreement; ML-KEM: keyEncipherment; a CA:
 * keyCertSign and cRLSign, with a critical basicConstraints cA=TRUE); a subjectAltName rfc822Name
 * for the e-mail address. The signature is sha256WithRSAEncryption for an RSA issuer and ECDSA with
 * SHA-256, -384 or -512 (by curve size) for an EC issuer. Every certificate is verified against the
 * issuer's public key before it is returned.
 *
 * <p>Instances are immutable and thread-safe: each setter returns a new builder.
 */
public final class CertificateBuilder {

  /** The key types {@link #generateKeyPair} accepts, as the command line names them. */
  public static final List<String> KEY_SPECS =
      List.of(
          "rsa2048",
          "rsa3072",
          "rsa4096",
          "ec-p256",
          "ec-p384",
          "ec-p521",
          "x25519",
          "x448",
          "ml-kem-512",
          "ml-kem-768",
          "ml-kem-1024");

  private static final int DEFAULT_DAYS = 365;
  private static final int MAX_DAYS = 100 * 366;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] subjectName;
  private final String email;
  private final int days;
  private final boolean ca;

  private CertificateBuilder(byte[] subjectName, String email, int days, boolean ca) {
    this.subjectName = subjectName;
    this.email = email;
    this.days = days;
    this.ca = ca;
  }

  /**
   * A builder for a certificate with this subject, valid for 365 days, not a CA, without e-mail.
   *
   * @param distinguishedName RFC 2253 or RFC 1779 text, for example {@code "CN=Alice, O=Example"}
   * @throws IllegalArgumentException when the name cannot be parsed or is empty
   */
  public static CertificateBuilder forSubject(String distinguishedName) {
    Objects.requireNonNull(distinguishedName, "distinguishedName");
    byte[] name;
    try {
      name = new X500Principal(distinguishedName).getEncoded();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot parse the subject name \"" + distinguishedName + "\": " + e.getMessage(), e);
    }
    // An empty subject would oblige a critical subjectAltName (RFC 5280 4.1.2.6): not worth it
    if (name.length <= 2) {
      throw new IllegalArgumentException("the subject name is empty");
    }
    return new CertificateBuilder(name, null, DEFAULT_DAYS, false);
  }

  /**
   * Adds a subjectAltName rfc822Name (RFC 5280 4.2.1.6), what S/MIME clients look the recipient up
   * by.
   *
   * @throws IllegalArgumentException when the address is not ASCII {@code local@domain}
   */
  public CertificateBuilder email(String address) {
    Objects.requireNonNull(address, "address");
    int at = address.indexOf('@');
    if (at < 1
        || at != address.lastIndexOf('@')
        || at == address.length() - 1
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(address)
        || address.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
      throw new IllegalArgumentException("not an ASCII e-mail address: " + address);
    }
    return new CertificateBuilder(subjectName, address, days, ca);
  }

  /**
   * Sets how many days from now the certificate stays valid.
   *
   * @throws IllegalArgumentException unless {@code 1 <= days <= 36600}
   */
  public CertificateBuilder validDays(int days) {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("validity must be 1 to " + MAX_DAYS + " days: " + days);
    }
    return new CertificateBuilder(subjectName, email, days, ca);
  }

  /** Makes the certificate a CA (basicConstraints cA=TRUE, keyCertSign and cRLSign) or not. */
  public CertificateBuilder certificateAuthority(boolean isCa) {
    return new CertificateBuilder(subjectName, email, days, isCa);
  }

  /**
   * A self-signed certificate for the key pair.
   *
   * @throws UnsupportedAlgorithmException when the key cannot sign (only RSA and EC keys can)
   * @throws KeySourceException when the private key does not belong to the public key, or the JCA
   *     provider fails to sign
   */
  public X509Certificate selfSigned(KeyPair keyPair)
      throws KeySourceException, UnsupportedAlgorithmException {
    Objects.requireNonNull(keyPair, "keyPair");
    SignatureAlgorithm alg = SignatureAlgorithm.forIssuer(keyPair.getPublic());
    // RFC 5280 4.2.1.1: a self-signed certificate may omit the authorityKeyIdentifier
    return build(
        keyPair.getPublic(),
        subjectName,
        Optional.empty(),
        alg,
        keyPair.getPrivate(),
        keyPair.getPublic());
  }

  /**
   * A certificate for {@code subjectKey} issued by a CA.
   *
   * @param issuer the CA's certificate: its subject becomes the issuer, its key identifier the
   *     authorityKeyIdentifier
   * @param issuerKey the CA's private key
   * @throws UnsupportedAlgorithmException when the CA key cannot sign, or a CA certificate is asked
   *     for a key that cannot sign
   * @throws KeySourceException when the issuer certificate is not a CA, {@code issuerKey} does not
   *     match it, or the JCA provider fails to sign
   */
  public X509Certificate issuedBy(
      PublicKey subjectKey, X509Certificate issuer, PrivateKey issuerKey)
      throws KeySourceException, UnsupportedAlgorithmException {
    Objects.requireNonNull(subjectKey, "subjectKey");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(issuerKey, "issuerKey");
    String issuerText = issuer.getSubjectX500Principal().getName();
    boolean[] usage = issuer.getKeyUsage();
    if (issuer.getBasicConstraints() < 0 || (usage != null && !usage[KEY_CERT_SIGN])) {
      throw new KeySourceException(
          "the issuer certificate " + issuerText + " is not a CA (no cA=TRUE or no keyCertSign)");
    }
    SignatureAlgorithm alg = SignatureAlgorithm.forIssuer(issuer.getPublicKey());
    CertificateIds issuerIds = CertificateIds.of(issuer);
    byte[] issuerName = CertificateIds.TbsFields.of(issuer).subject();
    return build(
        subjectKey,
        issuerName,
        Optional.of(issuerIds.preferredSubjectKeyId()),
        alg,
        issuerKey,
        issuer.getPublicKey());
  }

  private X509Certificate build(
      PublicKey subjectKey,
      byte[] issuerName,
      Optional<byte[]> authorityKeyId,
      SignatureAlgorithm alg,
      PrivateKey signingKey,
      PublicKey issuerPublicKey)
      throws KeySourceException, UnsupportedAlgorithmException {
    KeyFamily family = KeyFamily.of(subjectKey);
    if (ca && family != KeyFamily.RSA && family != KeyFamily.EC) {
      throw new UnsupportedAlgorithmException(
          "a CA needs an RSA or EC key, not " + subjectKey.getAlgorithm());
    }
    byte[] spki = subjectKey.getEncoded();
    if (spki == null || !"X.509".equals(subjectKey.getFormat())) {
      throw new UnsupportedAlgorithmException(
          "the " + subjectKey.getAlgorithm() + " public key has no SubjectPublicKeyInfo encoding");
    }
    byte[] subjectKeyId = CertificateIds.rfc5280KeyId(subjectKey);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant notBefore = now.minus(Duration.ofMinutes(1));
    Instant notAfter = now.plus(Duration.ofDays(days));
    BigInteger serial = randomSerial();

    byte[] tbs =
        new DerWriter()
            .addSequence(
                t -> {
                  t.add(Tag.context(0, true), v -> v.addInteger(2)); // v3
                  t.addInteger(serial);
                  alg.write(t);
                  t.addEncoded(issuerName);
                  t.addSequence(
                      v -> {
                        X509Encoding.addTime(v, notBefore);
                        X509Encoding.addTime(v, notAfter);
                      });
                  t.addEncoded(subjectName);
                  t.addEncoded(spki);
                  t.add(
                      Tag.context(3, true),
                      x -> x.addSequence(e -> extensions(e, family, subjectKeyId, authorityKeyId)));
                })
            .toByteArray();

    byte[] signature = sign(alg, signingKey, tbs);
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
    byte[] der =
        new DerWriter()
            .addSequence(
                c -> {
                  c.addEncoded(tbs);
                  alg.write(c);
                  c.addBitString(signature);
                })
            .toByteArray();
    return parseAndVerify(der, issuerPublicKey);
  }

  private void extensions(
      DerWriter e, KeyFamily family, byte[] subjectKeyId, Optional<byte[]> authorityKeyId) {
    if (ca) {
      // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint OPTIONAL }
      X509Encoding.addExtension(
          e,
          X509Encoding.BASIC_CONSTRAINTS,
          true,
          DerWriter.encode(w -> w.addSequence(s -> s.addBoolean(true))));
    }
    int[] usage =
        ca
            ? new int[] {KEY_CERT_SIGN, CRL_SIGN}
            : switch (family) {
              case RSA -> new int[] {DIGITAL_SIGNATURE, KEY_ENCIPHERMENT};
              case EC -> new int[] {DIGITAL_SIGNATURE, KEY_AGREEMENT};
              case XDH -> new int[] {KEY_AGREEMENT};
              case ML_KEM -> new int[] {KEY_ENCIPHERMENT};
              case OTHER -> new int[0];
            };
    if (usage.length > 0) {
      byte[] bits = X509Encoding.namedBits(usage);
      X509Encoding.addExtension(
          e,
          X509Encoding.KEY_USAGE,
          true,
          DerWriter.encode(w -> w.addPrimitive(Tag.BIT_STRING, bits)));
    }
    X509Encoding.addExtension(
        e,
        X509Encoding.SUBJECT_KEY_IDENTIFIER,
        false,
        DerWriter.encode(w -> w.addOctetString(subjectKeyId)));
    authorityKeyId.ifPresent(
        keyId ->
            // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING, ... }
            X509Encoding.addExtension(
                e,
                X509Encoding.AUTHORITY_KEY_IDENTIFIER,
                false,
                DerWriter.encode(
                    w -> w.addSequence(s -> s.addPrimitive(Tag.context(0, false), keyId)))));
    if (email != null) {
      // GeneralNames ::= SEQUENCE OF GeneralName; rfc822Name [1] IMPLICIT IA5String
      X509Encoding.addExtension(
          e,
          X509Encoding.SUBJECT_ALT_NAME,
          false,
          DerWriter.encode(
              w ->
                  w.addSequence(
                      s -> s.addPrimitive(Tag.context(1, false), X509Encoding.ascii(email)))));
    }
  }

  /** 16 random bytes with the top bit cleared: positive, at most 128 bits (RFC 5280 4.1.2.2). */
  private static BigInteger randomSerial() {
    byte[] b = new byte[16];
    BigInteger serial;
    do {
      RANDOM.nextBytes(b);
      b[0] &= 0x7F;
      serial = new BigInteger(1, b);
    } while (serial.signum() == 0);
    return serial;
  }

  private static byte[] sign(SignatureAlgorithm alg, PrivateKey key, byte[] tbs)
      throws KeySourceException {
    try {
      Signature s = Signature.getInstance(alg.jcaName);
      s.initSign(key, RANDOM);
      s.update(tbs);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new KeySourceException(
          "cannot sign the certificate with the " + key.getAlgorithm() + " issuer key: " + e, e);
    }
  }

  private static X509Certificate parseAndVerify(byte[] der, PublicKey issuerKey)
      throws KeySourceException {
    X509Certificate cert;
    try {
      cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK rejected a certificate this class wrote", e);
    }
    try {
      cert.verify(issuerKey);
    } catch (SignatureException e) {
      // the usual cause: a private key given with someone else's certificate
      throw new KeySourceException(
          "the issuer's private key does not match the issuer's public key", e);
    } catch (GeneralSecurityException e) {
      throw new KeySourceException("cannot verify the new certificate: " + e, e);
    }
    return cert;
  }

  /**
   * A fresh key pair of one of {@link #KEY_SPECS} (case-insensitive): {@code rsa2048} to {@code
   * rsa4096} (public exponent 65537), {@code ec-p256}, {@code ec-p384}, {@code ec-p521}, {@code
   * x25519}, {@code x448}, {@code ml-kem-512}, {@code ml-kem-768}, {@code ml-kem-1024}.
   *
   * @throws IllegalArgumentException for a name not in {@link #KEY_SPECS}
   * @throws UnsupportedAlgorithmException when this JDK lacks the algorithm (ML-KEM needs Java 24)
   */
  public static KeyPair generateKeyPair(String spec) throws UnsupportedAlgorithmException {
    return KeyPairs.generate(spec);
  }

  /**
   * The certificate as PEM: {@code -----BEGIN CERTIFICATE-----}, Base64 in 64 columns, LF line ends
   * (RFC 7468 section 5).
   *
   * @throws IllegalArgumentException when the certificate has no encoding
   */
  public static String toPem(X509Certificate cert) {
    try {
      String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded", e);
    }
  }
}
