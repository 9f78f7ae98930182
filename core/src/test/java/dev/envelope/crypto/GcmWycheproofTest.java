package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.error.DecryptionFailedException;
import dev.envelope.vectors.Vectors;
import dev.envelope.vectors.WycheproofAead;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY.md #26 (ST-gcm-correctness): every Wycheproof AES-GCM case ({@code aes_gcm_test.json})
 * through the project's own streaming opener, {@link GcmDecryptor} (a GCM encryption of the
 * ciphertext gives the plaintext, and the tag is assembled from its hash and the keystream's):
 * valid cases open to the message and invalid ones fail with the one {@link
 * DecryptionFailedException}, in random chunkings, with keystream ranges of one, three and 65536
 * blocks, hashed by a second thread or not, and with segments of one block (the folding {@link
 * LongGcm} does at 1 GiB). Nonces other than 12 bytes are refused before any key use (RFC 5084's
 * recommended length is the only one Envelope opens).
 */
class GcmWycheproofTest {

  static Stream<Arguments> wycheproof() throws Exception {
    return WycheproofAead.cases("aes_gcm_test.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wycheproof")
  void wycheproofThroughTheStreamingOpener(String name, WycheproofAead.Case c) throws Exception {
    if (c == null) {
      Vectors.dir(); // skips with the reason
      return;
    }
    if (c.iv().length != 12) {
      assertThatThrownBy(() -> new GcmDecryptor(c.key(), c.iv(), 16))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    SplittableRandom rnd = new SplittableRandom(c.id());
    for (boolean helped : new boolean[] {false, true}) {
      for (long segment : new long[] {16, LongGcm.SEGMENT}) {
        for (int range : new int[] {16, 48, GcmDecryptor.RANGE}) {
          String as = "segment " + segment + " range " + range + " helped " + helped;
          Throwable t = catchThrowable(() -> open(c, segment, range, helped, rnd));
          if (c.result().equals("invalid")) {
            assertThat(t).as(as).isExactlyInstanceOf(DecryptionFailedException.class);
          } else {
            assertThat(t).as(as).isNull();
            assertThat(open(c, segment, range, helped, rnd)).as(as).isEqualTo(c.msg());
          }
        }
      }
    }
  }

  private static byte[] open(
      WycheproofAead.Case c, long segment, int range, boolean helped, SplittableRandom rnd)
      throws Exception {
    GcmDecryptor d = new GcmDecryptor(c.key(), c.iv(), c.tag().length, segment, range);
    LongGcmTest.Helper helper = helped ? new LongGcmTest.Helper(d) : null;
    try {
      byte[] out = new byte[c.ct().length + 32];
      int off = 0;
      int got = 0;
      while (off < c.ct().length) {
        int n = Math.min(c.ct().length - off, 1 + rnd.nextInt(40));
        got += d.update(c.ct(), off, n, out, got);
        off += n;
      }
      byte[] last = d.finish(c.tag(), c.aad());
      System.arraycopy(last, 0, out, got, last.length);
      return java.util.Arrays.copyOf(out, got + last.length);
    } finally {
      if (helper != null) {
        helper.stop();
      }
    }
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
