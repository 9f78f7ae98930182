package dev.envelope.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) over the JDK's HMAC: extract then expand. Written here because {@code
 * javax.crypto.KDF} arrived only in Java 25 and the library targets 21.
 */
public final class Hkdf {
  private Hkdf() {}

  /**
   * HKDF-Extract then HKDF-Expand.
   *
   * @param digest a {@link Algorithm.Kind#DIGEST} row: SHA-256, SHA-384 or SHA-512 (also SHA-1 and
   *     SHA-224 work)
   * @param salt may be null or empty (then HashLen zero bytes, RFC 5869 2.2)
   */
  public static byte[] derive(Algorithm digest, byte[] salt, byte[] ikm, byte[] info, int length)
      throws GeneralSecurityException {
    String macName = "Hmac" + digest.jcaName().replace("-", "");
    Mac mac = Mac.getInstance(macName);
    int hashLen = mac.getMacLength();
    if (length < 1 || length > 255 * hashLen) {
      throw new IllegalArgumentException("HKDF output length " + length);
    }
    byte[] s = salt == null || salt.length == 0 ? new byte[hashLen] : salt;
    mac.init(new SecretKeySpec(s, macName));
    byte[] prk = mac.doFinal(ikm);
    try {
      mac.init(new SecretKeySpec(prk, macName));
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      int off = 0;
      for (int i = 1; off < length; i++) {
        mac.update(t);
        mac.update(info == null ? new byte[0] : info);
        mac.update((byte) i);
        Arrays.fill(t, (byte) 0);
        t = mac.doFinal();
        int n = Math.min(t.length, length - off);
        System.arraycopy(t, 0, out, off, n);
        off += n;
      }
      Arrays.fill(t, (byte) 0);
      return out;
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }
}
