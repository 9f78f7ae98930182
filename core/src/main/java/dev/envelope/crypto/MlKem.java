package dev.envelope.crypto;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.SecretKey;

/**
 * ML-KEM (FIPS 203) through the JDK's {@link KEM} API: {@code javax.crypto.KEM} is Java 21 API, the
 * {@code ML-KEM} algorithm arrived in Java 24. On an older runtime every operation is an {@link
 * UnsupportedAlgorithmException} saying so.
 *
 * <p>Decapsulation never reports a modified ciphertext: ML-KEM's implicit rejection (FIPS 203 7.3)
 * returns a pseudo-random secret instead, and the failure shows later, when the key wrap's
 * integrity check fails.
 */
public final class MlKem {
  private MlKem() {}

  /** The message when the runtime lacks ML-KEM. */
  public static final String NEEDS_JAVA_24 = "ML-KEM needs Java 24 or later";

  private static final String ML_KEM_OID_PREFIX = "2.16.840.1.101.3.4.4.";

  /** A shared secret and the ciphertext that carries it to the private key's holder. */
  public record Encapsulated(byte[] sharedSecret, byte[] ciphertext) {}

  /**
   * Whether {@code key} is an ML-KEM key: by its algorithm name ({@code ML-KEM}, {@code
   * ML-KEM-768}) or, on a runtime that does not know ML-KEM, the OID a certificate's key reports as
   * its name.
   */
  public static boolean isMlKem(Key key) {
    if (key == null || key.getAlgorithm() == null) {
      return false;
    }
    String alg = key.getAlgorithm().toUpperCase(Locale.ROOT);
    return alg.startsWith("ML-KEM") || alg.startsWith(ML_KEM_OID_PREFIX);
  }

  /**
   * The parameter set of an ML-KEM key ({@link Algorithm#ML_KEM_512}, {@code _768} or {@code
   * _1024}): from an algorithm name that names it, else from the AlgorithmIdentifier of the key's
   * X.509 (public) or PKCS #8 (private) encoding (RFC 9935 section 3). Empty when the key is not
   * ML-KEM or keeps its encoding to itself (a hardware key). A private encoding read here is
   * zeroed.
   */
  public static Optional<Algorithm> parameterSet(Key key) {
    if (!isMlKem(key)) {
      return Optional.empty();
    }
    Optional<Algorithm> byName = byName(key.getAlgorithm());
    if (byName.isPresent()) {
      return byName;
    }
    byte[] encoded;
    try {
      encoded = key.getEncoded();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (encoded == null) {
      return Optional.empty();
    }
    try {
      return Algorithm.byOid(encodedAlgorithm(encoded, key.getFormat()))
          .filter(a -> a.kind() == Algorithm.Kind.KEM);
    } catch (Asn1Exception | RuntimeException e) {
      return Optional.empty();
    } finally {
      if (key instanceof PrivateKey) {
        Arrays.fill(encoded, (byte) 0);
      }
    }
  }

  /** The ML-KEM row whose OID or JCA name is {@code name}. */
  private static Optional<Algorithm> byName(String name) {
    for (Algorithm a :
        new Algorithm[] {Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024}) {
      if (a.jcaName().equalsIgnoreCase(name) || a.oid().toString().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey }}
   * (RFC 5280 4.1) or {@code OneAsymmetricKey ::= SEQUENCE { version, privateKeyAlgorithm
   * AlgorithmIdentifier, privateKey, ... }} (RFC 5958 2).
   */
  private static Oid encodedAlgorithm(byte[] encoded, String format) throws Asn1Exception {
    DerReader seq = DerReader.der(encoded).readSequence("key");
    if ("PKCS#8".equalsIgnoreCase(format)) {
      seq.readElement(Tag.INTEGER, "key.version");
    }
    return seq.readSequence("key.algorithm").readOid("key.algorithm.algorithm");
  }

  /**
   * Encapsulates a fresh shared secret (32 bytes) to {@code publicKey}.
   *
   * @throws UnsupportedAlgorithmException on a runtime without ML-KEM
   * @throws KeySourceException when the key is not a usable ML-KEM public key
   */
  public static Encapsulated encapsulate(PublicKey publicKey, SecureRandom random)
      throws UnsupportedAlgorithmException, KeySourceException {
    KEM kem = kem();
    try {
      KEM.Encapsulated e = kem.newEncapsulator(publicKey, random).encapsulate();
      byte[] secret = secretBytes(e.key());
      if (secret == null) {
        throw new KeySourceException("the ML-KEM provider does not export the shared secret");
      }
      return new Encapsulated(secret, e.encapsulation());
    } catch (InvalidKeyException | IllegalArgumentException e) {
      throw new KeySourceException(
          "the " + publicKey.getAlgorithm() + " key cannot be used for ML-KEM: " + e.getMessage(),
          e);
    }
  }

  /**
   * The shared secret in {@code ciphertext} for {@code privateKey}. A modified ciphertext gives a
   * different secret, not an error (implicit rejection).
   *
   * @throws UnsupportedAlgorithmException on a runtime without ML-KEM
   * @throws DecryptionFailedException when the key refuses the ciphertext (its length does not fit
   *     the key's parameter set) or is not usable
   */
  public static byte[] decapsulate(PrivateKey privateKey, byte[] ciphertext)
      throws UnsupportedAlgorithmException, DecryptionFailedException {
    KEM kem = kem();
    try {
      byte[] secret = secretBytes(kem.newDecapsulator(privateKey).decapsulate(ciphertext));
      if (secret == null) {
        throw new DecryptionFailedException();
      }
      return secret;
    } catch (InvalidKeyException | DecapsulateException | RuntimeException e) {
      throw new DecryptionFailedException();
    }
  }

  /** The ciphertext length of a parameter set (FIPS 203 table 3). */
  public static int ciphertextLength(Algorithm parameterSet) {
    return switch (parameterSet) {
      case ML_KEM_512 -> 768;
      case ML_KEM_768 -> 1088;
      case ML_KEM_1024 -> 1568;
      default -> throw new IllegalArgumentException("not ML-KEM: " + parameterSet);
    };
  }

  private static KEM kem() throws UnsupportedAlgorithmException {
    try {
      return KEM.getInstance("ML-KEM");
    } catch (NoSuchAlgorithmException e) {
      throw new UnsupportedAlgorithmException(NEEDS_JAVA_24, e);
    }
  }

  /** The secret's bytes, or null when it stays inside its provider (an HSM): HKDF needs them. */
  private static byte[] secretBytes(SecretKey key) {
    byte[] b = key.getEncoded();
    return b == null || b.length == 0 ? null : b;
  }
}
