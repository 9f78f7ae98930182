package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.error.DecryptionFailedException;
import dev.envelope.vectors.Vectors;
import dev.envelope.vectors.WycheproofAead;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Ccm} against RFC 3610 section 8's packet vectors, NIST SP 800-38C appendix C's examples
 * (C.4 with 64 KiB of AAD: the long AAD length prefix), Wycheproof's {@code aes_ccm_test.json}, and
 * Bouncy Castle's CCM on random sizes, always fed in random pieces.
 */
class CcmTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", "").toLowerCase());
  }

  /** Encrypts in random pieces; returns ciphertext || tag. */
  static byte[] seal(byte[] key, byte[] nonce, int tagBytes, byte[] aad, byte[] msg, long seed)
      throws GeneralSecurityException {
    SplittableRandom rnd = new SplittableRandom(seed);
    Ccm ccm = Ccm.encrypting(key, nonce, tagBytes, msg.length, aad);
    byte[] out = new byte[msg.length + tagBytes];
    for (int off = 0; off < msg.length; ) {
      int n = Math.min(msg.length - off, 1 + rnd.nextInt(40));
      if (rnd.nextInt(4) == 0) {
        n = msg.length - off;
      }
      ccm.update(msg, off, n, out, off);
      off += n;
    }
    System.arraycopy(ccm.finish(), 0, out, msg.length, tagBytes);
    return out;
  }

  /** Decrypts ciphertext || tag in random pieces (in place, as the opener may). */
  static byte[] open(byte[] key, byte[] nonce, int tagBytes, byte[] aad, byte[] sealed, long seed)
      throws GeneralSecurityException {
    int len = sealed.length - tagBytes;
    return open(
        key,
        nonce,
        tagBytes,
        aad,
        Arrays.copyOf(sealed, len),
        Arrays.copyOfRange(sealed, len, sealed.length),
        seed);
  }

  static byte[] open(
      byte[] key, byte[] nonce, int tagBytes, byte[] aad, byte[] ct, byte[] tag, long seed)
      throws GeneralSecurityException {
    SplittableRandom rnd = new SplittableRandom(seed);
    int len = ct.length;
    Ccm ccm = Ccm.decrypting(key, nonce, tagBytes, len, aad);
    byte[] buf = ct.clone();
    for (int off = 0; off < len; ) {
      int n = Math.min(len - off, 1 + rnd.nextInt(40));
      ccm.update(buf, off, n, buf, off);
      off += n;
    }
    ccm.verify(tag);
    return buf;
  }

  record Kat(String name, String key, String nonce, String aad, String msg, String out, int tag) {}

  static Stream<Arguments> kats() {
    String rfcKey = "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF";
    String nistKey = "404142434445464748494a4b4c4d4e4f";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 256; i++) {
      b.append(String.format("%02x", i));
    }
    String aad256 = b.toString().repeat(256); // C.4: 2^19 bits of associated data
    return Stream.of(
            // RFC 3610 8: packet vectors #1 to #3 (M = 8, L = 2) and #7 (M = 10)
            new Kat(
                "RFC 3610 #1",
                rfcKey,
                "00000003020100A0A1A2A3A4A5",
                "0001020304050607",
                "08090A0B0C0D0E0F101112131415161718191A1B1C1D1E",
                "588C979A61C663D2F066D0C2C0F989806D5F6B61DAC38417E8D12CFDF926E0",
                8),
            new Kat(
                "RFC 3610 #2",
                rfcKey,
                "00000004030201A0A1A2A3A4A5",
                "0001020304050607",
                "08090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
                "72C91A36E135F8CF291CA894085C87E3CC15C439C9E43A3BA091D56E10400916",
                8),
            new Kat(
                "RFC 3610 #3",
                rfcKey,
                "00000005040302A0A1A2A3A4A5",
                "0001020304050607",
                "08090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20",
                "51B1E5F44A197D1DA46B0F8E2D282AE871E838BB64DA8596574ADAA76FBD9FB0C5",
                8),
            new Kat(
                "RFC 3610 #4",
                rfcKey,
                "00000006050403A0A1A2A3A4A5",
                "000102030405060708090A0B",
                "0C0D0E0F101112131415161718191A1B1C1D1E",
                "A28C6865939A9A79FAAA5C4C2A9D4A91CDAC8C96C861B9C9E61EF1",
                8),
            new Kat(
                "RFC 3610 #7",
                rfcKey,
                "0000000A090807A0A1A2A3A4A5",
                "0001020304050607",
                "08090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
                "7B75399AC0831DD2F0BBD75879A2FD8F6CAE6B6CD9B7DB24C17B4433F434963F34B4",
                10),
            // NIST SP 800-38C appendix C
            new Kat(
                "SP 800-38C C.1",
                nistKey,
                "10111213141516",
                "0001020304050607",
                "20212223",
                "7162015b4dac255d",
                4),
            new Kat(
                "SP 800-38C C.2",
                nistKey,
                "1011121314151617",
                "000102030405060708090a0b0c0d0e0f",
                "202122232425262728292a2b2c2d2e2f",
                "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd",
                6),
            new Kat(
                "SP 800-38C C.3",
                nistKey,
                "101112131415161718191a1b",
                "000102030405060708090a0b0c0d0e0f10111213",
                "202122232425262728292a2b2c2d2e2f3031323334353637",
                "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951",
                8),
            new Kat(
                "SP 800-38C C.4",
                nistKey,
                "101112131415161718191a1b1c",
                aad256,
                "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
                "69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72"
                    + "b4ac6bec93e8598e7f0dadbcea5b",
                14))
        .map(k -> Arguments.of(k.name(), k));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kats")
  void knownAnswers(String name, Kat k) throws Exception {
    byte[] key = hex(k.key());
    byte[] nonce = hex(k.nonce());
    byte[] aad = hex(k.aad());
    byte[] msg = hex(k.msg());
    byte[] expected = hex(k.out());
    for (long seed = 0; seed < 8; seed++) {
      assertThat(seal(key, nonce, k.tag(), aad, msg, seed)).isEqualTo(expected);
      assertThat(open(key, nonce, k.tag(), aad, expected, seed)).isEqualTo(msg);
    }
    // negative twins: a flipped bit anywhere (ciphertext, tag), other AAD, another nonce
    for (int i = 0; i < expected.length; i++) {
      byte[] bad = expected.clone();
      bad[i] ^= 0x01;
      assertThatThrownBy(() -> open(key, nonce, k.tag(), aad, bad, 1))
          .isExactlyInstanceOf(DecryptionFailedException.class);
    }
    byte[] otherAad = Arrays.copyOf(aad, aad.length + 1);
    assertThatThrownBy(() -> open(key, nonce, k.tag(), otherAad, expected, 1))
        .isExactlyInstanceOf(DecryptionFailedException.class);
    byte[] otherNonce = nonce.clone();
    otherNonce[0] ^= 0x80;
    assertThatThrownBy(() -> open(key, otherNonce, k.tag(), aad, expected, 1))
        .isExactlyInstanceOf(DecryptionFailedException.class);
  }

  /** Content shorter or longer than announced fails, both ways. */
  @Test
  void lengthIsEnforced() throws Exception {
    byte[] key = new byte[16];
    byte[] nonce = new byte[7];
    Ccm e = Ccm.encrypting(key, nonce, 16, 10, new byte[0]);
    e.update(new byte[9], 0, 9, new byte[9], 0);
    assertThatThrownBy(e::finish).isInstanceOf(GeneralSecurityException.class);
    Ccm e2 = Ccm.encrypting(key, nonce, 16, 10, new byte[0]);
    assertThatThrownBy(() -> e2.update(new byte[11], 0, 11, new byte[11], 0))
        .isInstanceOf(GeneralSecurityException.class);

    byte[] sealed = seal(key, nonce, 16, new byte[0], new byte[10], 3);
    Ccm d = Ccm.decrypting(key, nonce, 16, 10, new byte[0]);
    d.update(sealed, 0, 9, new byte[9], 0);
    assertThatThrownBy(() -> d.verify(Arrays.copyOfRange(sealed, 10, 26)))
        .isExactlyInstanceOf(DecryptionFailedException.class);
    Ccm d2 = Ccm.decrypting(key, nonce, 16, 10, new byte[0]);
    assertThatThrownBy(() -> d2.update(new byte[11], 0, 11, new byte[11], 0))
        .isExactlyInstanceOf(DecryptionFailedException.class);
  }

  /** Sizes CCM does not define, and lengths past a nonce's bound, are refused before any use. */
  @Test
  void refusesUndefinedSizes() {
    byte[] key = new byte[16];
    for (int n : new int[] {0, 6, 14, 16}) {
      assertThatThrownBy(() -> Ccm.decrypting(key, new byte[n], 16, 0, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (int t : new int[] {0, 2, 3, 5, 13, 15, 17, 18}) {
      assertThatThrownBy(() -> Ccm.decrypting(key, new byte[12], t, 0, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(Ccm.maxLength(13)).isEqualTo(65535);
    assertThat(Ccm.maxLength(12)).isEqualTo((1L << 24) - 1);
    assertThat(Ccm.maxLength(7)).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> Ccm.encrypting(key, new byte[13], 16, 65536, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Random keys, nonces, tag sizes, AAD and lengths against Bouncy Castle's CCM. */
  @Test
  void agreesWithBouncyCastle() throws Exception {
    SplittableRandom rnd = new SplittableRandom(3610);
    for (int i = 0; i < 600; i++) {
      byte[] key = bytes(rnd, new int[] {16, 24, 32}[rnd.nextInt(3)]);
      byte[] nonce = bytes(rnd, 7 + rnd.nextInt(7));
      int tag = 4 + 2 * rnd.nextInt(7);
      byte[] aad = bytes(rnd, rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(i % 50 == 0 ? 70000 : 100));
      byte[] msg = bytes(rnd, rnd.nextInt(i % 20 == 0 ? 5000 : 100));
      CCMBlockCipher bc = new CCMBlockCipher(AESEngine.newInstance());
      bc.init(true, new AEADParameters(new KeyParameter(key), tag * 8, nonce, aad));
      byte[] expected = new byte[bc.getOutputSize(msg.length)];
      int n = bc.processBytes(msg, 0, msg.length, expected, 0);
      bc.doFinal(expected, n);
      assertThat(seal(key, nonce, tag, aad, msg, i)).as("case %d", i).isEqualTo(expected);
      assertThat(open(key, nonce, tag, aad, expected, i)).isEqualTo(msg);
    }
  }

  private static byte[] bytes(SplittableRandom rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  static Stream<Arguments> wycheproof() throws Exception {
    return WycheproofAead.cases("aes_ccm_test.json");
  }

  /**
   * Every Wycheproof AES-CCM case: valid ones seal to the ciphertext and tag and open to the
   * message; invalid ones fail (nonce and tag sizes CCM does not define are refused up front, the
   * rest fail the tag check). ContentSpec then refuses tags under 12 bytes in CMS.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("wycheproof")
  void wycheproof(String name, WycheproofAead.Case c) throws Exception {
    if (c == null) {
      Vectors.dir();
    }
    boolean sizesDefined =
        c.iv().length >= 7 && c.iv().length <= 13 && Ccm.validTagLength(c.tagBytes());
    byte[] sealed = Arrays.copyOf(c.ct(), c.ct().length + c.tag().length);
    System.arraycopy(c.tag(), 0, sealed, c.ct().length, c.tag().length);
    if (!sizesDefined) {
      assertThat(c.result()).isEqualTo("invalid");
      assertThatThrownBy(
              () -> Ccm.decrypting(c.key(), c.iv(), c.tagBytes(), c.ct().length, c.aad()))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    Throwable t =
        catchThrowable(() -> open(c.key(), c.iv(), c.tagBytes(), c.aad(), c.ct(), c.tag(), c.id()));
    if (c.result().equals("invalid")) {
      assertThat(t).isExactlyInstanceOf(DecryptionFailedException.class);
    } else {
      assertThat(t).isNull();
      assertThat(open(c.key(), c.iv(), c.tagBytes(), c.aad(), sealed, c.id())).isEqualTo(c.msg());
      assertThat(seal(c.key(), c.iv(), c.tagBytes(), c.aad(), c.msg(), c.id())).isEqualTo(sealed);
    }
  }
}
