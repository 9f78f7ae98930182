package dev.envelope.store;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.security.auth.DestroyFailedException;

/**
 * Decrypts a PKCS #8 EncryptedPrivateKeyInfo (RFC 5958 section 3) with the JCA's password-based
 * ciphers: PBES2 with PBKDF2 (RFC 8018), and the PKCS #12 PBE schemes the JDK knows. The iteration
 * count is checked against the limit before any key derivation (SECURITY.md test 23).
 */
final class EncryptedPkcs8 {
  private static final Oid PBES2 = Oid.of("1.2.840.113549.1.5.13");
  private static final Oid PBKDF2 = Oid.of("1.2.840.113549.1.5.12");
  private static final Oid SCRYPT = Oid.of("1.3.6.1.4.1.11591.4.11");

  private EncryptedPkcs8() {}

  /**
   * The PrivateKeyInfo DER inside; the caller zeroes it.
   *
   * @throws KeySourceException without a password, with a wrong one, or for an unsupported scheme
   * @throws LimitExceededException when the iteration count exceeds the limit
   */
  static byte[] decrypt(byte[] der, char[] password, StoreLimits limits, String source)
      throws KeySourceException, LimitExceededException {
    checkIterations(der, limits, source);
    if (password == null) {
      throw KeySourceException.passwordRequired(
          source + ": the private key is encrypted; a password is needed");
    }
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (IOException | RuntimeException e) {
      throw new KeySourceException(
          source + ": malformed ENCRYPTED PRIVATE KEY: " + CertificateFiles.reason(e), e);
    }
    byte[] plain = decryptWith(info, password, source);
    // a wrong password passes the padding check about once in 256 tries: the result is garbage
    if (!looksLikePrivateKeyInfo(plain)) {
      Arrays.fill(plain, (byte) 0);
      throw wrongPassword(source, null);
    }
    return plain;
  }

  private static byte[] decryptWith(EncryptedPrivateKeyInfo info, char[] password, String source)
      throws KeySourceException {
    String scheme = info.getAlgName();
    SecretKey key = null;
    PBEKeySpec spec = new PBEKeySpec(password);
    try {
      key = SecretKeyFactory.getInstance(scheme).generateSecret(spec);
      Cipher cipher = Cipher.getInstance(scheme);
      cipher.init(Cipher.DECRYPT_MODE, key, info.getAlgParameters());
      return cipher.doFinal(info.getEncryptedData());
    } catch (BadPaddingException | IllegalBlockSizeException e) {
      throw wrongPassword(source, e);
    } catch (InvalidKeySpecException e) {
      // the JDK's PBKDF2 refuses an empty password outright
      if (password.length == 0) {
        throw wrongPassword(source, e);
      }
      throw unsupported(scheme, source, e);
    } catch (NoSuchAlgorithmException e) {
      throw unsupported(scheme, source, e);
    } catch (GeneralSecurityException e) {
      throw new KeySourceException(
          source + ": cannot decrypt the private key (" + scheme + "): " + e.getMessage(), e);
    } finally {
      spec.clearPassword();
      destroy(key);
    }
  }

  private static KeySourceException wrongPassword(String source, Exception cause) {
    return new KeySourceException("wrong password for encrypted private key " + source, cause);
  }

  private static KeySourceException unsupported(String scheme, String source, Exception cause) {
    return new KeySourceException(
        source
            + ": unsupported key encryption "
            + scheme
            + "; re-encrypt with openssl pkcs8 -topk8 -v2 aes-256-cbc",
        cause);
  }

  private static void destroy(SecretKey key) {
    if (key != null && !key.isDestroyed()) {
      try {
        key.destroy();
      } catch (DestroyFailedException e) {
        // the provider's key class cannot be destroyed; nothing more can be done here
      }
    }
  }

  private static boolean looksLikePrivateKeyInfo(byte[] plain) {
    try {
      DerReader top = DerReader.ber(plain);
      DerReader info = top.readSequence("privateKeyInfo");
      info.readSmallInt("version");
      info.readSequence("privateKeyAlgorithm");
      top.expectEmpty("privateKeyInfo");
      return true;
    } catch (Asn1Exception e) {
      return false;
    }
  }

  /**
   *
   *
   * <pre>
   * EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier,
   *                                        encryptedData OCTET STRING }
   * PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier,
   *                             encryptionScheme AlgorithmIdentifier }      -- RFC 8018 A.4
   * PBKDF2-params ::= SEQUENCE { salt CHOICE {...}, iterationCount INTEGER, ... }   -- A.2
   * pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }  -- RFC 7292 C
   * </pre>
   */
  private static void checkIterations(byte[] der, StoreLimits limits, String source)
      throws KeySourceException, LimitExceededException {
    BigInteger iterations;
    try {
      DerReader info = DerReader.ber(der).readSequence("encryptedPrivateKeyInfo");
      DerReader alg = info.readSequence("encryptionAlgorithm");
      Oid scheme = alg.readOid("algorithm");
      DerReader params = alg.readSequence("parameters");
      if (scheme.equals(PBES2)) {
        DerReader kdf = params.readSequence("keyDerivationFunc");
        Oid kdfOid = kdf.readOid("algorithm");
        if (kdfOid.equals(SCRYPT)) {
          throw new KeySourceException(
              source
                  + ": scrypt-encrypted keys are not supported; re-encrypt with"
                  + " openssl pkcs8 -topk8 -v2 aes-256-cbc");
        }
        if (!kdfOid.equals(PBKDF2)) {
          throw new KeySourceException(source + ": unsupported key derivation " + kdfOid);
        }
        params = kdf.readSequence("PBKDF2-params");
      }
      params.readElement("salt");
      iterations = params.readInteger(Tag.INTEGER, "iterationCount", 8);
    } catch (Asn1Exception e) {
      throw new KeySourceException(
          source + ": malformed ENCRYPTED PRIVATE KEY: " + e.getMessage(), e);
    }
    if (iterations.signum() <= 0) {
      throw new KeySourceException(
          source + ": malformed ENCRYPTED PRIVATE KEY: iteration count " + iterations);
    }
    if (iterations.compareTo(BigInteger.valueOf(limits.maxPbkdf2Iterations())) > 0) {
      throw new LimitExceededException(
          "limit exceeded: PBKDF2 iteration count "
              + iterations
              + " exceeds limit "
              + limits.maxPbkdf2Iterations()
              + " (maxPbkdf2Iterations) in "
              + source);
    }
  }
}
