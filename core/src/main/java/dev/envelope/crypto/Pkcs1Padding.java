package dev.envelope.crypto;

/**
 * EME-PKCS1-v1_5 decoding (RFC 8017 7.2.2) without branches on secret data: the block must be
 * {@code 00 02 PS 00 M} with at least 8 non-zero padding octets and M of exactly the expected
 * length; the result is M when all holds and the substitute otherwise, chosen with a mask.
 */
final class Pkcs1Padding {
  private Pkcs1Padding() {}

  static byte[] select(byte[] em, int expectedLength, byte[] substitute) {
    return select(em, expectedLength, expectedLength, substitute);
  }

  /**
   * As {@link #select(byte[], int, byte[])} for a key of any length from {@code min} to {@code max}
   * (RC4 without a salt, whose parameters do not say it); the substitute has {@code max} bytes. The
   * result's length is the only thing that depends on the key, and only once the padding is right.
   */
  static byte[] select(byte[] em, int min, int max, byte[] substitute) {
    int k = em.length;
    // good is all ones (-1) while every check holds, 0 once one fails
    int good = CtOps.isZero(em[0] & 0xFF) & CtOps.equal(em[1] & 0xFF, 2);
    int zeroIndex = 0; // index of the first 00 after the padding, 0 while not found
    int looking = -1;
    for (int i = 2; i < k; i++) {
      int isZero = CtOps.isZero(em[i] & 0xFF);
      zeroIndex = CtOps.select(looking & isZero, i, zeroIndex);
      looking &= ~isZero;
    }
    good &= ~looking; // a separator exists
    good &= CtOps.lessOrEqual(10, zeroIndex); // 00 02 + at least 8 octets of padding
    int length = k - zeroIndex - 1;
    good &= CtOps.lessOrEqual(min, length) & CtOps.lessOrEqual(length, max);
    return CtOps.chooseLength(good, em, length, substitute);
  }
}
