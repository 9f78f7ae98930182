package dev.envelope.crypto;

import dev.envelope.asn1.Oid;
import java.util.Locale;
import java.util.Optional;

/**
 * The one algorithm table: every algorithm Envelope knows, one complete row each (OID, JCA names,
 * sizes, flags). Nothing else maps OIDs to algorithms.
 */
public enum Algorithm {
  // content encryption, EnvelopedData (RFC 3565 AES-CBC; RFC 3370 DES-EDE3-CBC)
  AES_128_CBC(
      Kind.CONTENT,
      "aes-128-cbc",
      "2.16.840.1.101.3.4.1.2",
      "AES/CBC/PKCS5Padding",
      "AES",
      16,
      16,
      0,
      false),
  AES_192_CBC(
      Kind.CONTENT,
      "aes-192-cbc",
      "2.16.840.1.101.3.4.1.22",
      "AES/CBC/PKCS5Padding",
      "AES",
      24,
      16,
      0,
      false),
  AES_256_CBC(
      Kind.CONTENT,
      "aes-256-cbc",
      "2.16.840.1.101.3.4.1.42",
      "AES/CBC/PKCS5Padding",
      "AES",
      32,
      16,
      0,
      false),
  DES_EDE3_CBC(
      Kind.CONTENT,
      "3des",
      "1.2.840.113549.3.7",
      "DESede/CBC/PKCS5Padding",
      "DESede",
      24,
      8,
      0,
      true),
  // content encryption, AuthEnvelopedData (RFC 5084 AES-GCM: 12-byte nonce, 16-byte tag written)
  AES_128_GCM(
      Kind.AEAD_CONTENT,
      "aes-128-gcm",
      "2.16.840.1.101.3.4.1.6",
      "AES/GCM/NoPadding",
      "AES",
      16,
      12,
      16,
      false),
  AES_192_GCM(
      Kind.AEAD_CONTENT,
      "aes-192-gcm",
      "2.16.840.1.101.3.4.1.26",
      "AES/GCM/NoPadding",
      "AES",
      24,
      12,
      16,
      false),
  AES_256_GCM(
      Kind.AEAD_CONTENT,
      "aes-256-gcm",
      "2.16.840.1.101.3.4.1.46",
      "AES/GCM/NoPadding",
      "AES",
      32,
      12,
      16,
      false),
  // key transport (RFC 3370 4.2.1 rsaEncryption; RFC 3560/4055 RSAES-OAEP)
  RSA_PKCS1(
      Kind.KEY_TRANSPORT,
      "pkcs1",
      "1.2.840.113549.1.1.1",
      "RSA/ECB/PKCS1Padding",
      "RSA",
      0,
      0,
      0,
      false),
  RSA_OAEP(
      Kind.KEY_TRANSPORT,
      "oaep",
      "1.2.840.113549.1.1.7",
      "RSA/ECB/OAEPPadding",
      "RSA",
      0,
      0,
      0,
      false),
  // digests, for OAEP and MGF1 (RFC 4055 2.1); "key" size column = output length
  SHA1(Kind.DIGEST, "sha1", "1.3.14.3.2.26", "SHA-1", "", 20, 0, 0, false),
  SHA224(Kind.DIGEST, "sha224", "2.16.840.1.101.3.4.2.4", "SHA-224", "", 28, 0, 0, false),
  SHA256(Kind.DIGEST, "sha256", "2.16.840.1.101.3.4.2.1", "SHA-256", "", 32, 0, 0, false),
  SHA384(Kind.DIGEST, "sha384", "2.16.840.1.101.3.4.2.2", "SHA-384", "", 48, 0, 0, false),
  SHA512(Kind.DIGEST, "sha512", "2.16.840.1.101.3.4.2.3", "SHA-512", "", 64, 0, 0, false),
  // parts of RSAES-OAEP-params (RFC 4055 3.1)
  MGF1(Kind.OAEP_PART, "mgf1", "1.2.840.113549.1.1.8", "MGF1", "", 0, 0, 0, false),
  P_SPECIFIED(
      Kind.OAEP_PART, "pSpecified", "1.2.840.113549.1.1.9", "PSpecified", "", 0, 0, 0, false);

  /** What a row is for. */
  public enum Kind {
    CONTENT,
    AEAD_CONTENT,
    KEY_TRANSPORT,
    DIGEST,
    OAEP_PART
  }

  private final Kind kind;
  private final String name;
  private final Oid oid;
  private final String jcaName;
  private final String jcaKeyAlgorithm;
  private final int keyBytes;
  private final int ivBytes;
  private final int tagBytes;
  private final boolean legacy;

  Algorithm(
      Kind kind,
      String name,
      String oid,
      String jcaName,
      String jcaKeyAlgorithm,
      int keyBytes,
      int ivBytes,
      int tagBytes,
      boolean legacy) {
    this.kind = kind;
    this.name = name;
    this.oid = Oid.of(oid);
    this.jcaName = jcaName;
    this.jcaKeyAlgorithm = jcaKeyAlgorithm;
    this.keyBytes = keyBytes;
    this.ivBytes = ivBytes;
    this.tagBytes = tagBytes;
    this.legacy = legacy;
  }

  public Kind kind() {
    return kind;
  }

  /** The command-line name ({@code aes-256-gcm}, {@code 3des}, {@code sha256}). */
  public String cliName() {
    return name;
  }

  public Oid oid() {
    return oid;
  }

  /** The JCA transformation (ciphers) or algorithm name (digests). */
  public String jcaName() {
    return jcaName;
  }

  /** The JCA key algorithm ({@code AES}, {@code DESede}, {@code RSA}). */
  public String jcaKeyAlgorithm() {
    return jcaKeyAlgorithm;
  }

  /** Content-encryption key length; for a digest, its output length. */
  public int keyBytes() {
    return keyBytes;
  }

  /** IV (CBC) or nonce (GCM) length written. */
  public int ivBytes() {
    return ivBytes;
  }

  /** Authentication tag length written (AEAD only). */
  public int tagBytes() {
    return tagBytes;
  }

  public boolean isAead() {
    return kind == Kind.AEAD_CONTENT;
  }

  public boolean isContentCipher() {
    return kind == Kind.CONTENT || kind == Kind.AEAD_CONTENT;
  }

  /** Old and weak: always opens, seals only when asked for by name. */
  public boolean isLegacy() {
    return legacy;
  }

  /** The row for this OID, if any. */
  public static Optional<Algorithm> byOid(Oid oid) {
    for (Algorithm a : values()) {
      if (a.oid.equals(oid)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The content cipher with this command-line name (case-insensitive). */
  public static Optional<Algorithm> contentCipher(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Algorithm a : values()) {
      if (a.isContentCipher() && (a.name.equals(n) || a.name().equalsIgnoreCase(n))) {
        return Optional.of(a);
      }
    }
    if (n.equals("des-ede3-cbc") || n.equals("des3") || n.equals("tripledes")) {
      return Optional.of(DES_EDE3_CBC);
    }
    return Optional.empty();
  }

  /** The digest with this name ({@code sha256}, {@code SHA-256}). */
  public static Optional<Algorithm> digest(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("-", "");
    for (Algorithm a : values()) {
      if (a.kind == Kind.DIGEST && a.name.equals(n)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
