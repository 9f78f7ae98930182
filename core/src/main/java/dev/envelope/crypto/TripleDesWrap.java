package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;

/** RFC 3217's Triple-DES key wrap, for opening old messages only. */
final class TripleDesWrap {
  private TripleDesWrap() {}

  static byte[] unwrap(byte[] kek, byte[] wrapped) throws DecryptionFailedException {
    throw new DecryptionFailedException(); // TODO(helper): RFC 3217 section 3.2
  }
}
