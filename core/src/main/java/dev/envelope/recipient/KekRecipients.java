package dev.envelope.recipient;

import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.KeyWraps;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** KEK recipients (RFC 5652 6.2.3): the content key wrapped with a shared AES key. */
public final class KekRecipients {
  private KekRecipients() {}

  /** The entry wrapping {@code cek} with {@code kek} (AES key wrap of the KEK's size). */
  public static KekRecipientInfo seal(byte[] keyIdentifier, byte[] kek, byte[] cek)
      throws GeneralSecurityException {
    Algorithm wrap =
        switch (kek.length) {
          case 16 -> Algorithm.AES_128_WRAP;
          case 24 -> Algorithm.AES_192_WRAP;
          case 32 -> Algorithm.AES_256_WRAP;
          default ->
              throw new IllegalArgumentException("a KEK is an AES key of 16, 24 or 32 bytes");
        };
    wrap = KeyWraps.fitting(wrap, cek.length);
    byte[] ek = KeyWraps.wrap(wrap, kek, cek);
    // RFC 3565 2.3.2: the AES key wrap identifiers have absent parameters
    return new KekRecipientInfo(
        Bytes.of(keyIdentifier), null, AlgorithmIdentifier.absent(wrap.oid()), Bytes.of(ek));
  }

  /** The wrap of an entry, checked before any key is used: AES (RFC 3394, 5649) or 3DES (3217). */
  public static Algorithm wrapOf(KekRecipientInfo kekri)
      throws MalformedMessageException, UnsupportedAlgorithmException {
    AlgorithmIdentifier alg = kekri.keyEncryptionAlgorithm();
    Algorithm wrap =
        Algorithm.byOid(alg.algorithm())
            .filter(a -> a.kind() == Algorithm.Kind.KEY_WRAP && a != Algorithm.PWRI_KEK)
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "unsupported KEK key wrap " + alg.algorithm()));
    // RFC 3565 2.3.2 (AES: absent), RFC 5649 (absent), RFC 3370 4.3.1 (3DES wrap: NULL);
    // peers write either, both are accepted
    if (!alg.parametersAbsentOrNull()) {
      throw new MalformedMessageException(
          "malformed keyEncryptionAlgorithm: " + wrap.cliName() + " takes no parameters");
    }
    return wrap;
  }

  /**
   * The content key from {@code kekri}.
   *
   * @throws dev.envelope.error.DecryptionFailedException when the unwrap fails
   */
  public static byte[] unwrap(KekRecipientInfo kekri, byte[] kek, int cekLength)
      throws EnvelopeException {
    Algorithm wrap = wrapOf(kekri);
    byte[] key = KeyWraps.unwrap(wrap, kek, kekri.encryptedKey().toByteArray());
    if (!ContentSpec.keyLengthFits(cekLength, key.length)) {
      Arrays.fill(key, (byte) 0);
      throw new DecryptionFailedException();
    }
    return key;
  }
}
