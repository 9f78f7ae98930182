package dev.envelope.recipient;

import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KemOtherInfo;
import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.Hkdf;
import dev.envelope.crypto.KeyWraps;
import dev.envelope.crypto.MlKem;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/**
 * KEM recipients (RFC 9629) with ML-KEM (FIPS 203), HKDF-SHA256 and AES key wrap, as RFC 9936
 * profiles them.
 *
 * <p>Sealing writes: {@code kem} id-alg-ml-kem-512/768/1024 with parameters absent; {@code kdf}
 * id-alg-hkdf-with-sha256 with parameters absent (RFC 8619); no {@code ukm}; {@code wrap} and
 * {@code kekLength} by parameter set (RFC 9936 2.1 and table 1): ML-KEM-512 always aes128-wrap with
 * a 16-byte KEK (whatever wrap was asked for: the one every ML-KEM-512 peer must read); ML-KEM-768
 * the wrap asked for when its key is at least 192 bits, else aes256-wrap; ML-KEM-1024 always
 * aes256-wrap. The KEK is HKDF(salt = empty, IKM = the KEM's shared secret, info = DER of
 * CMSORIforKEMOtherInfo, L = kekLength) (RFC 9629 5, RFC 9936 2.2.1).
 *
 * <p>Opening accepts HKDF with SHA-256, -384 or -512, any AES key wrap, and a ukm; kekLength must
 * be the wrap's key size (RFC 9936 2.2.1), checked before the private key is used.
 */
public final class KemRecipients {
  private KemRecipients() {}

  /**
   * The entry for an ML-KEM {@code certificate}.
   *
   * @param wrap a {@link Algorithm.Kind#KEY_WRAP} row (AES key wrap); see the class comment for
   *     when the parameter set overrides it
   * @throws UnsupportedAlgorithmException on a runtime without ML-KEM (before Java 24)
   * @throws KeySourceException when the certificate's key is not an ML-KEM key
   */
  public static KemRecipientInfo seal(
      X509Certificate certificate,
      RecipientIdentifier rid,
      Algorithm wrap,
      byte[] cek,
      SecureRandom random)
      throws GeneralSecurityException {
    var publicKey = certificate.getPublicKey();
    Algorithm set =
        MlKem.parameterSet(publicKey)
            .orElseThrow(
                () ->
                    new KeySourceException(
                        "not an ML-KEM certificate: "
                            + certificate.getSubjectX500Principal()
                            + " has a "
                            + publicKey.getAlgorithm()
                            + " key"));
    Algorithm w = KeyWraps.fitting(wrapFor(set, wrap), cek.length);
    int kekLength = w.keyBytes();
    AlgorithmIdentifier wrapId = AlgorithmIdentifier.absent(w.oid());
    AlgorithmIdentifier kdf = AlgorithmIdentifier.absent(Algorithm.HKDF_SHA256.oid());
    byte[] info = KemOtherInfo.encode(wrapId, kekLength, null);
    MlKem.Encapsulated enc = MlKem.encapsulate(publicKey, random);
    byte[] kek = null;
    try {
      kek = Hkdf.derive(Algorithm.SHA256, null, enc.sharedSecret(), info, kekLength);
      byte[] encryptedKey = KeyWraps.wrap(w, kek, cek);
      return new KemRecipientInfo(
          rid,
          AlgorithmIdentifier.absent(set.oid()),
          Bytes.of(enc.ciphertext()),
          kdf,
          kekLength,
          null,
          wrapId,
          Bytes.of(encryptedKey));
    } finally {
      Arrays.fill(enc.sharedSecret(), (byte) 0);
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
    }
  }

  /** The key wrap written for a parameter set when {@code asked} was asked for. */
  static Algorithm wrapFor(Algorithm parameterSet, Algorithm asked) {
    return switch (parameterSet) {
      case ML_KEM_512 -> Algorithm.AES_128_WRAP;
      case ML_KEM_768 ->
          isAesWrap(asked) && asked.keyBytes() >= 24 ? asked : Algorithm.AES_256_WRAP;
      default -> Algorithm.AES_256_WRAP;
    };
  }

  private static boolean isAesWrap(Algorithm a) {
    return a != null && a.kind() == Algorithm.Kind.KEY_WRAP && a.jcaName().startsWith("AES/");
  }

  /** Whether {@code key} is an ML-KEM key of the entry's parameter set. */
  public static boolean accepts(KemRecipientInfo kemri, PrivateKey key) {
    if (!MlKem.isMlKem(key)) {
      return false;
    }
    Optional<Algorithm> entrySet = kemParameterSet(kemri);
    if (entrySet.isEmpty()) {
      return false; // another KEM (RSA-KEM, a hybrid): not ours to open
    }
    Optional<Algorithm> keySet = MlKem.parameterSet(key);
    // a key that hides its encoding (hardware) is tried; the unwrap decides
    return keySet.isEmpty() || keySet.get() == entrySet.get();
  }

  /**
   * The content key from {@code kemri}.
   *
   * @throws DecryptionFailedException on any secret-dependent failure (a wrong key, a modified
   *     kemct or encryptedKey)
   * @throws MalformedMessageException when the entry's fields contradict each other or RFC 9936
   * @throws UnsupportedAlgorithmException for a KEM, KDF or wrap this class does not serve, or a
   *     runtime without ML-KEM
   */
  public static byte[] unwrap(KemRecipientInfo kemri, PrivateKey key, int cekLength)
      throws EnvelopeException {
    Algorithm set =
        kemParameterSet(kemri)
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "unsupported KEM algorithm " + kemri.kem().algorithm()));
    if (!kemri.kem().parametersAbsentOrNull()) {
      throw new MalformedMessageException(
          "malformed KEMRecipientInfo: " + set.cliName() + " parameters must be absent");
    }
    if (kemri.kemct().length() != MlKem.ciphertextLength(set)) {
      throw new MalformedMessageException(
          "malformed KEMRecipientInfo: a "
              + set.cliName()
              + " kemct has "
              + MlKem.ciphertextLength(set)
              + " bytes, not "
              + kemri.kemct().length());
    }
    Algorithm digest = kdfDigest(kemri.kdf());
    Algorithm wrap = wrap(kemri.wrap());
    if (kemri.kekLength() != wrap.keyBytes()) {
      // RFC 9936 2.2.1: L must be consistent with the key size of the key-encryption algorithm
      throw new MalformedMessageException(
          "malformed KEMRecipientInfo: kekLength "
              + kemri.kekLength()
              + " does not fit "
              + wrap.cliName()
              + " ("
              + wrap.keyBytes()
              + " bytes)");
    }
    byte[] info = KemOtherInfo.encode(kemri);
    byte[] secret = MlKem.decapsulate(key, kemri.kemct().toByteArray());
    byte[] kek = null;
    try {
      kek = Hkdf.derive(digest, null, secret, info, kemri.kekLength());
      byte[] cek = KeyWraps.unwrap(wrap, kek, kemri.encryptedKey().toByteArray());
      if (!ContentSpec.keyLengthFits(cekLength, cek.length)) {
        Arrays.fill(cek, (byte) 0);
        throw new DecryptionFailedException();
      }
      return cek;
    } catch (DecryptionFailedException e) {
      throw e;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new DecryptionFailedException();
    } finally {
      Arrays.fill(secret, (byte) 0);
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
    }
  }

  private static Optional<Algorithm> kemParameterSet(KemRecipientInfo kemri) {
    return Algorithm.byOid(kemri.kem().algorithm()).filter(a -> a.kind() == Algorithm.Kind.KEM);
  }

  /** The digest of an HKDF kdf identifier (RFC 8619: parameters absent). */
  private static Algorithm kdfDigest(AlgorithmIdentifier kdf) throws EnvelopeException {
    Algorithm a =
        Algorithm.byOid(kdf.algorithm())
            .filter(x -> x.kind() == Algorithm.Kind.KDF && x.hash().isPresent())
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "unsupported KEMRecipientInfo kdf " + kdf.algorithm()));
    if (kdf.hasParameters()) {
      throw new MalformedMessageException(
          "malformed KEMRecipientInfo: " + a.cliName() + " parameters must be absent (RFC 8619)");
    }
    return a.hash().orElseThrow();
  }

  /** An AES key wrap identifier (RFC 3565 2.3.2: parameters absent). */
  private static Algorithm wrap(AlgorithmIdentifier wrap) throws EnvelopeException {
    Algorithm a =
        Algorithm.byOid(wrap.algorithm())
            .filter(KemRecipients::isAesWrap)
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "unsupported KEMRecipientInfo wrap " + wrap.algorithm()));
    if (wrap.hasParameters()) {
      throw new MalformedMessageException(
          "malformed KEMRecipientInfo: " + a.cliName() + " parameters must be absent");
    }
    return a;
  }
}
