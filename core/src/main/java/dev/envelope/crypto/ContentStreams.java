package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.RC2ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Content encryption and decryption a piece at a time, in constant memory: CBC and RC4 through the
 * JCA cipher (which holds back only the last block), GCM and ChaCha20-Poly1305 sealing through the
 * JCA cipher, GCM opening through {@link GcmDecryptor} and ChaCha20-Poly1305 opening through {@link
 * ChaChaPolyDecryptor} (the JCA ones would hold the whole message), AES-CCM both ways through
 * {@link Ccm} (the JDK has none), which needs the content length (and, opening, the AAD) up front.
 */
public final class ContentStreams {
  private ContentStreams() {}

  /** Encrypts a piece at a time; {@link #finish} gives the rest and, for AEAD, the tag. */
  public interface Encryptor {
    /**
     * Encrypts {@code len} bytes into {@code out} at {@code outOff} (room: len + 16); returns the
     * bytes written.
     */
    int update(byte[] in, int off, int len, byte[] out, int outOff) throws GeneralSecurityException;

    /** The last ciphertext bytes (CBC padding block; nothing for GCM). */
    byte[] finish() throws GeneralSecurityException;

    /** The tag after {@link #finish} (AEAD), else null. */
    byte[] tag();
  }

  /**
   * Decrypts a piece at a time. Output is unverified until {@link #finish} returns: a bad tag or
   * bad padding fails there.
   */
  public interface Decryptor {
    /**
     * Decrypts {@code len} bytes; returns the bytes written to {@code out} from {@code outOff}
     * (room: len + 16).
     */
    int update(byte[] in, int off, int len, byte[] out, int outOff)
        throws DecryptionFailedException;

    /**
     * Checks and returns the last plaintext bytes.
     *
     * @param tag the message's tag (AEAD) or null
     * @param aad additional authenticated data (AEAD), may be empty
     */
    byte[] finish(byte[] tag, byte[] aad) throws DecryptionFailedException;

    /**
     * The content key's length when the parameters did not say it ({@link
     * ContentSpec#ANY_KEY_LENGTH}, RC4 without a salt), else -1.
     */
    default int keyBytes() {
      return -1;
    }

    /**
     * Does one piece of work that another thread may do while this decryptor's owner decrypts, if
     * one is waiting (for AES-GCM: hashing a range of the keystream); never throws (a failure shows
     * at {@link #finish}). May be called from any thread, at any time.
     *
     * @return whether there was one
     */
    default boolean help() {
      return false;
    }
  }

  /** An encryptor for a fresh spec (a new random IV) and key, for content of unknown length. */
  public static Encryptor encryptor(ContentSpec spec, byte[] cek) throws GeneralSecurityException {
    return encryptor(spec, cek, -1);
  }

  /**
   * An encryptor for a fresh spec (a new random IV) and key.
   *
   * @param contentLength the exact plaintext length, or -1 when unknown
   * @throws UnsupportedAlgorithmException for AES-CCM without a length (its first MAC block holds
   *     it) or with more content than its nonce allows
   */
  public static Encryptor encryptor(ContentSpec spec, byte[] cek, long contentLength)
      throws GeneralSecurityException {
    Algorithm alg = spec.algorithm();
    if (spec.isCcm()) {
      return ccmEncryptor(spec, cek, contentLength);
    }
    if (alg == Algorithm.CHACHA20_POLY1305) {
      return chaChaEncryptor(spec, cek);
    }
    if (alg.isAead()) {
      LongGcm gcm = new LongGcm(cek, spec.iv().toByteArray());
      int tagBytes = spec.tagBytes();
      return new Encryptor() {
        private byte[] tag;

        @Override
        public int update(byte[] in, int off, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
          return gcm.update(in, off, len, out, outOff);
        }

        @Override
        public byte[] finish() throws GeneralSecurityException {
          byte[] last = new byte[32];
          int n = gcm.finish(last, 0);
          tag = Arrays.copyOf(gcm.tag(new byte[0]), tagBytes);
          return Arrays.copyOf(last, n);
        }

        @Override
        public byte[] tag() {
          return tag == null ? null : tag.clone();
        }
      };
    }
    Cipher c = Cipher.getInstance(alg.jcaName());
    init(c, Cipher.ENCRYPT_MODE, spec, cek);
    return new Encryptor() {
      @Override
      public int update(byte[] in, int off, int len, byte[] out, int outOff)
          throws GeneralSecurityException {
        return Pieces.update(c, in, off, len, out, outOff);
      }

      @Override
      public byte[] finish() throws GeneralSecurityException {
        return c.doFinal();
      }

      @Override
      public byte[] tag() {
        return null;
      }
    };
  }

  /**
   * A decryptor; any failure to set it up is a decryption failure (the key may be a substitute).
   * Not for AES-CCM ({@link ContentSpec#isCcm}), which needs the length and AAD first.
   */
  public static Decryptor decryptor(ContentSpec spec, byte[] cek) throws DecryptionFailedException {
    if (spec.isCcm()) {
      throw new IllegalStateException("AES-CCM needs the content length and AAD first");
    }
    return decryptor(spec, cek, -1, new byte[0]);
  }

  /**
   * A decryptor for content whose ciphertext length and additional authenticated data are known
   * before the first byte, as AES-CCM needs them (the others ignore both here and take the AAD at
   * {@link Decryptor#finish}); any failure to set it up is a decryption failure.
   *
   * @param ciphertextLength the encrypted content's exact length (the tag apart); -1 when unknown
   *     (not for CCM)
   * @param aad the additional authenticated data: the same bytes must be given to finish
   */
  public static Decryptor decryptor(ContentSpec spec, byte[] cek, long ciphertextLength, byte[] aad)
      throws DecryptionFailedException {
    Algorithm alg = spec.algorithm();
    try {
      if (spec.isCcm()) {
        if (cek.length != spec.keyBytes()) {
          throw new DecryptionFailedException();
        }
        Ccm ccm =
            Ccm.decrypting(
                cek, spec.iv().toByteArray(), spec.tagBytes(), ciphertextLength, aad.clone());
        byte[] expectedAad = aad.clone();
        return new Decryptor() {
          @Override
          public int update(byte[] in, int off, int len, byte[] out, int outOff)
              throws DecryptionFailedException {
            try {
              return ccm.update(in, off, len, out, outOff);
            } catch (DecryptionFailedException e) {
              throw e;
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES failed mid-stream", e);
            }
          }

          @Override
          public byte[] finish(byte[] tag, byte[] finalAad) throws DecryptionFailedException {
            if (!Arrays.equals(expectedAad, finalAad)) {
              throw new IllegalStateException("AES-CCM was set up with other AAD");
            }
            ccm.verify(tag);
            return new byte[0];
          }
        };
      }
      if (alg == Algorithm.CHACHA20_POLY1305) {
        ChaChaPolyDecryptor chacha = new ChaChaPolyDecryptor(cek, spec.iv().toByteArray());
        return new Decryptor() {
          @Override
          public int update(byte[] in, int off, int len, byte[] out, int outOff)
              throws DecryptionFailedException {
            return chacha.update(in, off, len, out, outOff);
          }

          @Override
          public byte[] finish(byte[] tag, byte[] aad) throws DecryptionFailedException {
            chacha.verify(tag, aad);
            return new byte[0];
          }
        };
      }
      if (alg.isAead()) {
        GcmDecryptor gcm = new GcmDecryptor(cek, spec.iv().toByteArray(), spec.tagBytes());
        return new Decryptor() {
          @Override
          public int update(byte[] in, int off, int len, byte[] out, int outOff)
              throws DecryptionFailedException {
            return gcm.update(in, off, len, out, outOff);
          }

          @Override
          public byte[] finish(byte[] tag, byte[] aad) throws DecryptionFailedException {
            return gcm.finish(tag, aad);
          }

          @Override
          public boolean help() {
            return gcm.help();
          }
        };
      }
      if (spec.keyBytes() == ContentSpec.ANY_KEY_LENGTH
          ? cek.length < ContentSpec.MIN_VARIABLE_KEY_BYTES
              || cek.length > ContentSpec.MAX_VARIABLE_KEY_BYTES
          : cek.length != spec.keyBytes()) {
        throw new DecryptionFailedException();
      }
      Cipher c = Cipher.getInstance(alg.jcaName());
      init(c, Cipher.DECRYPT_MODE, spec, cek);
      int blockBytes = alg.ivBytes(); // 0 for RC4, a stream cipher: no padding to check
      int keyBytes = spec.keyBytes() == ContentSpec.ANY_KEY_LENGTH ? cek.length : -1;
      return new Decryptor() {
        private long total;

        @Override
        public int keyBytes() {
          return keyBytes;
        }

        @Override
        public int update(byte[] in, int off, int len, byte[] out, int outOff)
            throws DecryptionFailedException {
          total += len;
          try {
            return Pieces.update(c, in, off, len, out, outOff);
          } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException();
          }
        }

        @Override
        public byte[] finish(byte[] tag, byte[] aad) throws DecryptionFailedException {
          // CBC with PKCS #7 padding always yields at least one whole block; with none (absent
          // or empty content) the JDK would return nothing and no padding would be checked
          if (blockBytes > 0 && (total == 0 || total % blockBytes != 0)) {
            throw new DecryptionFailedException();
          }
          try {
            return c.doFinal();
          } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException();
          }
        }
      };
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new DecryptionFailedException();
    }
  }

  /**
   * Initialises a JDK cipher: RC2 with its effective key bits, RC4 with the key followed by
   * CryptoAPI's salt (when there is one) and no IV, the CBC ciphers with their IV.
   */
  private static void init(Cipher c, int mode, ContentSpec spec, byte[] cek)
      throws GeneralSecurityException {
    Algorithm alg = spec.algorithm();
    switch (alg) {
      case RC2_CBC ->
          c.init(
              mode,
              new SecretKeySpec(cek, alg.jcaKeyAlgorithm()),
              new RC2ParameterSpec(spec.effectiveBits(), spec.iv().toByteArray()));
      case RC4 -> {
        byte[] salt = spec.salt().toByteArray();
        byte[] key = Arrays.copyOf(cek, cek.length + salt.length);
        System.arraycopy(salt, 0, key, cek.length, salt.length);
        try {
          c.init(mode, new SecretKeySpec(key, alg.jcaKeyAlgorithm()));
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
      default ->
          c.init(
              mode,
              new SecretKeySpec(cek, alg.jcaKeyAlgorithm()),
              new IvParameterSpec(spec.iv().toByteArray()));
    }
  }

  /**
   * AES-CCM sealing ({@link Ccm}); the AAD is empty: the sealer writes no authAttrs. CCM cannot
   * stream content of unknown length (B0, the first MAC block, holds it, RFC 3610 2.2), so that is
   * refused rather than the plaintext kept aside.
   */
  private static Encryptor ccmEncryptor(ContentSpec spec, byte[] cek, long contentLength)
      throws GeneralSecurityException {
    Algorithm alg = spec.algorithm();
    byte[] nonce = spec.iv().toByteArray();
    if (contentLength < 0) {
      throw new UnsupportedAlgorithmException(
          alg.cliName() + " needs the content length: seal from a file, or use AES-GCM");
    }
    if (contentLength > Ccm.maxLength(nonce.length)) {
      throw new UnsupportedAlgorithmException(
          alg.cliName()
              + " with a "
              + nonce.length
              + "-byte nonce carries at most "
              + Ccm.maxLength(nonce.length)
              + " bytes");
    }
    Ccm ccm = Ccm.encrypting(cek, nonce, spec.tagBytes(), contentLength, new byte[0]);
    return new Encryptor() {
      private byte[] tag;

      @Override
      public int update(byte[] in, int off, int len, byte[] out, int outOff)
          throws GeneralSecurityException {
        return ccm.update(in, off, len, out, outOff);
      }

      @Override
      public byte[] finish() throws GeneralSecurityException {
        tag = ccm.finish();
        return new byte[0];
      }

      @Override
      public byte[] tag() {
        return tag == null ? null : tag.clone();
      }
    };
  }

  /**
   * ChaCha20-Poly1305 sealing through the JDK's AEAD cipher, which in encrypt mode gives its output
   * as it goes (only decryption holds everything back); the tag is the last 16 bytes of doFinal.
   * The AAD is empty: the sealer writes no authAttrs.
   */
  private static Encryptor chaChaEncryptor(ContentSpec spec, byte[] cek)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(Algorithm.CHACHA20_POLY1305.jcaName());
    c.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(cek, Algorithm.CHACHA20_POLY1305.jcaKeyAlgorithm()),
        new IvParameterSpec(spec.iv().toByteArray()));
    return new Encryptor() {
      private byte[] tag;

      @Override
      public int update(byte[] in, int off, int len, byte[] out, int outOff)
          throws GeneralSecurityException {
        return Pieces.update(c, in, off, len, out, outOff);
      }

      @Override
      public byte[] finish() throws GeneralSecurityException {
        byte[] last = c.doFinal();
        int n = last.length - Poly1305.TAG_BYTES;
        tag = Arrays.copyOfRange(last, n, last.length);
        return Arrays.copyOf(last, n);
      }

      @Override
      public byte[] tag() {
        return tag == null ? null : tag.clone();
      }
    };
  }
}
