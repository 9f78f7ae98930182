package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeIOException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The opening stream decrypts straight into the caller's array when it is large enough and through
 * its own buffer otherwise: every read size, for every cipher family (stream and block ciphers,
 * CBC's held-back block, the AEAD openers), gives the same plaintext, and a flipped byte still
 * fails at the end. Read sizes are seeded random, around the boundaries of the direct path.
 */
class ReadSizesTest {
  private static final byte[] KEK_ID = {1, 2, 3};
  private static final byte[] KEK = new byte[32];
  private static final int[] EDGES = {
    1, 15, 16, 17, 4095, 4127, 4128, 4129, 65535, 65536, 65568, 65569, 200_000
  };

  /** One cipher of each family: AEAD (GCM, CCM, ChaCha20-Poly1305), block (AES, 3DES), stream. */
  static Stream<ContentCipher> families() {
    return Stream.of(
        ContentCipher.AES_256_GCM,
        ContentCipher.AES_128_CCM,
        ContentCipher.CHACHA20_POLY1305,
        ContentCipher.AES_256_CBC,
        ContentCipher.DES_EDE3_CBC,
        ContentCipher.RC4_128);
  }

  private static byte[] content(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static byte[] seal(ContentCipher cipher, byte[] content) throws Exception {
    return Envelope.sealer()
        .withCipher(cipher)
        .withRecipient(Recipient.kek(KEK_ID, KEK))
        .seal(content);
  }

  private static byte[] readAll(byte[] message, Random sizes, int fixed) throws Exception {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in =
        Envelope.opener()
            .openDecrypting(new ByteArrayInputStream(message), KeySource.kek(KEK_ID, KEK))) {
      while (true) {
        int size = fixed > 0 ? fixed : 1 + sizes.nextInt(140_000);
        byte[] buf = new byte[size + 3];
        int n = in.read(buf, 3, size);
        if (n < 0) {
          break;
        }
        assertThat(n).isBetween(1, size);
        got.write(buf, 3, n);
      }
    }
    return got.toByteArray();
  }

  @ParameterizedTest
  @MethodSource("families")
  void everyReadSizeGivesThePlaintext(ContentCipher cipher) throws Exception {
    byte[] content = content(300_001);
    byte[] message = seal(cipher, content);
    for (int edge : EDGES) {
      assertThat(readAll(message, null, edge)).as("reads of %d", edge).isEqualTo(content);
    }
    Random sizes = new Random(42);
    for (int i = 0; i < 5; i++) {
      assertThat(readAll(message, sizes, 0)).isEqualTo(content);
    }
  }

  /**
   * Past the first MiB the content is read ahead on another thread (and AES-GCM shares its
   * keystream work with it): the same plaintext for random read sizes, for every family, and for
   * the authenticated ones a flipped byte near the end still fails (AES-CCM before the first byte).
   */
  @ParameterizedTest
  @MethodSource("families")
  void pastTheReadAheadPoint(ContentCipher cipher) throws Exception {
    byte[] content = content((5 << 20) + 12_345);
    byte[] message = seal(cipher, content);
    Random sizes = new Random(7);
    for (int i = 0; i < 2; i++) {
      assertThat(readAll(message, sizes, 0)).isEqualTo(content);
    }
    assertThat(readAll(message, null, 65536)).isEqualTo(content);
    if (cipher.isAuthenticated()) {
      message[indexOfTail(message, cipher) - 100] ^= 1;
      assertThatThrownBy(() -> readAll(message, sizes, 0))
          .satisfies(
              e ->
                  assertThat(e instanceof EnvelopeIOException io ? io.envelopeException() : e)
                      .isInstanceOf(DecryptionFailedException.class));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_256_GCM", "CHACHA20_POLY1305", "AES_256_CBC"})
  void aFlippedByteStillFailsAtTheEndWithLargeReads(ContentCipher cipher) throws Exception {
    byte[] content = content(300_001);
    byte[] message = seal(cipher, content);
    // the last ciphertext byte: for CBC its padding, for the AEAD ciphers the tag covers it
    int at = indexOfTail(message, cipher);
    message[at] ^= 1;
    assertThatThrownBy(() -> readAll(message, null, 65536))
        .isInstanceOfAny(IOException.class)
        .satisfies(
            e ->
                assertThat(((EnvelopeIOException) e).envelopeException())
                    .isInstanceOf(DecryptionFailedException.class));
  }

  @Test
  void smallReadsStillWork() throws Exception {
    byte[] content = content(70_000);
    byte[] message = seal(ContentCipher.AES_256_GCM, content);
    assertThat(readAll(message, null, 7)).isEqualTo(content);
  }

  /** The position of the last encrypted-content byte (GCM/ChaCha20: before the tag field). */
  private static int indexOfTail(byte[] message, ContentCipher cipher) {
    // the sealed DER ends with the encrypted content (EnvelopedData) or content then mac (AEAD)
    return cipher.isAuthenticated() ? message.length - 16 - 2 - 1 : message.length - 1;
  }
}
