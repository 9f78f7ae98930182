package dev.envelope.store;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the store shows and matches of a certificate, read from the certificate alone: thumbprints,
 * names from the subject (read from its DER, so no RFC 2253 unescaping is needed), e-mail
 * addresses, key type and key usage.
 */
final class CertificateFacts {
  private static final Oid COMMON_NAME = Oid.of("2.5.4.3");
  private static final Oid EMAIL_ADDRESS = Oid.of("1.2.840.113549.1.9.1");
  private static final Oid EC_PUBLIC_KEY = Oid.of("1.2.840.10045.2.1");
  private static final int RFC822_NAME = 1;

  // OIDs of RFC 8410, RFC 5480 and FIPS 203/204 as NIST registered them
  private static final Map<String, String> KEY_TYPES =
      Map.ofEntries(
          Map.entry("1.3.101.110", "X25519"),
          Map.entry("1.3.101.111", "X448"),
          Map.entry("1.3.101.112", "Ed25519"),
          Map.entry("1.3.101.113", "Ed448"),
          Map.entry("2.16.840.1.101.3.4.4.1", "ML-KEM-512"),
          Map.entry("2.16.840.1.101.3.4.4.2", "ML-KEM-768"),
          Map.entry("2.16.840.1.101.3.4.4.3", "ML-KEM-1024"),
          Map.entry("2.16.840.1.101.3.4.3.17", "ML-DSA-44"),
          Map.entry("2.16.840.1.101.3.4.3.18", "ML-DSA-65"),
          Map.entry("2.16.840.1.101.3.4.3.19", "ML-DSA-87"));
  private static final Map<String, String> CURVES =
      Map.of(
          "1.2.840.10045.3.1.7", "P-256",
          "1.3.132.0.34", "P-384",
          "1.3.132.0.35", "P-521",
          "1.3.132.0.10", "secp256k1",
          "1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1",
          "1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1",
          "1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1");

  /** RFC 5280 4.2.1.3, in bit order. */
  static final List<String> KEY_USAGE_NAMES =
      List.of(
          "digitalSignature",
          "nonRepudiation",
          "keyEncipherment",
          "dataEncipherment",
          "keyAgreement",
          "keyCertSign",
          "cRLSign",
          "encipherOnly",
          "decipherOnly");

  private CertificateFacts() {}

  static String sha1(X509Certificate cert) {
    return thumbprint(cert, "SHA-1");
  }

  static String sha256(X509Certificate cert) {
    return thumbprint(cert, "SHA-256");
  }

  private static String thumbprint(X509Certificate cert, String algorithm) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(algorithm).digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides " + algorithm, e);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded", e);
    }
  }

  /** The subject as RFC 2253 text ({@code CN=Alice,O=Example}). */
  static String subject(X509Certificate cert) {
    return cert.getSubjectX500Principal().getName();
  }

  /** A one-line name for messages: the subject and the SHA-1 thumbprint. */
  static String describe(X509Certificate cert) {
    return subject(cert) + " (sha1 " + sha1(cert) + ")";
  }

  /** The first commonName of the subject, or null. */
  static String commonName(X509Certificate cert) {
    List<String> names = subjectValues(cert, COMMON_NAME);
    return names.isEmpty() ? null : names.get(0);
  }

  /** Each subjectAltName rfc822Name, then each emailAddress of the subject, without repeats. */
  static List<String> emails(X509Certificate cert) {
    Set<String> out = new LinkedHashSet<>();
    try {
      Collection<List<?>> alt = cert.getSubjectAlternativeNames();
      if (alt != null) {
        for (List<?> name : alt) {
          if (name.size() >= 2
              && name.get(0) instanceof Integer type
              && type == RFC822_NAME
              && name.get(1) instanceof String address) {
            out.add(address);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // a certificate with a malformed subjectAltName still has its subject's addresses
    }
    out.addAll(subjectValues(cert, EMAIL_ADDRESS));
    return List.copyOf(out);
  }

  /**
   * The values of one attribute type in the subject, in order. A value of a type that is not a
   * string is skipped.
   *
   * <pre>
   * Name ::= SEQUENCE OF RelativeDistinguishedName
   * RelativeDistinguishedName ::= SET OF AttributeTypeAndValue
   * AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }
   * </pre>
   */
  static List<String> subjectValues(X509Certificate cert, Oid type) {
    List<String> out = new ArrayList<>();
    try {
      DerReader name = DerReader.ber(cert.getSubjectX500Principal().getEncoded());
      DerReader rdns = name.readSequence("Name");
      while (!rdns.isEmpty()) {
        DerReader rdn = rdns.readSet("RelativeDistinguishedName");
        while (!rdn.isEmpty()) {
          DerReader ava = rdn.readSequence("AttributeTypeAndValue");
          Oid oid = ava.readOid("type");
          Tag tag = ava.peekTag();
          if (!oid.equals(type) || tag == null || tag.constructed()) {
            continue;
          }
          Charset cs = charset(tag);
          byte[] value = ava.readPrimitive(tag, "value");
          if (cs != null) {
            out.add(new String(value, cs));
          }
        }
      }
    } catch (Asn1Exception e) {
      // the JDK parsed this name already; a part we cannot read holds no name we could match
    }
    return out;
  }

  /** The charset of an X.520 DirectoryString or IA5String value, or null for other types. */
  private static Charset charset(Tag tag) {
    if (tag.tagClass() != Tag.UNIVERSAL) {
      return null;
    }
    return switch (tag.number()) {
      case 12 -> StandardCharsets.UTF_8; // UTF8String
      case 18, 19, 22, 26 -> StandardCharsets.US_ASCII; // Numeric, Printable, IA5, Visible
      case 20 -> StandardCharsets.ISO_8859_1; // TeletexString, as everyone reads it in practice
      case 30 -> StandardCharsets.UTF_16BE; // BMPString
      case 28 -> Charset.forName("UTF-32BE"); // UniversalString
      default -> null;
    };
  }

  /** "RSA 2048", "EC P-256", "X25519", "ML-KEM-768", or the JCA algorithm name. */
  static String keyType(X509Certificate cert) {
    PublicKey key = cert.getPublicKey();
    if (key instanceof RSAKey rsa) {
      return "RSA " + rsa.getModulus().bitLength();
    }
    try {
      // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey }
      DerReader spki = DerReader.ber(key.getEncoded()).readSequence("SubjectPublicKeyInfo");
      DerReader alg = spki.readSequence("algorithm");
      Oid oid = alg.readOid("algorithm");
      if (oid.equals(EC_PUBLIC_KEY)) {
        if (alg.peek(Tag.OID)) {
          String curve = alg.readOid("namedCurve").toString();
          return "EC " + CURVES.getOrDefault(curve, curve);
        }
        return "EC";
      }
      String known = KEY_TYPES.get(oid.toString());
      if (known != null) {
        return known;
      }
    } catch (Asn1Exception | RuntimeException e) {
      // a key without a readable encoding is named by its algorithm
    }
    return key.getAlgorithm();
  }

  /** The names of the keyUsage bits set, in bit order; empty when there is no keyUsage. */
  static List<String> keyUsage(X509Certificate cert) {
    boolean[] bits = cert.getKeyUsage();
    List<String> out = new ArrayList<>();
    if (bits != null) {
      for (int i = 0; i < bits.length && i < KEY_USAGE_NAMES.size(); i++) {
        if (bits[i]) {
          out.add(KEY_USAGE_NAMES.get(i));
        }
      }
    }
    return List.copyOf(out);
  }

  /** Lower case in the root locale, for case-insensitive matching. */
  static String fold(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
