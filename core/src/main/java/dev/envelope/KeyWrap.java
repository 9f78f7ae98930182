package dev.envelope;

import dev.envelope.crypto.Algorithm;

/** The AES key wrap (RFC 3394) that protects the content key for a recipient. */
public enum KeyWrap {
  AES_128(Algorithm.AES_128_WRAP),
  AES_192(Algorithm.AES_192_WRAP),
  AES_256(Algorithm.AES_256_WRAP);

  private final Algorithm algorithm;

  KeyWrap(Algorithm algorithm) {
    this.algorithm = algorithm;
  }

  /** The key-wrap row. */
  Algorithm algorithm() {
    return algorithm;
  }

  /** The key-encryption key length in bytes. */
  public int keyBytes() {
    return algorithm.keyBytes();
  }
}
