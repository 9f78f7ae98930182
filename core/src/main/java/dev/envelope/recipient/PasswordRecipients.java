package dev.envelope.recipient;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.PasswordRecipientInfo;
import dev.envelope.cms.PwriParams;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.Pbkdf2;
import dev.envelope.crypto.PwriWrap;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/** Password recipients (RFC 5652 6.2.4, RFC 3211): PBKDF2 and the id-alg-PWRI-KEK wrap. */
public final class PasswordRecipients {
  private PasswordRecipients() {}

  /** Salt written when sealing. */
  static final int SALT_BYTES = 16;

  /** The inner cipher written when sealing. */
  static final Algorithm SEAL_CIPHER = Algorithm.AES_256_CBC;

  /**
   * The entry for {@code password}.
   *
   * @param prf a {@link Algorithm.Kind#PRF} row
   */
  public static PasswordRecipientInfo seal(
      char[] password, Algorithm prf, int iterations, byte[] cek, SecureRandom random)
      throws GeneralSecurityException {
    if (prf.kind() != Algorithm.Kind.PRF) {
      throw new IllegalArgumentException("not a PBKDF2 PRF: " + prf.cliName());
    }
    byte[] salt = new byte[SALT_BYTES];
    byte[] iv = new byte[SEAL_CIPHER.ivBytes()];
    random.nextBytes(salt);
    random.nextBytes(iv);
    byte[] kek = Pbkdf2.derive(password, salt, iterations, prf, SEAL_CIPHER.keyBytes());
    byte[] ek;
    try {
      ek = PwriWrap.wrap(SEAL_CIPHER, kek, iv, cek, random);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
    // keyLength left out as OpenSSL writes it (the inner cipher fixes it); the PRF written with
    // NULL parameters unless it is the DEFAULT hmacWithSHA1, which DER leaves out (RFC 8018 A.2)
    AlgorithmIdentifier kdf =
        PwriParams.pbkdf2(
            Algorithm.PBKDF2.oid(),
            salt,
            iterations,
            -1,
            prf == Algorithm.HMAC_SHA1 ? null : AlgorithmIdentifier.withNull(prf.oid()));
    AlgorithmIdentifier kea =
        PwriParams.pwriKek(
            Algorithm.PWRI_KEK.oid(), ContentSpec.fresh(SEAL_CIPHER, iv).toAlgorithmIdentifier());
    return new PasswordRecipientInfo(kdf, kea, Bytes.of(ek));
  }

  /** An entry's parameters, checked before anything is derived. */
  private record Scheme(byte[] salt, int iterations, Algorithm prf, Algorithm cipher, byte[] iv) {}

  /**
   * The content key from {@code pwri}; the iteration count is checked against {@code maxIterations}
   * before anything is derived.
   *
   * @throws dev.envelope.error.LimitExceededException above {@code maxIterations}
   * @throws dev.envelope.error.DecryptionFailedException for a wrong password
   */
  public static byte[] unwrap(
      PasswordRecipientInfo pwri, char[] password, int cekLength, long maxIterations)
      throws EnvelopeException {
    return unwrap(pwri, password, cekLength, maxIterations, n -> {});
  }

  /** PBKDF2 work shared by all password entries of one message (SECURITY.md #23). */
  @FunctionalInterface
  public interface Budget {
    /**
     * Takes {@code iterations} from the budget before they are run.
     *
     * @throws LimitExceededException when the budget cannot pay for them
     */
    void spend(long iterations) throws LimitExceededException;
  }

  /**
   * As {@link #unwrap(PasswordRecipientInfo, char[], int, long)}, with the entry's iterations taken
   * from {@code budget} after the per-entry check and before any derivation.
   */
  public static byte[] unwrap(
      PasswordRecipientInfo pwri, char[] password, int cekLength, long maxIterations, Budget budget)
      throws EnvelopeException {
    Scheme s = scheme(pwri, maxIterations);
    budget.spend(s.iterations());
    byte[] kek = null;
    try {
      kek = Pbkdf2.derive(password, s.salt(), s.iterations(), s.prf(), s.cipher().keyBytes());
      byte[] key = PwriWrap.unwrap(s.cipher(), kek, s.iv(), pwri.encryptedKey().toByteArray());
      if (!ContentSpec.keyLengthFits(cekLength, key.length)) {
        Arrays.fill(key, (byte) 0);
        throw new DecryptionFailedException();
      }
      return key;
    } catch (EnvelopeException e) {
      throw e;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new DecryptionFailedException();
    } finally {
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
    }
  }

  private static Scheme scheme(PasswordRecipientInfo pwri, long maxIterations)
      throws EnvelopeException {
    AlgorithmIdentifier kdf = pwri.keyDerivationAlgorithm();
    if (kdf == null) {
      throw new UnsupportedAlgorithmException(
          "password entry without keyDerivationAlgorithm (a KEK given directly) is not supported");
    }
    if (!kdf.algorithm().equals(Algorithm.PBKDF2.oid())) {
      throw new UnsupportedAlgorithmException(
          "unsupported password key derivation " + kdf.algorithm() + " (PBKDF2 only)");
    }
    AlgorithmIdentifier kea = pwri.keyEncryptionAlgorithm();
    if (!kea.algorithm().equals(Algorithm.PWRI_KEK.oid())) {
      throw new UnsupportedAlgorithmException(
          "unsupported password key encryption " + kea.algorithm() + " (id-alg-PWRI-KEK only)");
    }
    PwriParams.Pbkdf2 p;
    AlgorithmIdentifier inner;
    try {
      p = PwriParams.readPbkdf2(kdf);
      inner = PwriParams.readKekCipher(kea);
    } catch (Asn1Exception e) {
      throw e.limitExceeded()
          ? new LimitExceededException(e.getMessage(), e)
          : new MalformedMessageException(e.getMessage(), e);
    }
    // SECURITY.md #23: the count is refused before any HMAC is computed
    BigInteger count = p.iterationCount();
    long max = Math.min(maxIterations, Integer.MAX_VALUE);
    if (count.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new LimitExceededException(
          "limit exceeded: maxPasswordIterations=" + count + " > " + max);
    }
    Algorithm prf = Algorithm.HMAC_SHA1; // RFC 8018 A.2: DEFAULT algid-hmacWithSHA1
    if (p.prf() != null) {
      AlgorithmIdentifier id = p.prf();
      prf =
          Algorithm.byOid(id.algorithm())
              .filter(a -> a.kind() == Algorithm.Kind.PRF)
              .orElseThrow(
                  () ->
                      new UnsupportedAlgorithmException(
                          "unsupported PBKDF2 PRF " + id.algorithm()));
      if (!id.parametersAbsentOrNull()) {
        throw new MalformedMessageException(
            "malformed PBKDF2 prf: " + prf.cliName() + " parameters must be NULL");
      }
    }
    Algorithm cipher =
        Algorithm.byOid(inner.algorithm())
            .filter(PwriWrap::isInnerCipher)
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "unsupported PWRI-KEK inner cipher "
                            + inner.algorithm()
                            + " (AES-CBC or 3DES-CBC)"));
    ContentSpec spec = ContentSpec.parse(inner, false); // checks the IV length
    if (p.keyLength() != -1 && p.keyLength() != cipher.keyBytes()) {
      throw new MalformedMessageException(
          "malformed PBKDF2 keyLength "
              + p.keyLength()
              + ": "
              + cipher.cliName()
              + " needs "
              + cipher.keyBytes());
    }
    return new Scheme(
        p.salt().toByteArray(), count.intValueExact(), prf, cipher, spec.iv().toByteArray());
  }
}
