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
  // legacy content encryption (RFC 8018 B.2.1 DES-CBC; RFC 2268/3370 RC2-CBC; RC4 as CAPICOM wrote
  // it): key sizes vary per message, the key column is the default
  DES_CBC(Kind.CONTENT, "des", "1.3.14.3.2.7", "DES/CBC/PKCS5Padding", "DES", 8, 8, 0, true),
  RC2_CBC(Kind.CONTENT, "rc2", "1.2.840.113549.3.2", "RC2/CBC/PKCS5Padding", "RC2", 16, 8, 0, true),
  RC4(Kind.CONTENT, "rc4", "1.2.840.113549.3.4", "ARCFOUR", "ARCFOUR", 16, 0, 0, true),
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
  // RFC 5084 AES-CCM: the JDK has none (no JCA name), built in crypto/Ccm; written with a 7-byte
  // nonce (RFC 5084 3.1 recommends L=8, so any length) and a 16-byte tag
  AES_128_CCM(
      Kind.AEAD_CONTENT, "aes-128-ccm", "2.16.840.1.101.3.4.1.7", "", "AES", 16, 7, 16, false),
  AES_192_CCM(
      Kind.AEAD_CONTENT, "aes-192-ccm", "2.16.840.1.101.3.4.1.27", "", "AES", 24, 7, 16, false),
  AES_256_CCM(
      Kind.AEAD_CONTENT, "aes-256-ccm", "2.16.840.1.101.3.4.1.47", "", "AES", 32, 7, 16, false),
  // RFC 8103 ChaCha20-Poly1305 (AEAD, 12-byte nonce as the parameter, 16-byte tag)
  CHACHA20_POLY1305(
      Kind.AEAD_CONTENT,
      "chacha20-poly1305",
      "1.2.840.113549.1.9.16.3.18",
      "ChaCha20-Poly1305",
      "ChaCha20",
      32,
      12,
      16,
      false),
  // key wrap (RFC 3394 and RFC 5649 via RFC 3565/5649 OIDs; RFC 3217 3DES wrap, opening only;
  // RFC 3211 PWRI-KEK); key column = KEK length
  AES_128_WRAP(
      Kind.KEY_WRAP, "aes128-wrap", "2.16.840.1.101.3.4.1.5", "AES/KW/NoPadding", "AES", 16),
  AES_192_WRAP(
      Kind.KEY_WRAP, "aes192-wrap", "2.16.840.1.101.3.4.1.25", "AES/KW/NoPadding", "AES", 24),
  AES_256_WRAP(
      Kind.KEY_WRAP, "aes256-wrap", "2.16.840.1.101.3.4.1.45", "AES/KW/NoPadding", "AES", 32),
  AES_128_WRAP_PAD(
      Kind.KEY_WRAP, "aes128-wrap-pad", "2.16.840.1.101.3.4.1.8", "AES/KWP/NoPadding", "AES", 16),
  AES_192_WRAP_PAD(
      Kind.KEY_WRAP, "aes192-wrap-pad", "2.16.840.1.101.3.4.1.28", "AES/KWP/NoPadding", "AES", 24),
  AES_256_WRAP_PAD(
      Kind.KEY_WRAP, "aes256-wrap-pad", "2.16.840.1.101.3.4.1.48", "AES/KWP/NoPadding", "AES", 32),
  DES_EDE3_WRAP(
      Kind.KEY_WRAP,
      "3des-wrap",
      "1.2.840.113549.1.9.16.3.6",
      "DESede/CBC/NoPadding",
      "DESede",
      24),
  PWRI_KEK(Kind.KEY_WRAP, "pwri-kek", "1.2.840.113549.1.9.16.3.9", "", "", 0),
  // key agreement schemes: RFC 5753 (X9.63 KDF, standard or cofactor ECDH), RFC 8418 (HKDF);
  // the hash column names the KDF's digest row
  ECDH_STD_SHA1(Kind.KEY_AGREEMENT, "ecdh-std-sha1", "1.3.133.16.840.63.0.2", "ECDH", "sha1"),
  ECDH_STD_SHA224(Kind.KEY_AGREEMENT, "ecdh-std-sha224", "1.3.132.1.11.0", "ECDH", "sha224"),
  ECDH_STD_SHA256(Kind.KEY_AGREEMENT, "ecdh-std-sha256", "1.3.132.1.11.1", "ECDH", "sha256"),
  ECDH_STD_SHA384(Kind.KEY_AGREEMENT, "ecdh-std-sha384", "1.3.132.1.11.2", "ECDH", "sha384"),
  ECDH_STD_SHA512(Kind.KEY_AGREEMENT, "ecdh-std-sha512", "1.3.132.1.11.3", "ECDH", "sha512"),
  ECDH_COFACTOR_SHA1(
      Kind.KEY_AGREEMENT, "ecdh-cofactor-sha1", "1.3.133.16.840.63.0.3", "ECDH", "sha1"),
  ECDH_COFACTOR_SHA224(
      Kind.KEY_AGREEMENT, "ecdh-cofactor-sha224", "1.3.132.1.14.0", "ECDH", "sha224"),
  ECDH_COFACTOR_SHA256(
      Kind.KEY_AGREEMENT, "ecdh-cofactor-sha256", "1.3.132.1.14.1", "ECDH", "sha256"),
  ECDH_COFACTOR_SHA384(
      Kind.KEY_AGREEMENT, "ecdh-cofactor-sha384", "1.3.132.1.14.2", "ECDH", "sha384"),
  ECDH_COFACTOR_SHA512(
      Kind.KEY_AGREEMENT, "ecdh-cofactor-sha512", "1.3.132.1.14.3", "ECDH", "sha512"),
  ECDH_HKDF_SHA256(
      Kind.KEY_AGREEMENT, "ecdh-hkdf-sha256", "1.2.840.113549.1.9.16.3.19", "XDH", "sha256"),
  ECDH_HKDF_SHA384(
      Kind.KEY_AGREEMENT, "ecdh-hkdf-sha384", "1.2.840.113549.1.9.16.3.20", "XDH", "sha384"),
  ECDH_HKDF_SHA512(
      Kind.KEY_AGREEMENT, "ecdh-hkdf-sha512", "1.2.840.113549.1.9.16.3.21", "XDH", "sha512"),
  // public key types and named curves (RFC 5480, RFC 8410, FIPS 203 / RFC 9935 ML-KEM)
  EC_PUBLIC_KEY(Kind.KEY_TYPE, "ec", "1.2.840.10045.2.1", "EC", ""),
  P256(Kind.KEY_TYPE, "p256", "1.2.840.10045.3.1.7", "secp256r1", ""),
  P384(Kind.KEY_TYPE, "p384", "1.3.132.0.34", "secp384r1", ""),
  P521(Kind.KEY_TYPE, "p521", "1.3.132.0.35", "secp521r1", ""),
  X25519(Kind.KEY_TYPE, "x25519", "1.3.101.110", "X25519", ""),
  X448(Kind.KEY_TYPE, "x448", "1.3.101.111", "X448", ""),
  ML_KEM_512(Kind.KEM, "ml-kem-512", "2.16.840.1.101.3.4.4.1", "ML-KEM-512", ""),
  ML_KEM_768(Kind.KEM, "ml-kem-768", "2.16.840.1.101.3.4.4.2", "ML-KEM-768", ""),
  ML_KEM_1024(Kind.KEM, "ml-kem-1024", "2.16.840.1.101.3.4.4.3", "ML-KEM-1024", ""),
  // key derivation (RFC 8018 PBKDF2 and its PRFs, RFC 8619 HKDF); hash column = digest row
  PBKDF2(Kind.KDF, "pbkdf2", "1.2.840.113549.1.5.12", "PBKDF2", ""),
  HMAC_SHA1(Kind.PRF, "hmac-sha1", "1.2.840.113549.2.7", "HmacSHA1", "sha1"),
  HMAC_SHA224(Kind.PRF, "hmac-sha224", "1.2.840.113549.2.8", "HmacSHA224", "sha224"),
  HMAC_SHA256(Kind.PRF, "hmac-sha256", "1.2.840.113549.2.9", "HmacSHA256", "sha256"),
  HMAC_SHA384(Kind.PRF, "hmac-sha384", "1.2.840.113549.2.10", "HmacSHA384", "sha384"),
  HMAC_SHA512(Kind.PRF, "hmac-sha512", "1.2.840.113549.2.11", "HmacSHA512", "sha512"),
  HKDF_SHA256(Kind.KDF, "hkdf-sha256", "1.2.840.113549.1.9.16.3.28", "HmacSHA256", "sha256"),
  HKDF_SHA384(Kind.KDF, "hkdf-sha384", "1.2.840.113549.1.9.16.3.29", "HmacSHA384", "sha384"),
  HKDF_SHA512(Kind.KDF, "hkdf-sha512", "1.2.840.113549.1.9.16.3.30", "HmacSHA512", "sha512"),
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
    /** Key wrap and key-encryption ciphers for kari, kekri, pwri and KEM recipients. */
    KEY_WRAP,
    /** Key agreement schemes; {@link #hash} names the KDF digest. */
    KEY_AGREEMENT,
    /** Public key algorithms and named curves. */
    KEY_TYPE,
    /** Key encapsulation mechanisms. */
    KEM,
    /** Key derivation functions; {@link #hash} names the digest of HKDF rows. */
    KDF,
    /** Pseudo-random functions for PBKDF2; {@link #hash} names the digest. */
    PRF,
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
  private final String hash;

  /** A row without content-cipher sizes; {@code hash} is a digest row's name or empty. */
  Algorithm(Kind kind, String name, String oid, String jcaName, String hash) {
    this(kind, name, oid, jcaName, "", 0, 0, 0, false, hash);
  }

  /** A key-wrap row: {@code keyBytes} is the KEK length. */
  Algorithm(Kind kind, String name, String oid, String jcaName, String keyAlg, int keyBytes) {
    this(kind, name, oid, jcaName, keyAlg, keyBytes, 0, 0, false, "");
  }

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
    this(kind, name, oid, jcaName, jcaKeyAlgorithm, keyBytes, ivBytes, tagBytes, legacy, "");
  }

  Algorithm(
      Kind kind,
      String name,
      String oid,
      String jcaName,
      String jcaKeyAlgorithm,
      int keyBytes,
      int ivBytes,
      int tagBytes,
      boolean legacy,
      String hash) {
    this.kind = kind;
    this.name = name;
    this.oid = Oid.of(oid);
    this.jcaName = jcaName;
    this.jcaKeyAlgorithm = jcaKeyAlgorithm;
    this.keyBytes = keyBytes;
    this.ivBytes = ivBytes;
    this.tagBytes = tagBytes;
    this.legacy = legacy;
    this.hash = hash;
  }

  /**
   * The digest row this row uses (KDF digest of a key-agreement scheme, PRF or HKDF hash), or
   * empty.
   */
  public Optional<Algorithm> hash() {
    return hash.isEmpty() ? Optional.empty() : digest(hash);
  }

  /** Key agreement with cofactor Diffie-Hellman (RFC 5753 dhSinglePass-cofactorDH-*). */
  public boolean isCofactorDh() {
    return name.startsWith("ecdh-cofactor");
  }

  /** Key agreement with HKDF (RFC 8418, X25519 and X448) rather than the X9.63 KDF. */
  public boolean isHkdfAgreement() {
    return name.startsWith("ecdh-hkdf");
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
