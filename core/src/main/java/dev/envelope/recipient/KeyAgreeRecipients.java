package dev.envelope.recipient;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KeyAgreeCodec;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorPublicKey;
import dev.envelope.cms.KeyAgreeRecipientInfo.RecipientEncryptedKey;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.Ecdh;
import dev.envelope.crypto.Hkdf;
import dev.envelope.crypto.KeyWraps;
import dev.envelope.crypto.X963Kdf;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Key agreement recipients (RFC 5652 6.2.2): ECDH on the NIST curves with the X9.63 KDF (RFC 5753)
 * and X25519/X448 with HKDF (RFC 8418), the derived key wrapping the content key.
 *
 * <p>Sealing draws an ephemeral key on the recipient's curve for every message (ephemeral-static,
 * RFC 5753 3.1) and writes it as the originatorKey: for EC as {@code id-ecPublicKey} with the
 * namedCurve parameter and the uncompressed point, for X25519/X448 with absent parameters (RFC 8418
 * 2). No ukm is written (Bouncy Castle 1.87 ignores it as the HKDF salt, DESIGN.md); the key wrap's
 * parameters are absent, as OpenSSL writes them and RFC 3565 says.
 *
 * <p>Opening reads stdDH and cofactorDH with the X9.63 KDF over SHA-1 to SHA-512, and the RFC 8418
 * HKDF schemes, whatever the curve (a CryptoSys vector uses X25519 with the X9.63 KDF); AES key
 * wrap and, for old messages, Triple-DES wrap, with NULL or absent parameters; and the ukm when
 * present (entityUInfo, and for HKDF the salt, RFC 8418 2). The originator's key is checked before
 * the private key is used: its curve must be the recipient key's, an EC point must lie on the
 * curve, and an X25519/X448 secret must not be zero.
 */
public final class KeyAgreeRecipients {
  private KeyAgreeRecipients() {}

  /** User keying material is a few dozen bytes in practice; SECURITY.md caps it at 1 KiB. */
  static final int MAX_UKM_BYTES = 1024;

  /**
   * The entry for {@code certificate}, with a fresh ephemeral key as originator.
   *
   * @param kdfDigest a {@link Algorithm.Kind#DIGEST} row
   * @param wrap a {@link Algorithm.Kind#KEY_WRAP} row (AES key wrap)
   */
  public static KeyAgreeRecipientInfo seal(
      X509Certificate certificate,
      RecipientIdentifier rid,
      Algorithm kdfDigest,
      Algorithm wrap,
      byte[] cek,
      SecureRandom random)
      throws GeneralSecurityException {
    PublicKey recipientKey = certificate.getPublicKey();
    Algorithm curve =
        Ecdh.curveOf(recipientKey)
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "key agreement needs a P-256, P-384, P-521, X25519 or X448 certificate, not"
                            + " a "
                            + recipientKey.getAlgorithm()
                            + " one"));
    if (!Ecdh.isValidPoint(recipientKey)) {
      throw new InvalidKeyException(
          "the certificate's " + curve.cliName() + " public key is not a point on its curve");
    }
    if (wrap.kind() != Algorithm.Kind.KEY_WRAP || !wrap.jcaName().startsWith("AES/KW/")) {
      throw new UnsupportedAlgorithmException(
          "key agreement seals with AES key wrap, not " + wrap.cliName());
    }
    wrap = KeyWraps.fitting(wrap, cek.length);
    Algorithm scheme = scheme(curve, kdfDigest);
    KeyPair ephemeral = Ecdh.generate(curve, random);
    OriginatorPublicKey originator;
    try {
      originator = KeyAgreeCodec.originatorKey(ephemeral.getPublic().getEncoded());
    } catch (Asn1Exception e) {
      throw new InvalidKeyException("the ephemeral public key has no usable encoding", e);
    }
    AlgorithmIdentifier wrapId = AlgorithmIdentifier.absent(wrap.oid());
    byte[] z;
    try {
      z = Ecdh.agree(curve, ephemeral.getPrivate(), recipientKey);
    } catch (DecryptionFailedException e) {
      throw new InvalidKeyException(
          "the certificate's " + curve.cliName() + " public key is unusable (a low-order point)");
    }
    byte[] kek = null;
    try {
      kek = kdf(scheme, z, null, wrapId, wrap.keyBytes());
      byte[] ek = KeyWraps.wrap(wrap, kek, cek);
      RecipientEncryptedKey rek = new RecipientEncryptedKey(rid, null, Bytes.of(ek));
      return new KeyAgreeRecipientInfo(
          originator,
          null,
          KeyAgreeCodec.keyEncryptionAlgorithm(scheme.oid(), wrapId),
          List.of(rek));
    } finally {
      Arrays.fill(z, (byte) 0);
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
    }
  }

  /**
   * The scheme written for a curve and KDF hash: RFC 5753 stdDH for EC, RFC 8418 for X25519/X448.
   */
  private static Algorithm scheme(Algorithm curve, Algorithm kdfDigest)
      throws UnsupportedAlgorithmException {
    for (Algorithm a : Algorithm.values()) {
      if (a.kind() != Algorithm.Kind.KEY_AGREEMENT || a.isCofactorDh()) {
        continue;
      }
      if (a.isHkdfAgreement() == !Ecdh.isNist(curve) && a.hash().orElse(null) == kdfDigest) {
        return a;
      }
    }
    throw new UnsupportedAlgorithmException(
        "no key agreement scheme for "
            + curve.cliName()
            + " with a "
            + kdfDigest.cliName()
            + " KDF"
            + (Ecdh.isNist(curve) ? "" : " (X25519 and X448 take sha256, sha384 or sha512)"));
  }

  /** Whether {@code key} is of the type and curve of the entry's originator key. */
  public static boolean accepts(KeyAgreeRecipientInfo kari, PrivateKey key) {
    Optional<Algorithm> curve = Ecdh.curveOf(key);
    if (curve.isEmpty()) {
      return false;
    }
    if (!(kari.originator() instanceof OriginatorPublicKey opk)) {
      // static-static (originator certificate): the key type decides; unwrap says it is unsupported
      return true;
    }
    try {
      return originatorCurveMatches(opk, curve.get());
    } catch (EnvelopeException e) {
      return true; // this key's kind of entry, but malformed: unwrap says why
    }
  }

  /**
   * Whether the originator key is of the recipient's curve: X25519/X448 by OID, EC by {@code
   * id-ecPublicKey} with absent or NULL parameters (the recipient's curve, RFC 5753 3.1.1) or the
   * same named curve.
   *
   * @throws UnsupportedAlgorithmException for explicit EC parameters (named curves only)
   * @throws MalformedMessageException for parameters that cannot be read
   */
  private static boolean originatorCurveMatches(OriginatorPublicKey opk, Algorithm curve)
      throws EnvelopeException {
    AlgorithmIdentifier a = opk.algorithm();
    if (!Ecdh.isNist(curve)) {
      return a.algorithm().equals(curve.oid());
    }
    if (!a.algorithm().equals(Algorithm.EC_PUBLIC_KEY.oid())) {
      return false;
    }
    KeyAgreeCodec.EcParameters params;
    try {
      params = KeyAgreeCodec.ecParameters(a);
    } catch (Asn1Exception e) {
      throw new MalformedMessageException("malformed originatorKey: " + e.getMessage(), e);
    }
    return switch (params) {
      case KeyAgreeCodec.ImplicitCurve i -> implicitCurveMatches(opk.publicKey(), curve);
      case KeyAgreeCodec.NamedCurve n -> n.oid().equals(curve.oid());
      case KeyAgreeCodec.ExplicitCurve x ->
          throw new UnsupportedAlgorithmException(
              "the originator key has explicit EC parameters: only named curves are supported");
    };
  }

  /**
   * With absent or NULL parameters (as OpenSSL writes them) the length of the uncompressed point
   * tells the curves apart (65, 97 and 133 bytes): another curve's entry is not this key's. A
   * length of no curve is malformed, which unwrap reports.
   */
  private static boolean implicitCurveMatches(Bytes point, Algorithm curve) {
    if (point.length() == 1 + 2 * Ecdh.fieldBytes(curve)) {
      return true;
    }
    for (Algorithm other : new Algorithm[] {Algorithm.P256, Algorithm.P384, Algorithm.P521}) {
      if (point.length() == 1 + 2 * Ecdh.fieldBytes(other)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The content key for entry {@code rekIndex} of {@code kari}.
   *
   * @throws dev.envelope.error.DecryptionFailedException on any secret-dependent failure (wrong
   *     key, failed unwrap, wrong length)
   * @throws EnvelopeException when the entry is malformed, unsupported or its public key invalid
   */
  public static byte[] unwrap(
      KeyAgreeRecipientInfo kari, int rekIndex, PrivateKey key, int cekLength)
      throws EnvelopeException {
    Objects.checkIndex(rekIndex, kari.recipientEncryptedKeys().size());
    Algorithm scheme = scheme(kari);
    AlgorithmIdentifier wrapId = wrapIdentifier(kari);
    Algorithm wrap = wrapAlgorithm(wrapId);
    Bytes ukm = kari.ukm();
    if (ukm != null && ukm.length() > MAX_UKM_BYTES) {
      throw new LimitExceededException(
          "limit exceeded: ukm=" + ukm.length() + " > " + MAX_UKM_BYTES + " bytes");
    }
    byte[] z = sharedSecret(kari.originator(), key);
    byte[] kek = null;
    try {
      kek = kdf(scheme, z, ukm, wrapId, wrap.keyBytes());
      byte[] ek = kari.recipientEncryptedKeys().get(rekIndex).encryptedKey().toByteArray();
      byte[] cek = KeyWraps.unwrap(wrap, kek, ek);
      if (!ContentSpec.keyLengthFits(cekLength, cek.length)) {
        Arrays.fill(cek, (byte) 0);
        throw new DecryptionFailedException();
      }
      return cek;
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException();
    } finally {
      Arrays.fill(z, (byte) 0);
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
    }
  }

  /** The key agreement scheme row of the entry, checked before any key operation. */
  static Algorithm scheme(KeyAgreeRecipientInfo kari) throws UnsupportedAlgorithmException {
    AlgorithmIdentifier kea = kari.keyEncryptionAlgorithm();
    return Algorithm.byOid(kea.algorithm())
        .filter(a -> a.kind() == Algorithm.Kind.KEY_AGREEMENT)
        .orElseThrow(
            () ->
                new UnsupportedAlgorithmException(
                    "unsupported key agreement algorithm " + kea.algorithm()));
  }

  private static AlgorithmIdentifier wrapIdentifier(KeyAgreeRecipientInfo kari)
      throws MalformedMessageException {
    try {
      return KeyAgreeCodec.keyWrapAlgorithm(kari.keyEncryptionAlgorithm());
    } catch (Asn1Exception e) {
      throw new MalformedMessageException("malformed keyAgreeRecipientInfo: " + e.getMessage(), e);
    }
  }

  /**
   * AES key wrap (RFC 3565; with padding, RFC 5649, which Envelope writes for content keys RFC 3394
   * cannot take) or Triple-DES wrap (RFC 3217), parameters absent or NULL.
   */
  private static Algorithm wrapAlgorithm(AlgorithmIdentifier wrapId) throws EnvelopeException {
    Algorithm wrap =
        Algorithm.byOid(wrapId.algorithm())
            .filter(
                a ->
                    a == Algorithm.AES_128_WRAP
                        || a == Algorithm.AES_192_WRAP
                        || a == Algorithm.AES_256_WRAP
                        || a == Algorithm.AES_128_WRAP_PAD
                        || a == Algorithm.AES_192_WRAP_PAD
                        || a == Algorithm.AES_256_WRAP_PAD
                        || a == Algorithm.DES_EDE3_WRAP)
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "unsupported key wrap for key agreement " + wrapId.algorithm()));
    if (!wrapId.parametersAbsentOrNull()) {
      throw new MalformedMessageException(
          "malformed key wrap algorithm: " + wrap.cliName() + " parameters must be absent or NULL");
    }
    return wrap;
  }

  /**
   * Z between {@code key} and the originator's public key: the curve binding, the decoding and the
   * point checks come first, so an invalid originator key never reaches the KDF. A test seam too.
   *
   * @throws UnsupportedAlgorithmException for an originator certificate (static-static ECDH) or
   *     explicit curve parameters
   * @throws MalformedMessageException when the originator key is not of the key's curve or cannot
   *     be decoded (compressed points included)
   * @throws DecryptionFailedException when the point is not on the curve, the provider refuses it,
   *     or the X25519/X448 secret is zero
   */
  static byte[] sharedSecret(KeyAgreeRecipientInfo.Originator originator, PrivateKey key)
      throws EnvelopeException {
    Algorithm curve =
        Ecdh.curveOf(key)
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "not a key agreement key: " + key.getAlgorithm()));
    if (!(originator instanceof OriginatorPublicKey opk)) {
      throw new UnsupportedAlgorithmException(
          "the originator is identified by certificate (static-static ECDH): not supported, only"
              + " an originatorKey");
    }
    if (!originatorCurveMatches(opk, curve)) {
      throw new MalformedMessageException(
          "the originator key is not on the recipient key's curve " + curve.cliName());
    }
    byte[] spki;
    if (Ecdh.isNist(curve)) {
      try {
        KeyAgreeCodec.checkUncompressedPoint(opk.publicKey(), Ecdh.fieldBytes(curve));
      } catch (Asn1Exception e) {
        throw new MalformedMessageException("malformed originatorKey: " + e.getMessage(), e);
      }
      // parameters absent or NULL mean the recipient's curve: name it for the key factory
      AlgorithmIdentifier named =
          new AlgorithmIdentifier(
              Algorithm.EC_PUBLIC_KEY.oid(), KeyAgreeCodec.namedCurveParameters(curve.oid()));
      spki = KeyAgreeCodec.subjectPublicKeyInfo(named, opk.publicKey());
    } else {
      if (opk.algorithm().hasParameters()) {
        throw new MalformedMessageException(
            "malformed originatorKey: " + curve.cliName() + " parameters must be absent");
      }
      if (opk.publicKey().length() != Ecdh.fieldBytes(curve)) {
        throw new MalformedMessageException(
            "malformed originatorKey: a "
                + curve.cliName()
                + " public key has "
                + Ecdh.fieldBytes(curve)
                + " bytes, not "
                + opk.publicKey().length());
      }
      spki = KeyAgreeCodec.subjectPublicKeyInfo(opk.algorithm(), opk.publicKey());
    }
    PublicKey peer = Ecdh.publicKey(curve, spki);
    return Ecdh.agree(curve, key, peer);
  }

  /**
   * The key-encryption key: the X9.63 KDF (RFC 5753 7.2) or HKDF (RFC 8418 2: salt = ukm when
   * present, info = ECC-CMS-SharedInfo), both over ECC-CMS-SharedInfo with keyInfo = the key wrap
   * identifier as the message carries it.
   */
  static byte[] kdf(Algorithm scheme, byte[] z, Bytes ukm, AlgorithmIdentifier wrapId, int kekBytes)
      throws GeneralSecurityException {
    byte[] sharedInfo = KeyAgreeCodec.sharedInfo(wrapId, ukm, kekBytes);
    Algorithm digest = scheme.hash().orElseThrow();
    if (scheme.isHkdfAgreement()) {
      return Hkdf.derive(digest, ukm == null ? null : ukm.toByteArray(), z, sharedInfo, kekBytes);
    }
    return X963Kdf.derive(digest, z, sharedInfo, kekBytes);
  }
}
