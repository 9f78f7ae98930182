package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The segment folding of {@link LongGcm} and {@link GcmDecryptor} (which lift SunJCE's 2 GiB limit
 * per GCM operation) checked against the JDK's GCM on messages it can do in one go: with segments
 * as small as one block, ciphertext and tag must be byte-identical, late AAD included, for random
 * lengths and random chunking. The real 1 GiB segment is crossed by ConstantMemoryTest (4 GiB).
 */
class LongGcmTest {

  @ParameterizedTest(name = "segments of {0} bytes")
  @ValueSource(longs = {16, 32, 48, 4096, LongGcm.SEGMENT})
  void sealsAndOpensExactlyAsTheJdkInSegments(long segment) throws Exception {
    Random r = new Random(segment);
    List<String> failures = new ArrayList<>();
    for (int t = 0; t < 300; t++) {
      byte[] key = new byte[r.nextBoolean() ? 16 : 32];
      byte[] nonce = new byte[12];
      byte[] aad = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(70)];
      byte[] plain = new byte[r.nextInt(3000)];
      r.nextBytes(key);
      r.nextBytes(nonce);
      r.nextBytes(aad);
      r.nextBytes(plain);
      Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
      jdk.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      jdk.updateAAD(aad);
      byte[] expected = jdk.doFinal(plain);
      byte[] expectedTag = Arrays.copyOfRange(expected, plain.length, expected.length);

      LongGcm gcm = new LongGcm(key, nonce, segment);
      byte[] out = new byte[plain.length + 64];
      int n = 0;
      for (int off = 0; off < plain.length; ) {
        int k = Math.min(plain.length - off, 1 + r.nextInt(200));
        n += gcm.update(plain, off, k, out, n);
        off += k;
      }
      n += gcm.finish(out, n);
      byte[] tag = gcm.tag(aad);
      if (n != plain.length
          || !Arrays.equals(Arrays.copyOf(out, n), Arrays.copyOf(expected, plain.length))
          || !Arrays.equals(tag, expectedTag)) {
        failures.add("case " + t + " (" + plain.length + " bytes, aad " + aad.length + "): seal");
      }

      GcmDecryptor d = new GcmDecryptor(key, nonce, 16, segment, t % 2 == 0);
      byte[] back = new byte[plain.length];
      for (int off = 0; off < plain.length; ) {
        int k = Math.min(plain.length - off, 1 + r.nextInt(200));
        d.update(expected, off, k, back, off);
        off += k;
      }
      try {
        d.verify(expectedTag, aad);
      } catch (Exception e) {
        failures.add("case " + t + ": open refused a good tag");
      }
      if (!Arrays.equals(back, plain)) {
        failures.add("case " + t + ": open gave other plaintext");
      }
    }
    assertThat(failures).isEmpty();
  }

  /**
   * Past {@link GcmDecryptor#PIPELINE_AFTER} the tag is computed on another thread, in batches: the
   * result must be the JDK's, and a flipped byte anywhere (before, at and after the switch, in a
   * partly filled last batch) must fail.
   */
  @Test
  void pipelinedTaggingAgreesWithTheJdkAndCatchesFlips() throws Exception {
    Random r = new Random(20261203);
    byte[] key = new byte[32];
    byte[] nonce = new byte[12];
    r.nextBytes(key);
    r.nextBytes(nonce);
    int size = 5 * GcmDecryptor.BATCH + 12345;
    byte[] plain = new byte[size];
    r.nextBytes(plain);
    byte[] aad = {1, 2, 3};
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    jdk.updateAAD(aad);
    byte[] sealed = jdk.doFinal(plain);
    byte[] ct = Arrays.copyOf(sealed, size);
    byte[] tag = Arrays.copyOfRange(sealed, size, sealed.length);

    assertThat(open(key, nonce, ct, tag, aad, plain)).isTrue();
    for (int at :
        new int[] {0, (int) GcmDecryptor.PIPELINE_AFTER + 1, 3 * GcmDecryptor.BATCH, size - 1}) {
      byte[] bad = ct.clone();
      bad[at] ^= 1;
      assertThat(open(key, nonce, bad, tag, aad, null)).as("flip at " + at).isFalse();
    }
  }

  /**
   * Pipelining starts where the piece that crosses {@link GcmDecryptor#PIPELINE_AFTER} ends, which
   * need not be a block boundary, and batches fill from pieces of any size, in place too (the
   * plaintext over the ciphertext in one array): random piece sizes must still give the JDK's
   * plaintext, accept the good tag and refuse a flip past the switch.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void pipelineFromAnyOffsetAndAnyPieces(int seed) throws Exception {
    Random r = new Random(seed);
    byte[] key = new byte[32];
    byte[] nonce = new byte[12];
    r.nextBytes(key);
    r.nextBytes(nonce);
    int size = 3 * GcmDecryptor.BATCH + r.nextInt(100_000);
    byte[] plain = new byte[size];
    r.nextBytes(plain);
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    byte[] sealed = jdk.doFinal(plain);
    byte[] ct = Arrays.copyOf(sealed, size);
    byte[] tag = Arrays.copyOfRange(sealed, size, sealed.length);
    int flip = (int) GcmDecryptor.PIPELINE_AFTER + 17 + r.nextInt(size - (1 << 20) - 17);
    for (boolean flipped : new boolean[] {false, true}) {
      byte[] input = ct.clone();
      if (flipped) {
        input[flip] ^= 0x40;
      }
      GcmDecryptor d = new GcmDecryptor(key, nonce, 16, LongGcm.SEGMENT, true);
      java.io.InputStream src = new java.io.ByteArrayInputStream(input);
      byte[] back = new byte[size];
      int off = 0;
      while (off < size) {
        int k = Math.min(size - off, 1 + r.nextInt(99_999));
        switch (r.nextInt(2)) {
          case 0 -> {
            byte[] piece = src.readNBytes(k);
            d.update(piece, 0, piece.length, back, off);
            off += piece.length;
          }
          default -> {
            // in place: ciphertext and plaintext in the same array
            int n = src.readNBytes(back, off, k);
            d.update(back, off, n, back, off);
            off += n;
          }
        }
      }
      boolean opened;
      try {
        d.verify(tag, new byte[0]);
        opened = true;
      } catch (dev.envelope.error.DecryptionFailedException e) {
        opened = false;
      }
      assertThat(opened).as("opened, flipped=" + flipped).isEqualTo(!flipped);
      if (!flipped) {
        assertThat(back).isEqualTo(plain);
      }
    }
  }

  private static boolean open(
      byte[] key, byte[] nonce, byte[] ct, byte[] tag, byte[] aad, byte[] expected)
      throws Exception {
    GcmDecryptor d = new GcmDecryptor(key, nonce, 16, LongGcm.SEGMENT, true);
    byte[] back = new byte[ct.length];
    for (int off = 0; off < ct.length; ) {
      int k = Math.min(ct.length - off, 65536);
      d.update(ct, off, k, back, off);
      off += k;
    }
    try {
      d.verify(tag, aad);
    } catch (dev.envelope.error.DecryptionFailedException e) {
      return false;
    }
    if (expected != null) {
      assertThat(back).isEqualTo(expected);
    }
    return true;
  }
}
