package dev.envelope.x509;

import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The small DER pieces of an X.509 v3 certificate that {@link CertificateBuilder} writes. */
final class X509Encoding {
  private X509Encoding() {}

  static final Oid SUBJECT_KEY_IDENTIFIER = Oid.of("2.5.29.14");
  static final Oid KEY_USAGE = Oid.of("2.5.29.15");
  static final Oid SUBJECT_ALT_NAME = Oid.of("2.5.29.17");
  static final Oid BASIC_CONSTRAINTS = Oid.of("2.5.29.19");
  static final Oid AUTHORITY_KEY_IDENTIFIER = Oid.of("2.5.29.35");

  // KeyUsage named bits (RFC 5280 4.2.1.3)
  static final int DIGITAL_SIGNATURE = 0;
  static final int KEY_ENCIPHERMENT = 2;
  static final int KEY_AGREEMENT = 4;
  static final int KEY_CERT_SIGN = 5;
  static final int CRL_SIGN = 6;

  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** What a public key can do, which decides its keyUsage bits and whether it can sign. */
  enum KeyFamily {
    RSA,
    EC,
    XDH,
    ML_KEM,
    OTHER;

    static KeyFamily of(Key key) {
      String alg = key.getAlgorithm().toUpperCase(Locale.ROOT);
      if (alg.equals("RSA")) {
        return RSA;
      }
      if (alg.equals("EC") || alg.equals("ECDSA")) {
        return EC;
      }
      if (alg.equals("XDH") || alg.equals("X25519") || alg.equals("X448")) {
        return XDH;
      }
      return alg.startsWith("ML-KEM") ? ML_KEM : OTHER;
    }
  }

  /** The certificate signature algorithms an issuer key can use (RFC 4055 5, RFC 5758 3.2). */
  enum SignatureAlgorithm {
    SHA256_WITH_RSA("SHA256withRSA", "1.2.840.113549.1.1.11", true),
    ECDSA_WITH_SHA256("SHA256withECDSA", "1.2.840.10045.4.3.2", false),
    ECDSA_WITH_SHA384("SHA384withECDSA", "1.2.840.10045.4.3.3", false),
    ECDSA_WITH_SHA512("SHA512withECDSA", "1.2.840.10045.4.3.4", false);

    final String jcaName;
    final Oid oid;
    // RFC 4055 5: the RSA PKCS #1 v1.5 signatures carry NULL; RFC 5758 3.2: ECDSA omits it
    final boolean nullParameters;

    SignatureAlgorithm(String jcaName, String oid, boolean nullParameters) {
      this.jcaName = jcaName;
      this.oid = Oid.of(oid);
      this.nullParameters = nullParameters;
    }

    /** Chosen from the issuer's public key: ECDSA's hash matches the curve's strength. */
    static SignatureAlgorithm forIssuer(PublicKey issuerKey) throws UnsupportedAlgorithmException {
      return switch (KeyFamily.of(issuerKey)) {
        case RSA -> SHA256_WITH_RSA;
        case EC -> {
          if (!(issuerKey instanceof ECKey ec)) {
            throw new UnsupportedAlgorithmException(
                "the issuer's EC key does not expose its curve");
          }
          int bits = ec.getParams().getCurve().getField().getFieldSize();
          yield bits <= 256
              ? ECDSA_WITH_SHA256
              : bits <= 384 ? ECDSA_WITH_SHA384 : ECDSA_WITH_SHA512;
        }
        case XDH, ML_KEM, OTHER ->
            throw new UnsupportedAlgorithmException(
                "a "
                    + issuerKey.getAlgorithm()
                    + " key cannot sign certificates; the issuer needs an RSA or EC key");
      };
    }

    void write(DerWriter w) {
      w.addSequence(
          s -> {
            s.addOid(oid);
            if (nullParameters) {
              s.addNull();
            }
          });
    }
  }

  /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; both in Z, to seconds. */
  static void addTime(DerWriter w, Instant t) {
    int year = t.atZone(ZoneOffset.UTC).getYear();
    if (year >= 1950 && year < 2050) {
      w.addPrimitive(Tag.UTC_TIME, ascii(UTC_TIME.format(t)));
    } else {
      w.addPrimitive(Tag.GENERALIZED_TIME, ascii(GENERALIZED_TIME.format(t)));
    }
  }

  /**
   * A KeyUsage BIT STRING's contents: a named bit list, so trailing zero bits are dropped and the
   * unused-bit count says how many (X.690 11.2.2).
   */
  static byte[] namedBits(int... bits) {
    int highest = -1;
    for (int b : bits) {
      highest = Math.max(highest, b);
    }
    if (highest < 0) {
      return new byte[] {0};
    }
    byte[] content = new byte[highest / 8 + 2];
    content[0] = (byte) (7 - highest % 8);
    for (int b : bits) {
      content[1 + b / 8] |= (byte) (0x80 >>> (b % 8));
    }
    return content;
  }

  /** {@code Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }} */
  static void addExtension(DerWriter w, Oid id, boolean critical, byte[] value) {
    w.addSequence(
        e -> {
          e.addOid(id);
          if (critical) {
            e.addBoolean(true); // DER omits a DEFAULT value, so FALSE is never written
          }
          e.addOctetString(value);
        });
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
