package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.error.DecryptionFailedException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.engines.DESedeWrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 3217 section 3.2 Triple-DES key unwrap, against Bouncy Castle's {@code DESedeWrapEngine} as
 * the oracle (RFC 3217 itself has no example), reached through {@link KeyWraps#unwrap} as the
 * recipients use it.
 */
class TripleDesWrapTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Bouncy Castle wraps with a given IV. */
  private static byte[] bcWrap(byte[] kek, byte[] iv, byte[] key) {
    DESedeWrapEngine e = new DESedeWrapEngine();
    e.init(true, new ParametersWithIV(new KeyParameter(kek), iv));
    return e.wrap(key, 0, key.length);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** A fixed known answer (made once by Bouncy Castle 1.87, checked again here). */
  @Test
  void knownAnswer() throws Exception {
    byte[] kek = HEX.parseHex("0123456789abcdeffedcba987654321089abcdef01234567");
    byte[] iv = HEX.parseHex("a1b2c3d4e5f60718");
    byte[] cek = HEX.parseHex("29232d1c4a5e0b7c3e4f6d1a2b0c5d7e8f9a1b2c3d4e5f60");
    byte[] wrapped = bcWrap(kek, iv, cek);
    assertThat(wrapped).hasSize(40);
    assertThat(KeyWraps.unwrap(Algorithm.DES_EDE3_WRAP, kek, wrapped)).isEqualTo(cek);
  }

  @ParameterizedTest(name = "{0}-byte key")
  @ValueSource(ints = {8, 16, 24, 32})
  void unwrapsWhatBouncyCastleWraps(int keyLength) throws Exception {
    for (int i = 0; i < 20; i++) {
      byte[] kek = random(24);
      byte[] key = random(keyLength);
      byte[] wrapped = bcWrap(kek, random(8), key);
      assertThat(KeyWraps.unwrap(Algorithm.DES_EDE3_WRAP, kek, wrapped)).isEqualTo(key);
    }
  }

  @Test
  void everyFlippedBitFailsTheChecksum() {
    byte[] kek = random(24);
    byte[] wrapped = bcWrap(kek, random(8), random(24));
    for (int i = 0; i < wrapped.length; i++) {
      byte[] spoiled = wrapped.clone();
      spoiled[i] ^= 0x01;
      assertThatThrownBy(() -> KeyWraps.unwrap(Algorithm.DES_EDE3_WRAP, kek, spoiled))
          .isExactlyInstanceOf(DecryptionFailedException.class)
          .hasMessage(DecryptionFailedException.MESSAGE)
          .hasNoCause();
    }
  }

  @Test
  void wrongKekAndBadLengthsFailUniformly() {
    byte[] kek = random(24);
    byte[] wrapped = bcWrap(kek, random(8), random(24));
    byte[][] bad = {
      new byte[0], new byte[16], new byte[39], new byte[41], java.util.Arrays.copyOf(wrapped, 32)
    };
    assertThatThrownBy(() -> KeyWraps.unwrap(Algorithm.DES_EDE3_WRAP, random(24), wrapped))
        .isExactlyInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() -> KeyWraps.unwrap(Algorithm.DES_EDE3_WRAP, random(16), wrapped))
        .isExactlyInstanceOf(DecryptionFailedException.class);
    for (byte[] b : bad) {
      assertThatThrownBy(() -> KeyWraps.unwrap(Algorithm.DES_EDE3_WRAP, kek, b))
          .isExactlyInstanceOf(DecryptionFailedException.class)
          .hasNoCause();
    }
  }
}
