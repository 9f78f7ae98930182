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
 * through the project's own streaming opener, {@link GcmDecryptor} (AES-CTR for the plaintext, the
 * tag recomputed by a GCM encryptor): valid cases open to the message and invalid ones fail with
 * the one {@link DecryptionFailedException}, in random chunkings, with the tagging thread on and
 * off and with tagger segments of one block (the folding {@link LongGcm} does at 1 GiB). Nonces
 * other than 12 bytes are refused before any key use (RFC 5084's recommended length is the only one
 * Envelope opens).
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
    for (boolean pipeline : new boolean[] {false, true}) {
      for (long segment : new long[] {16, LongGcm.SEGMENT}) {
        Throwable t = catchThrowable(() -> open(c, segment, pipeline, rnd));
        if (c.result().equals("invalid")) {
          assertThat(t)
              .as("segment %d pipeline %s", segment, pipeline)
              .isExactlyInstanceOf(DecryptionFailedException.class);
        } else {
          assertThat(t).as("segment %d pipeline %s", segment, pipeline).isNull();
          assertThat(open(c, segment, pipeline, rnd)).isEqualTo(c.msg());
        }
      }
    }
  }

  private static byte[] open(
      WycheproofAead.Case c, long segment, boolean pipeline, SplittableRandom rnd)
      throws Exception {
    GcmDecryptor d = new GcmDecryptor(c.key(), c.iv(), c.tag().length, segment, pipeline);
    byte[] out = new byte[c.ct().length];
    int off = 0;
    while (off < c.ct().length) {
      int n = Math.min(c.ct().length - off, 1 + rnd.nextInt(40));
      d.update(c.ct(), off, n, out, off);
      off += n;
    }
    d.verify(c.tag(), c.aad());
    return out;
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
