package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Content encryption and decryption a piece at a time, in constant memory: CBC through the JCA
 * cipher (which holds back only the last block), GCM sealing through the JCA cipher, and GCM
 * opening through {@link GcmDecryptor} (the JCA one would hold the whole message).
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
    /** Decrypts {@code len} bytes; returns the bytes written to {@code out} (room: len + 16). */
    int update(byte[] in, int off, int len, byte[] out) throws DecryptionFailedException;

    /**
     * Checks and returns the last plaintext bytes.
     *
     * @param tag the message's tag (AEAD) or null
     * @param aad additional authenticated data (AEAD), may be empty
     */
    byte[] finish(byte[] tag, byte[] aad) throws DecryptionFailedException;
  }

  /** An encryptor for a fresh spec (a new random IV) and key. */
  public static Encryptor encryptor(ContentSpec spec, byte[] cek) throws GeneralSecurityException {
    Algorithm alg = spec.algorithm();
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
    c.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(cek, alg.jcaKeyAlgorithm()),
        new IvParameterSpec(spec.iv().toByteArray()));
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
   */
  public static Decryptor decryptor(ContentSpec spec, byte[] cek) throws DecryptionFailedException {
    Algorithm alg = spec.algorithm();
    try {
      if (alg.isAead()) {
        GcmDecryptor gcm = new GcmDecryptor(cek, spec.iv().toByteArray(), spec.tagBytes());
        return new Decryptor() {
          @Override
          public int update(byte[] in, int off, int len, byte[] out)
              throws DecryptionFailedException {
            return gcm.update(in, off, len, out, 0);
          }

          @Override
          public byte[] finish(byte[] tag, byte[] aad) throws DecryptionFailedException {
            gcm.verify(tag, aad);
            return new byte[0];
          }
        };
      }
      Cipher c = Cipher.getInstance(alg.jcaName());
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(cek, alg.jcaKeyAlgorithm()),
          new IvParameterSpec(spec.iv().toByteArray()));
      int blockBytes = alg.ivBytes();
      return new Decryptor() {
        private long total;

        @Override
        public int update(byte[] in, int off, int len, byte[] out)
            throws DecryptionFailedException {
          total += len;
          try {
            return Pieces.update(c, in, off, len, out, 0);
          } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException();
          }
        }

        @Override
        public byte[] finish(byte[] tag, byte[] aad) throws DecryptionFailedException {
          // CBC with PKCS #7 padding always yields at least one whole block; with none (absent
          // or empty content) the JDK would return nothing and no padding would be checked
          if (total == 0 || total % blockBytes != 0) {
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
}
