package dev.envelope.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * RSA key transport of a content-encryption key: RSAES-PKCS1-v1_5 and RSAES-OAEP (RFC 8017).
 *
 * <p>Unwrapping never fails visibly. The private-key operation is raw RSA (blinded by the JDK's
 * provider), the padding is checked here without branching on secret data, and whenever the padding
 * is wrong or the key has the wrong length the result is a substitute key of the right length,
 * derived deterministically from the key and the ciphertext (implicit rejection, RFC 3218 2.3.2
 * made deterministic as in draft-irtf-cfrg-rsa-guidance). A wrong substitute then fails at the
 * content cipher exactly as a wrong key does. Keys whose provider offers no raw RSA (some tokens)
 * fall back to the provider's padded cipher, with the same substitute on failure.
 */
public final class RsaKeyTransport {
  private RsaKeyTransport() {}

  /**
   * Per-process secret for keys whose bytes cannot be read (tokens): still deterministic per run.
   */
  private static final byte[] PROCESS_SECRET = new SecureRandom().generateSeed(32);

  /**
   * Encrypts {@code cek} for {@code recipient}.
   *
   * @param oaep null for PKCS #1 v1.5
   */
  public static byte[] wrap(PublicKey recipient, OaepParams oaep, byte[] cek, SecureRandom random)
      throws GeneralSecurityException {
    if (!(recipient instanceof RSAKey rsa)) {
      throw new InvalidKeyException("not an RSA key: " + recipient.getAlgorithm());
    }
    if (rsa.getModulus().bitLength() < 1024 || !rsa.getModulus().testBit(0)) {
      throw new InvalidKeyException(
          "unusable RSA key: modulus of " + rsa.getModulus().bitLength() + " bits");
    }
    Cipher c;
    if (oaep == null) {
      c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      c.init(Cipher.ENCRYPT_MODE, recipient, random);
    } else {
      c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      c.init(Cipher.ENCRYPT_MODE, recipient, oaepSpec(oaep), random);
    }
    return c.doFinal(cek);
  }

  static OAEPParameterSpec oaepSpec(OaepParams oaep) {
    return new OAEPParameterSpec(
        oaep.hash().jcaName(),
        "MGF1",
        new MGF1ParameterSpec(oaep.mgfHash().jcaName()),
        new PSource.PSpecified(oaep.label().toByteArray()));
  }

  /**
   * Recovers a content-encryption key of exactly {@code keyLength} bytes: the real one, or a
   * deterministic substitute when anything about the decryption is wrong. Never throws for a bad
   * ciphertext or padding.
   *
   * @param oaep null for PKCS #1 v1.5
   * @param context public bytes that bind the substitute to this recipient entry (its rid)
   */
  public static byte[] unwrap(
      PrivateKey key, OaepParams oaep, byte[] encryptedKey, int keyLength, byte[] context) {
    // ContentSpec.ANY_KEY_LENGTH (RC4 without a salt): any key of 5 to 16 bytes, else a
    // 16-byte substitute
    boolean any = keyLength == ContentSpec.ANY_KEY_LENGTH;
    int min = any ? ContentSpec.MIN_VARIABLE_KEY_BYTES : keyLength;
    int max = any ? ContentSpec.MAX_VARIABLE_KEY_BYTES : keyLength;
    byte[] substitute = substitute(key, encryptedKey, context, max);
    byte[] block = rawDecrypt(key, encryptedKey);
    if (block == null) {
      return paddedFallback(key, oaep, encryptedKey, min, max, substitute);
    }
    try {
      return oaep == null
          ? Pkcs1Padding.select(block, min, max, substitute)
          : OaepPadding.select(block, oaep, min, max, substitute);
    } finally {
      Arrays.fill(block, (byte) 0);
    }
  }

  /** Raw RSA, the k-byte block; an all-zero block for a bad ciphertext; null if unsupported. */
  private static byte[] rawDecrypt(PrivateKey key, byte[] encryptedKey) {
    int k = modulusBytes(key);
    if (k < 0) {
      // a key that does not tell its modulus (a PKCS #11 token key): a well-formed ciphertext has
      // the modulus length, and the token rejects one of another length (so the substitute is used)
      k = encryptedKey.length;
    }
    Cipher c;
    try {
      c = Cipher.getInstance("RSA/ECB/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key);
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
    byte[] zero = new byte[Math.max(k, 1)];
    if (k <= 0 || encryptedKey.length != k) {
      return zero; // fails every padding check, so the substitute is used
    }
    try {
      byte[] out = c.doFinal(encryptedKey);
      if (out.length == k) {
        return out;
      }
      // some providers strip leading zeros: left-pad to the modulus length
      if (out.length < k) {
        byte[] padded = new byte[k];
        System.arraycopy(out, 0, padded, k - out.length, out.length);
        Arrays.fill(out, (byte) 0);
        return padded;
      }
      return zero;
    } catch (GeneralSecurityException | RuntimeException e) {
      return zero; // ciphertext >= n: public, but treated like any other failure
    }
  }

  private static byte[] paddedFallback(
      PrivateKey key, OaepParams oaep, byte[] encryptedKey, int min, int max, byte[] substitute) {
    byte[] cek = null;
    try {
      Cipher c = Cipher.getInstance(oaep == null ? "RSA/ECB/PKCS1Padding" : "RSA/ECB/OAEPPadding");
      if (oaep == null) {
        c.init(Cipher.DECRYPT_MODE, key);
      } else {
        c.init(Cipher.DECRYPT_MODE, key, oaepSpec(oaep));
      }
      cek = c.doFinal(encryptedKey);
    } catch (GeneralSecurityException | RuntimeException e) {
      cek = null;
    }
    if (cek != null && cek.length >= min && cek.length <= max) {
      return cek;
    }
    if (cek != null) {
      Arrays.fill(cek, (byte) 0);
    }
    return substitute;
  }

  static int modulusBytes(PrivateKey key) {
    if (key instanceof RSAKey rsa && rsa.getModulus() != null) {
      return (rsa.getModulus().bitLength() + 7) / 8;
    }
    return -1;
  }

  /**
   * The implicit-rejection key: KDK = HMAC-SHA256(SHA-256(private key encoding), context ||
   * ciphertext), expanded with HMAC-SHA256(KDK, counter || "envelope substitute cek" || length).
   * For a key whose encoding is not readable, a per-process random secret replaces its hash.
   */
  static byte[] substitute(PrivateKey key, byte[] encryptedKey, byte[] context, int length) {
    try {
      byte[] secret;
      byte[] encoded = null;
      try {
        encoded = key.getEncoded();
      } catch (RuntimeException e) {
        encoded = null;
      }
      if (encoded != null) {
        secret = MessageDigest.getInstance("SHA-256").digest(encoded);
        Arrays.fill(encoded, (byte) 0);
      } else {
        secret = PROCESS_SECRET.clone();
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      Arrays.fill(secret, (byte) 0);
      mac.update(context);
      byte[] kdk = mac.doFinal(encryptedKey);
      mac.init(new SecretKeySpec(kdk, "HmacSHA256"));
      Arrays.fill(kdk, (byte) 0);
      byte[] out = new byte[length];
      byte[] label = "envelope substitute cek".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int i = 0, counter = 1; i < length; counter++) {
        mac.update(BigInteger.valueOf(counter).toByteArray());
        mac.update(label);
        mac.update(BigInteger.valueOf(length).toByteArray());
        byte[] block = mac.doFinal();
        int n = Math.min(block.length, length - i);
        System.arraycopy(block, 0, out, i, n);
        Arrays.fill(block, (byte) 0);
        i += n;
      }
      return out;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 and SHA-256 are required of every JDK", e);
    }
  }
}
