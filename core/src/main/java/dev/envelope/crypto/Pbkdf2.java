package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.security.auth.DestroyFailedException;

/**
 * PBKDF2 (RFC 8018 5.2) through the JDK's {@code PBKDF2WithHmacSHA*} key factories. The JDK encodes
 * the password chars as UTF-8 (as OpenSSL takes the bytes of a UTF-8 command line), so a password
 * is the UTF-8 bytes of its text.
 */
public final class Pbkdf2 {
  private Pbkdf2() {}

  /**
   * The derived key; the caller zeroes it.
   *
   * @param prf a {@link Algorithm.Kind#PRF} row
   */
  public static byte[] derive(
      char[] password, byte[] salt, int iterations, Algorithm prf, int keyBytes)
      throws GeneralSecurityException {
    if (prf.kind() != Algorithm.Kind.PRF) {
      throw new IllegalArgumentException("not a PBKDF2 PRF: " + prf.cliName());
    }
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyBytes * 8);
    try {
      SecretKey key =
          SecretKeyFactory.getInstance("PBKDF2With" + prf.jcaName()).generateSecret(spec);
      byte[] out = key.getEncoded();
      try {
        key.destroy();
      } catch (DestroyFailedException e) {
        // the JDK's PBKDF2 keys clear themselves when collected; nothing more to do here
      }
      if (out == null || out.length != keyBytes) {
        if (out != null) {
          Arrays.fill(out, (byte) 0);
        }
        throw new DecryptionFailedException();
      }
      return out;
    } finally {
      spec.clearPassword();
    }
  }
}
