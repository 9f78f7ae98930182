package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CCM (RFC 3610; NIST SP 800-38C; in CMS per RFC 5084 3.1) built from the JDK's AES, which has
 * no CCM: AES-CTR for the data and AES-CBC with a zero IV as the CBC-MAC, in constant memory.
 *
 * <p>CCM's first MAC block B0 holds the payload length (SP 800-38C A.2.1), and the MAC runs over
 * the additional authenticated data before the payload (A.2.2), so both must be known before the
 * first byte: {@link #encrypting} and {@link #decrypting} take them up front. In AuthEnvelopedData
 * the authAttrs (the AAD, RFC 5083 2.1) follow the content, so an opener that does not know them
 * and the content length at the start must first see the whole message (see {@code
 * DecryptingInputStream}).
 *
 * <p>Formatting (SP 800-38C A.2, RFC 3610 2.2 and 2.3), with n the nonce length and q = 15 - n the
 * length field's size:
 *
 * <ul>
 *   <li>B0 = flags || nonce || payload length in q bytes, flags = 64·[AAD present] + 8·(t-2)/2 +
 *       (q-1);
 *   <li>the AAD, when present, prefixed by its length (2 bytes below 2^16 - 2^8, else FF FE and 4
 *       bytes, else FF FF and 8 bytes), zero-padded to a whole block, then the payload,
 *       zero-padded;
 *   <li>counter block i = (q-1) || nonce || i in q bytes; block 0 masks the tag, blocks from 1
 *       encrypt the payload.
 * </ul>
 *
 * <p>The payload is at most 2^(8q) - 1 bytes ({@link #maxLength}): 16 MiB with RFC 5084's common
 * 12-byte nonce, 64 KiB with a 13-byte one; the counter never wraps within that bound, so the JDK's
 * CTR (which counts over all 16 bytes) gives exactly CCM's counter blocks.
 *
 * <p>Decrypted plaintext comes out before the tag is checked: callers must not release it as
 * verified until {@link #verify} returned.
 */
public final class Ccm {
  /** Nonce lengths CCM defines (q from 2 to 8; RFC 5084 {@code SIZE(7..13)}). */
  public static final int MIN_NONCE_BYTES = 7;

  public static final int MAX_NONCE_BYTES = 13;

  private static final int BLOCK = 16;

  private final boolean encrypting;
  private final Cipher ctr;
  private final Cipher mac;
  private final byte[] s0;
  private final int tagBytes;
  private final long length;
  private final byte[] partial = new byte[BLOCK];
  private final byte[] state = new byte[BLOCK];
  private int partialLen;
  private byte[] scratch = new byte[0];
  private long done;
  private byte[] tag;

  private Ccm(boolean encrypting, byte[] key, byte[] nonce, int tagBytes, long length, byte[] aad)
      throws GeneralSecurityException {
    if (nonce.length < MIN_NONCE_BYTES || nonce.length > MAX_NONCE_BYTES) {
      throw new IllegalArgumentException("CCM nonce of " + nonce.length + " bytes (7 to 13)");
    }
    if (!validTagLength(tagBytes)) {
      throw new IllegalArgumentException("CCM tag of " + tagBytes + " bytes (4, 6, ..., 16)");
    }
    if (length < 0 || length > maxLength(nonce.length)) {
      throw new IllegalArgumentException(
          "CCM with a " + nonce.length + "-byte nonce cannot carry " + length + " bytes");
    }
    this.encrypting = encrypting;
    this.tagBytes = tagBytes;
    this.length = length;
    int q = 15 - nonce.length;
    SecretKeySpec k = new SecretKeySpec(key, "AES");

    // counter block 0 (masks the tag) and 1 (the first of the payload)
    byte[] counter = new byte[BLOCK];
    counter[0] = (byte) (q - 1);
    System.arraycopy(nonce, 0, counter, 1, nonce.length);
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, k);
    s0 = ecb.doFinal(counter);
    counter[BLOCK - 1] = 1;
    ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(counter));

    // the CBC-MAC: CBC encryption from a zero IV, whose last output block is the MAC state
    mac = Cipher.getInstance("AES/CBC/NoPadding");
    mac.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(new byte[BLOCK]));
    byte[] b0 = new byte[BLOCK];
    b0[0] = (byte) ((aad.length > 0 ? 0x40 : 0) | ((tagBytes - 2) / 2) << 3 | (q - 1));
    System.arraycopy(nonce, 0, b0, 1, nonce.length);
    putBigEndian(b0, 1 + nonce.length, q, length);
    macUpdate(b0, 0, BLOCK);
    if (aad.length > 0) {
      byte[] prefix;
      if (aad.length < (1 << 16) - (1 << 8)) {
        prefix = new byte[2];
        putBigEndian(prefix, 0, 2, aad.length);
      } else {
        prefix = new byte[6]; // below 2^32 always: a Java array is shorter
        prefix[0] = (byte) 0xFF;
        prefix[1] = (byte) 0xFE;
        putBigEndian(prefix, 2, 4, aad.length);
      }
      macUpdate(prefix, 0, prefix.length);
      macUpdate(aad, 0, aad.length);
      macPad();
    }
  }

  /**
   * An encryptor of exactly {@code length} bytes.
   *
   * @param nonce 7 to 13 bytes
   * @param tagBytes 4, 6, 8, 10, 12, 14 or 16
   * @param aad the additional authenticated data (may be empty)
   * @throws IllegalArgumentException for sizes CCM does not define, or a length too large for the
   *     nonce
   */
  public static Ccm encrypting(byte[] key, byte[] nonce, int tagBytes, long length, byte[] aad)
      throws GeneralSecurityException {
    return new Ccm(true, key, nonce, tagBytes, length, aad);
  }

  /** A decryptor of exactly {@code length} bytes of ciphertext (the tag apart); as above. */
  public static Ccm decrypting(byte[] key, byte[] nonce, int tagBytes, long length, byte[] aad)
      throws GeneralSecurityException {
    return new Ccm(false, key, nonce, tagBytes, length, aad);
  }

  /** Whether CCM defines a tag (authentication field) of this many bytes (RFC 3610 2). */
  public static boolean validTagLength(int tagBytes) {
    return tagBytes >= 4 && tagBytes <= 16 && tagBytes % 2 == 0;
  }

  /** The longest payload a nonce of {@code nonceBytes} allows: 2^(8(15 - n)) - 1 bytes. */
  public static long maxLength(int nonceBytes) {
    int q = 15 - nonceBytes;
    return q >= 8 ? Long.MAX_VALUE : (1L << (8 * q)) - 1;
  }

  /**
   * Encrypts or decrypts {@code len} bytes into {@code out} at {@code outOff} (room for {@code len}
   * bytes; {@code in} and {@code out} may be the same array at the same offset) and returns {@code
   * len}.
   *
   * @throws DecryptionFailedException decrypting, past the length given at the start
   * @throws GeneralSecurityException encrypting, past the length given at the start
   */
  public int update(byte[] in, int off, int len, byte[] out, int outOff)
      throws GeneralSecurityException {
    if (len > length - done) {
      if (encrypting) {
        throw new GeneralSecurityException("more content than the " + length + " bytes announced");
      }
      throw new DecryptionFailedException();
    }
    done += len;
    if (encrypting) {
      macUpdate(in, off, len); // the MAC covers the plaintext: absorb it before it is overwritten
    }
    int n = Pieces.update(ctr, in, off, len, out, outOff);
    if (n != len) {
      throw new IllegalStateException("CTR returned " + n + " of " + len);
    }
    if (!encrypting) {
      macUpdate(out, outOff, len);
    }
    return len;
  }

  /**
   * Ends encryption and returns the tag ({@code tagBytes} bytes).
   *
   * @throws GeneralSecurityException when fewer bytes than announced went through
   */
  public byte[] finish() throws GeneralSecurityException {
    if (!encrypting) {
      throw new IllegalStateException("a decrypting CCM is finished by verify");
    }
    if (tag == null) {
      if (done != length) {
        throw new GeneralSecurityException(
            "content of " + done + " bytes, " + length + " were announced");
      }
      tag = computeTag();
    }
    return tag.clone();
  }

  /**
   * Checks the message's tag once all ciphertext went through {@link #update} (constant-time
   * comparison).
   *
   * @throws DecryptionFailedException when the tag does not match, or the content was shorter than
   *     announced
   */
  public void verify(byte[] expected) throws DecryptionFailedException {
    if (encrypting) {
      throw new IllegalStateException("an encrypting CCM is finished by finish");
    }
    byte[] computed;
    try {
      computed = computeTag();
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException();
    }
    boolean ok = done == length && expected != null && MessageDigest.isEqual(computed, expected);
    Arrays.fill(computed, (byte) 0);
    if (!ok) {
      throw new DecryptionFailedException();
    }
  }

  private byte[] computeTag() throws GeneralSecurityException {
    macPad();
    byte[] t = new byte[tagBytes];
    for (int i = 0; i < tagBytes; i++) {
      t[i] = (byte) (state[i] ^ s0[i]);
    }
    Arrays.fill(state, (byte) 0);
    Arrays.fill(s0, (byte) 0);
    Arrays.fill(partial, (byte) 0);
    return t;
  }

  /** Feeds the CBC-MAC; whole blocks go to the cipher, the rest waits in {@link #partial}. */
  private void macUpdate(byte[] in, int off, int len) throws GeneralSecurityException {
    if (partialLen > 0) {
      int n = Math.min(len, BLOCK - partialLen);
      System.arraycopy(in, off, partial, partialLen, n);
      partialLen += n;
      off += n;
      len -= n;
      if (partialLen < BLOCK) {
        return;
      }
      macBlocks(partial, 0, BLOCK);
      partialLen = 0;
    }
    int whole = len & ~(BLOCK - 1);
    if (whole > 0) {
      macBlocks(in, off, whole);
    }
    int rest = len - whole;
    System.arraycopy(in, off + whole, partial, 0, rest);
    partialLen = rest;
  }

  /** Completes a partial block with zeros (SP 800-38C A.2.2, A.2.3). */
  private void macPad() throws GeneralSecurityException {
    if (partialLen > 0) {
      Arrays.fill(partial, partialLen, BLOCK, (byte) 0);
      macBlocks(partial, 0, BLOCK);
      partialLen = 0;
    }
  }

  private void macBlocks(byte[] in, int off, int len) throws GeneralSecurityException {
    if (scratch.length < len) {
      scratch = new byte[Math.max(len, 4096)];
    }
    int n = Pieces.update(mac, in, off, len, scratch, 0);
    System.arraycopy(scratch, n - BLOCK, state, 0, BLOCK);
  }

  private static void putBigEndian(byte[] b, int off, int bytes, long v) {
    for (int i = bytes - 1; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
