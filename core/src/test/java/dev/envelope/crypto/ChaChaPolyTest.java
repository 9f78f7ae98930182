package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.error.DecryptionFailedException;
import dev.envelope.vectors.Vectors;
import dev.envelope.vectors.WycheproofAead;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link dev.envelope.crypto.Poly1305} against RFC 8439 (2.5.2 and the edge cases of appendix A.3)
 * and Bouncy Castle's Poly1305, and the streaming {@link ChaChaPolyDecryptor} against Wycheproof's
 * ChaCha20-Poly1305 vectors and the JDK's ChaCha20-Poly1305 encryptor, with the additional data
 * given at the end as AuthEnvelopedData sends it.
 */
class ChaChaPolyTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  private static byte[] mac(byte[] key, byte[] msg) {
    dev.envelope.crypto.Poly1305 p = new dev.envelope.crypto.Poly1305(key);
    p.update(msg, 0, msg.length);
    return p.finish();
  }

  /** RFC 8439 2.5.2. */
  @Test
  void rfc8439Section252() {
    byte[] key = hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
    byte[] msg = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
    assertThat(HEX.formatHex(mac(key, msg))).isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
  }

  /** RFC 8439 A.3: R, S, message, tag (the reduction and carry edge cases, #1 and #5 to #11). */
  static Stream<Arguments> appendixA3() {
    String zero16 = "00".repeat(16);
    String ff16 = "ff".repeat(16);
    String r1 = "01" + "00".repeat(15);
    String r2 = "02" + "00".repeat(15);
    String r10 = "0100000000000000" + "0400000000000000";
    String m10 =
        "e33594d7505e43b90000000000000000"
            + "3394d7505e4379cd0100000000000000"
            + "00000000000000000000000000000000"
            + "01000000000000000000000000000000";
    return Stream.of(
        Arguments.of("#1", zero16, zero16, "00".repeat(64), zero16),
        Arguments.of("#5", r2, zero16, ff16, "03" + "00".repeat(15)),
        Arguments.of("#6", r2, ff16, r2, "03" + "00".repeat(15)),
        Arguments.of(
            "#7",
            r1,
            zero16,
            ff16 + "f0" + "ff".repeat(15) + "11" + "00".repeat(15),
            "05" + "00".repeat(15)),
        Arguments.of("#8", r1, zero16, ff16 + "fb" + "fe".repeat(15) + "01".repeat(16), zero16),
        Arguments.of("#9", r2, zero16, "fd" + "ff".repeat(15), "fa" + "ff".repeat(15)),
        Arguments.of("#10", r10, zero16, m10, "14000000000000005500000000000000"),
        Arguments.of("#11", r10, zero16, m10.substring(0, 96), "13000000000000000000000000000000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("appendixA3")
  void rfc8439AppendixA3(String name, String r, String s, String msg, String tag) {
    assertThat(HEX.formatHex(mac(hex(r + s), hex(msg)))).isEqualTo(tag);
  }

  /** Random keys and lengths, fed in random pieces, against Bouncy Castle's Poly1305. */
  @Test
  void agreesWithBouncyCastle() {
    SplittableRandom rnd = new SplittableRandom(8439);
    for (int i = 0; i < 2000; i++) {
      byte[] key = bytes(rnd, 32);
      if (i % 7 == 0) {
        Arrays.fill(key, 0, 16, (byte) 0xff); // r at its clamped maximum
      }
      byte[] msg = bytes(rnd, rnd.nextInt(300));
      if (i % 5 == 0) {
        Arrays.fill(msg, (byte) 0xff);
      }
      dev.envelope.crypto.Poly1305 mine = new dev.envelope.crypto.Poly1305(key);
      for (int off = 0; off < msg.length; ) {
        int n = Math.min(msg.length - off, rnd.nextInt(40));
        mine.update(msg, off, n);
        off += n;
      }
      Poly1305 bc = new Poly1305();
      bc.init(new KeyParameter(key));
      bc.update(msg, 0, msg.length);
      byte[] expected = new byte[16];
      bc.doFinal(expected, 0);
      assertThat(mine.finish()).as("case " + i).isEqualTo(expected);
    }
  }

  private static byte[] bytes(SplittableRandom rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /**
   * The JDK seals (AAD first, as its API needs); the streaming decryptor opens in random pieces
   * with the AAD only at the end, which the Poly1305 prefix algebra must get right for every
   * length.
   */
  @Test
  void opensWhatTheJdkSealsWithAadGivenLast() throws Exception {
    SplittableRandom rnd = new SplittableRandom(8103);
    for (int i = 0; i < 300; i++) {
      byte[] key = bytes(rnd, 32);
      byte[] nonce = bytes(rnd, 12);
      byte[] aad = bytes(rnd, i % 3 == 0 ? 0 : rnd.nextInt(200));
      byte[] msg = bytes(rnd, rnd.nextInt(3000));
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      c.updateAAD(aad);
      byte[] sealed = c.doFinal(msg);
      byte[] ct = Arrays.copyOf(sealed, msg.length);
      byte[] tag = Arrays.copyOfRange(sealed, msg.length, sealed.length);

      assertThat(open(key, nonce, ct, tag, aad, rnd)).as("case " + i).isEqualTo(msg);
      byte[] badTag = tag.clone();
      badTag[rnd.nextInt(16)] ^= (byte) (1 << rnd.nextInt(8));
      assertThatThrownBy(() -> open(key, nonce, ct, badTag, aad, rnd))
          .isExactlyInstanceOf(DecryptionFailedException.class);
      if (aad.length > 0) {
        byte[] badAad = aad.clone();
        badAad[rnd.nextInt(aad.length)] ^= 1;
        assertThatThrownBy(() -> open(key, nonce, ct, tag, badAad, rnd))
            .isExactlyInstanceOf(DecryptionFailedException.class);
      }
      if (ct.length > 0) {
        byte[] badCt = ct.clone();
        badCt[rnd.nextInt(ct.length)] ^= 1;
        assertThatThrownBy(() -> open(key, nonce, badCt, tag, aad, rnd))
            .isExactlyInstanceOf(DecryptionFailedException.class);
      }
    }
  }

  /** Decrypts in random pieces, in place half of the time, and verifies. */
  private static byte[] open(
      byte[] key, byte[] nonce, byte[] ct, byte[] tag, byte[] aad, SplittableRandom rnd)
      throws Exception {
    ChaChaPolyDecryptor d = new ChaChaPolyDecryptor(key, nonce);
    byte[] out = new byte[ct.length];
    byte[] in = ct.clone();
    boolean inPlace = rnd.nextBoolean();
    for (int off = 0; off < in.length; ) {
      int n = Math.min(in.length - off, 1 + rnd.nextInt(200));
      d.update(in, off, n, inPlace ? in : out, off);
      off += n;
    }
    d.verify(tag, aad);
    return inPlace ? in : out;
  }

  static Stream<Arguments> wycheproof() throws Exception {
    return WycheproofAead.cases("chacha20_poly1305_test.json");
  }

  /**
   * Every Wycheproof ChaCha20-Poly1305 case through the streaming decryptor: valid ones open to the
   * message, invalid ones fail (nonces other than 12 bytes are refused before any key use).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("wycheproof")
  void wycheproofThroughTheStreamingDecryptor(String name, WycheproofAead.Case c) throws Exception {
    if (c == null) {
      Vectors.dir();
    }
    SplittableRandom rnd = new SplittableRandom(c.id());
    if (c.iv().length != 12 || c.key().length != 32) {
      assertThat(c.result()).isEqualTo("invalid");
      assertThatThrownBy(() -> new ChaChaPolyDecryptor(c.key(), c.iv()))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Throwable t = catchThrowable(() -> open(c.key(), c.iv(), c.ct(), c.tag(), c.aad(), rnd));
    if (c.result().equals("invalid")) {
      assertThat(t).isExactlyInstanceOf(DecryptionFailedException.class);
    } else {
      assertThat(t).isNull();
      assertThat(open(c.key(), c.iv(), c.ct(), c.tag(), c.aad(), rnd)).isEqualTo(c.msg());
    }
  }
}
