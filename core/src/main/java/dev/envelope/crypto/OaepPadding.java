package dev.envelope.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * EME-OAEP decoding (RFC 8017 7.1.2 step 3) without branches on secret data, so that labels, MGF1
 * hashes and keys whose provider has no OAEP (tokens with raw RSA only) all go one way. On any
 * failure the substitute is chosen, as for PKCS #1 v1.5.
 */
final class OaepPadding {
  private OaepPadding() {}

  static byte[] select(byte[] em, OaepParams params, int expectedLength, byte[] substitute) {
    return select(em, params, expectedLength, expectedLength, substitute);
  }

  /** As above for a key of {@code min} to {@code max} bytes; see {@link Pkcs1Padding}. */
  static byte[] select(byte[] em, OaepParams params, int min, int max, byte[] substitute) {
    MessageDigest hash = digest(params.hash());
    MessageDigest mgfHash = digest(params.mgfHash());
    int k = em.length;
    int hLen = hash.getDigestLength();
    if (k < 2 * hLen + 2) {
      return substitute.clone(); // public: the key is too small for this hash
    }
    byte[] lHash = hash.digest(params.label().toByteArray());
    byte[] seed = Arrays.copyOfRange(em, 1, 1 + hLen);
    byte[] db = Arrays.copyOfRange(em, 1 + hLen, k);
    xorInto(seed, mgf1(mgfHash, db, hLen));
    xorInto(db, mgf1(mgfHash, seed, db.length));
    int good = CtOps.isZero(em[0] & 0xFF);
    int diff = 0;
    for (int i = 0; i < hLen; i++) {
      diff |= (db[i] ^ lHash[i]) & 0xFF;
    }
    good &= CtOps.isZero(diff);
    // after lHash: zero or more 00, then 01, then M
    int oneIndex = 0;
    int looking = -1;
    int badByte = 0;
    for (int i = hLen; i < db.length; i++) {
      int b = db[i] & 0xFF;
      int isOne = CtOps.equal(b, 1);
      int isZero = CtOps.isZero(b);
      oneIndex = CtOps.select(looking & isOne, i, oneIndex);
      badByte |= looking & ~isOne & ~isZero;
      looking &= ~isOne;
    }
    good &= ~looking & ~badByte;
    int length = db.length - oneIndex - 1;
    good &= CtOps.lessOrEqual(min, length) & CtOps.lessOrEqual(length, max);
    byte[] out = CtOps.chooseLength(good, db, length, substitute);
    Arrays.fill(seed, (byte) 0);
    Arrays.fill(db, (byte) 0);
    return out;
  }

  private static MessageDigest digest(Algorithm a) {
    try {
      return MessageDigest.getInstance(a.jcaName());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(a.jcaName() + " is required of every JDK", e);
    }
  }

  private static void xorInto(byte[] target, byte[] mask) {
    for (int i = 0; i < target.length; i++) {
      target[i] ^= mask[i];
    }
  }

  /** MGF1 (RFC 8017 B.2.1). */
  static byte[] mgf1(MessageDigest h, byte[] seed, int length) {
    byte[] out = new byte[length];
    byte[] counter = new byte[4];
    int done = 0;
    for (int c = 0; done < length; c++) {
      counter[0] = (byte) (c >>> 24);
      counter[1] = (byte) (c >>> 16);
      counter[2] = (byte) (c >>> 8);
      counter[3] = (byte) c;
      h.update(seed);
      h.update(counter);
      byte[] block = h.digest();
      int n = Math.min(block.length, length - done);
      System.arraycopy(block, 0, out, done, n);
      done += n;
    }
    return out;
  }
}
