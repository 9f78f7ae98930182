package dev.envelope.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The ANSI X9.63 key derivation function as RFC 5753 uses it (section 7.2, SEC 1 3.6.1): {@code K =
 * Hash(Z || Counter || SharedInfo)} for Counter = 1, 2, ... as a 32-bit big-endian integer, the
 * outputs concatenated and cut to the key length.
 */
public final class X963Kdf {
  private X963Kdf() {}

  /**
   * Derives {@code length} bytes.
   *
   * @param digest a {@link Algorithm.Kind#DIGEST} row (SHA-1 to SHA-512)
   * @param z the shared secret (not changed)
   * @param sharedInfo the DER of ECC-CMS-SharedInfo
   */
  public static byte[] derive(Algorithm digest, byte[] z, byte[] sharedInfo, int length)
      throws GeneralSecurityException {
    if (digest.kind() != Algorithm.Kind.DIGEST) {
      throw new IllegalArgumentException("not a digest: " + digest.cliName());
    }
    MessageDigest md = MessageDigest.getInstance(digest.jcaName());
    int hashLen = md.getDigestLength();
    // SEC 1 3.6.1: keydatalen < hashlen * (2^32 - 1); key wraps need at most 32 bytes
    if (length < 1 || length > 255 * hashLen) {
      throw new IllegalArgumentException("X9.63 KDF output length " + length);
    }
    byte[] out = new byte[length];
    byte[] block;
    int off = 0;
    for (int counter = 1; off < length; counter++) {
      md.update(z);
      md.update(
          new byte[] {
            (byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter
          });
      md.update(sharedInfo);
      block = md.digest();
      int n = Math.min(block.length, length - off);
      System.arraycopy(block, 0, out, off, n);
      off += n;
      Arrays.fill(block, (byte) 0);
    }
    return out;
  }
}
