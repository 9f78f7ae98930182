package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 3217's Triple-DES key wrap, for opening old messages only (section 3.2, unwrap). The wrapped
 * key is normally a 24-byte Triple-DES key (40 bytes wrapped); like OpenSSL, any key of a multiple
 * of 8 bytes is accepted, so an AES content key wrapped this way opens too.
 */
final class TripleDesWrap {
  private TripleDesWrap() {}

  /** RFC 3217 3.1 step 7 and 3.2 step 2: the fixed IV of the outer encryption. */
  private static final byte[] IV2 = {
    (byte) 0x4a, (byte) 0xdd, (byte) 0xa2, (byte) 0x2c,
    (byte) 0x79, (byte) 0xe8, (byte) 0x21, (byte) 0x05
  };

  private static final int BLOCK = 8;

  static byte[] unwrap(byte[] kek, byte[] wrapped) throws DecryptionFailedException {
    // step 1: an IV block, at least one key block and the checksum block
    if (kek.length != 24 || wrapped.length < 3 * BLOCK || wrapped.length % BLOCK != 0) {
      throw new DecryptionFailedException();
    }
    byte[] temp3 = null;
    byte[] wkcks = null;
    try {
      Cipher c = Cipher.getInstance("DESede/CBC/NoPadding");
      SecretKeySpec key = new SecretKeySpec(kek, "DESede");
      // step 2: TEMP3 = decrypt(KEK, IV = 4adda22c79e82105, wrapped)
      c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(IV2));
      temp3 = c.doFinal(wrapped);
      // step 3: TEMP2 = TEMP3 with its octets in reverse order
      reverse(temp3);
      // steps 4 and 5: IV = first 8 octets of TEMP2, TEMP1 = the rest; WKCKS = decrypt(KEK, IV,
      // TEMP1)
      c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(temp3, 0, BLOCK));
      wkcks = c.doFinal(temp3, BLOCK, temp3.length - BLOCK);
      // steps 6 and 7: WK = all but the last 8 octets, CKS = the last 8, which must be the
      // first 8 octets of SHA-1(WK) (RFC 3217 section 2, the CMS key checksum)
      int n = wkcks.length - BLOCK;
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(wkcks, 0, n);
      byte[] digest = sha1.digest();
      boolean ok =
          MessageDigest.isEqual(
              Arrays.copyOf(digest, BLOCK), Arrays.copyOfRange(wkcks, n, wkcks.length));
      Arrays.fill(digest, (byte) 0);
      if (!ok) {
        throw new DecryptionFailedException();
      }
      return Arrays.copyOf(wkcks, n); // step 8
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new DecryptionFailedException();
    } finally {
      zero(temp3);
      zero(wkcks);
    }
  }

  private static void reverse(byte[] b) {
    for (int i = 0, j = b.length - 1; i < j; i++, j--) {
      byte t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
  }

  private static void zero(byte[] b) {
    if (b != null) {
      Arrays.fill(b, (byte) 0);
    }
  }
}
