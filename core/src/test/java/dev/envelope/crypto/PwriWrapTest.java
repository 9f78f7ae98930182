package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.error.DecryptionFailedException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.engines.RFC3211WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 3211 section 2.3 key wrap both ways against Bouncy Castle's {@code RFC3211WrapEngine} as the
 * oracle, and its failures: a wrong KEK, any flipped byte (the check value), short and ragged
 * lengths all give the one decryption failure.
 */
class PwriWrapTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static RFC3211WrapEngine bc(Algorithm cipher) {
    BlockCipher engine =
        cipher == Algorithm.DES_EDE3_CBC ? new DESedeEngine() : AESEngine.newInstance();
    return new RFC3211WrapEngine(engine);
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"AES_128_CBC", "AES_192_CBC", "AES_256_CBC", "DES_EDE3_CBC"})
  void interoperatesWithBouncyCastle(Algorithm cipher) throws Exception {
    for (int keyLength : new int[] {16, 24, 32}) {
      byte[] kek = random(cipher.keyBytes());
      byte[] iv = random(cipher.ivBytes());
      byte[] cek = random(keyLength);

      byte[] ours = PwriWrap.wrap(cipher, kek, iv, cek, RANDOM);
      RFC3211WrapEngine unwrapper = bc(cipher);
      unwrapper.init(false, new ParametersWithIV(new KeyParameter(kek), iv));
      assertThat(unwrapper.unwrap(ours, 0, ours.length)).isEqualTo(cek);

      RFC3211WrapEngine wrapper = bc(cipher);
      wrapper.init(
          true, new ParametersWithRandom(new ParametersWithIV(new KeyParameter(kek), iv), RANDOM));
      byte[] theirs = wrapper.wrap(cek, 0, cek.length);
      assertThat(PwriWrap.unwrap(cipher, kek, iv, theirs)).isEqualTo(cek);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"AES_256_CBC", "DES_EDE3_CBC"})
  void failuresAreUniform(Algorithm cipher) throws Exception {
    byte[] kek = random(cipher.keyBytes());
    byte[] iv = random(cipher.ivBytes());
    byte[] wrapped = PwriWrap.wrap(cipher, kek, iv, random(32), RANDOM);
    int b = cipher.ivBytes();

    assertFails(cipher, random(cipher.keyBytes()), iv, wrapped);
    // the first bytes of the inner plaintext hold the length and check value: flipping any
    // byte of the first inner block, of the last outer block or of the IV spoils them
    for (int i : new int[] {0, 1, 2, 3, b - 1, wrapped.length - b, wrapped.length - 1}) {
      byte[] spoiled = wrapped.clone();
      spoiled[i] ^= 0x01;
      assertFails(cipher, kek, iv, spoiled);
    }
    byte[] badIv = iv.clone();
    badIv[1] ^= 0x01;
    assertFails(cipher, kek, badIv, wrapped);
    assertFails(cipher, kek, iv, new byte[0]);
    assertFails(cipher, kek, iv, java.util.Arrays.copyOf(wrapped, b)); // one block
    assertFails(cipher, kek, iv, java.util.Arrays.copyOf(wrapped, wrapped.length - 1));
  }

  private static void assertFails(Algorithm cipher, byte[] kek, byte[] iv, byte[] wrapped) {
    assertThatThrownBy(() -> PwriWrap.unwrap(cipher, kek, iv, wrapped))
        .isExactlyInstanceOf(DecryptionFailedException.class)
        .hasMessage(DecryptionFailedException.MESSAGE)
        .hasNoCause();
  }
}
