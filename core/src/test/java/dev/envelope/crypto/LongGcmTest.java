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

      // keystream ranges from one block up, with a second thread taking them in half the cases
      int range = 16 * (1 + r.nextInt(t % 3 == 0 ? 4 : 300));
      GcmDecryptor d = new GcmDecryptor(key, nonce, 16, segment, range);
      Helper helper = t % 2 == 0 ? new Helper(d) : null;
      byte[] back = new byte[plain.length + 32];
      int got = 0;
      for (int off = 0; off < plain.length; ) {
        int k = Math.min(plain.length - off, 1 + r.nextInt(200));
        got += d.update(expected, off, k, back, got);
        off += k;
      }
      try {
        byte[] last = d.finish(expectedTag, aad);
        System.arraycopy(last, 0, back, got, last.length);
        got += last.length;
      } catch (Exception e) {
        failures.add("case " + t + ": open refused a good tag");
      } finally {
        if (helper != null) {
          helper.stop();
        }
      }
      if (!Arrays.equals(Arrays.copyOf(back, got), plain)) {
        failures.add("case " + t + ": open gave other plaintext");
      }
    }
    assertThat(failures).isEmpty();
  }

  /**
   * With another thread hashing keystream ranges ({@link GcmDecryptor#help}) while this one
   * decrypts, at the real range size: the result must be the JDK's, and a flipped byte anywhere (in
   * the first range, across ranges, in the last, partial block) must fail.
   */
  @Test
  void helpedOpeningAgreesWithTheJdkAndCatchesFlips() throws Exception {
    Random r = new Random(20261203);
    byte[] key = new byte[32];
    byte[] nonce = new byte[12];
    r.nextBytes(key);
    r.nextBytes(nonce);
    int size = 5 * GcmDecryptor.RANGE + 12345;
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
    for (int at : new int[] {0, GcmDecryptor.RANGE + 1, 3 * GcmDecryptor.RANGE, size - 1}) {
      byte[] bad = ct.clone();
      bad[at] ^= 1;
      assertThat(open(key, nonce, bad, tag, aad, null)).as("flip at " + at).isFalse();
    }
  }

  /**
   * Pieces of any size leave part of a block for the next, in place too (the plaintext written over
   * the ciphertext in one array, a little behind it), while another thread hashes keystream ranges
   * as they become ready: random piece sizes must still give the JDK's plaintext, accept the good
   * tag and refuse a flip past the first range.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void helpedOpeningFromAnyPieces(int seed) throws Exception {
    Random r = new Random(seed);
    byte[] key = new byte[32];
    byte[] nonce = new byte[12];
    r.nextBytes(key);
    r.nextBytes(nonce);
    int size = 3 * GcmDecryptor.RANGE + r.nextInt(100_000);
    byte[] plain = new byte[size];
    r.nextBytes(plain);
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    byte[] sealed = jdk.doFinal(plain);
    byte[] ct = Arrays.copyOf(sealed, size);
    byte[] tag = Arrays.copyOfRange(sealed, size, sealed.length);
    int flip = GcmDecryptor.RANGE + 17 + r.nextInt(size - (1 << 20) - 17);
    for (boolean flipped : new boolean[] {false, true}) {
      byte[] input = ct.clone();
      if (flipped) {
        input[flip] ^= 0x40;
      }
      GcmDecryptor d = new GcmDecryptor(key, nonce, 16, LongGcm.SEGMENT, GcmDecryptor.RANGE);
      Helper helper = new Helper(d);
      java.io.InputStream src = new java.io.ByteArrayInputStream(input);
      byte[] back = new byte[size + 32];
      int off = 0;
      int got = 0;
      while (off < size) {
        int k = Math.min(size - off, 1 + r.nextInt(99_999));
        switch (r.nextInt(2)) {
          case 0 -> {
            byte[] piece = src.readNBytes(k);
            got += d.update(piece, 0, piece.length, back, got);
            off += piece.length;
          }
          default -> {
            // in place: the ciphertext read into the array the plaintext goes to, ahead of it
            int n = src.readNBytes(back, off, k);
            got += d.update(back, off, n, back, got);
            off += n;
          }
        }
      }
      boolean opened;
      try {
        byte[] last = d.finish(tag, new byte[0]);
        System.arraycopy(last, 0, back, got, last.length);
        got += last.length;
        opened = true;
      } catch (dev.envelope.error.DecryptionFailedException e) {
        opened = false;
      } finally {
        helper.stop();
      }
      assertThat(opened).as("opened, flipped=" + flipped).isEqualTo(!flipped);
      if (!flipped) {
        assertThat(Arrays.copyOf(back, got)).isEqualTo(plain);
      }
    }
  }

  private static boolean open(
      byte[] key, byte[] nonce, byte[] ct, byte[] tag, byte[] aad, byte[] expected)
      throws Exception {
    GcmDecryptor d = new GcmDecryptor(key, nonce, 16);
    Helper helper = new Helper(d);
    byte[] back = new byte[ct.length + 32];
    int got = 0;
    try {
      for (int off = 0; off < ct.length; ) {
        int k = Math.min(ct.length - off, 65536);
        got += d.update(ct, off, k, back, got);
        off += k;
      }
      byte[] last = d.finish(tag, aad);
      System.arraycopy(last, 0, back, got, last.length);
      got += last.length;
    } catch (dev.envelope.error.DecryptionFailedException e) {
      return false;
    } finally {
      helper.stop();
    }
    if (expected != null) {
      assertThat(Arrays.copyOf(back, got)).isEqualTo(expected);
    }
    return true;
  }

  /**
   * A second thread calling {@link GcmDecryptor#help} until stopped, as ReadAhead's helper does.
   */
  static final class Helper {
    private final Thread thread;
    private volatile boolean stop;

    Helper(GcmDecryptor d) {
      thread =
          new Thread(
              () -> {
                while (!stop) {
                  if (!d.help()) {
                    Thread.onSpinWait();
                  }
                }
              });
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      stop = true;
      thread.join();
    }
  }
}
