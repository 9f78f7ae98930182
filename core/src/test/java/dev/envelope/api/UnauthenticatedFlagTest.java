package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.DecryptPolicy;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.Opened;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.EncryptedContentInfo;
import dev.envelope.crypto.MessageSurgery;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.PolicyViolationException;
import dev.envelope.interop.TestPki;
import dev.envelope.interop.TestPki.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md #31 (ST-unauthenticated-flag): CBC EnvelopedData is malleable, the property Efail
 * used. XOR-ing the IV changes the first plaintext block predictably and the message still opens:
 * the test pins that, and that every result says {@code authenticated() == false} for it and {@code
 * true} for AuthEnvelopedData, where the same change fails; a policy that allows only AEAD ciphers
 * refuses EnvelopedData before any key is used. (The CLI's warning line is pinned by {@code
 * DecryptInteropTest#cipherWithKeyAndCert}.)
 */
class UnauthenticatedFlagTest {

  private static final byte[] CONTENT =
      "Pay 100 EUR to Alice, and not a cent more.".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WANTED =
      "Pay 900 EUR to Alice, and not a cent more.".getBytes(StandardCharsets.US_ASCII);

  private static Identity alice;
  private static Identity mallory;

  @BeforeAll
  static void keys() {
    alice = TestPki.rsa(2048, "alice");
    mallory = TestPki.rsa(2048, "mallory");
  }

  private static byte[] seal(ContentCipher c) throws Exception {
    return Envelope.sealer()
        .withCipher(c)
        .withRecipient(Recipient.of(alice.certificate()))
        .seal(CONTENT);
  }

  /** The message with {@code delta} XOR-ed into the IV (or nonce) at its start. */
  private static byte[] xorIv(byte[] der, byte[] delta) {
    return MessageSurgery.withContentInfo(
        der,
        e -> {
          AlgorithmIdentifier a = e.contentEncryptionAlgorithm();
          byte[] params = a.parameters().toByteArray();
          // AES-CBC: OCTET STRING iv; GCM: SEQUENCE { OCTET STRING nonce, ... }
          int at = params[0] == 0x04 ? 2 : 4;
          for (int i = 0; i < delta.length; i++) {
            params[at + i] ^= delta[i];
          }
          return new EncryptedContentInfo(
              e.contentType(),
              new AlgorithmIdentifier(a.algorithm(), Bytes.of(params)),
              e.encryptedContent());
        });
  }

  /** "1" becomes "9" at offset 4: the Efail gadget, without the key. */
  private static byte[] gadget() {
    byte[] delta = new byte[5];
    delta[4] = (byte) ('1' ^ '9');
    return delta;
  }

  @Test
  void cbcEnvelopedDataIsMalleableAndSaysSo_31() throws Exception {
    byte[] der = seal(ContentCipher.AES_256_CBC);
    byte[] patched = xorIv(der, gadget());

    Decrypted d = Envelope.decrypt(patched, alice.keySource());
    assertThat(d.content()).as("predictably modified, and no error").isEqualTo(WANTED);
    assertThat(d.authenticated()).isFalse();
    assertThat(d.cipher().isAuthenticated()).isFalse();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Opened o = Envelope.opener().decrypt(new ByteArrayInputStream(patched), out, alice.keySource());
    assertThat(out.toByteArray()).isEqualTo(WANTED);
    assertThat(o.authenticated()).isFalse();
    assertThat(Envelope.decrypt(der, alice.keySource()).authenticated()).isFalse();
  }

  @Test
  void authEnvelopedDataSaysAuthenticatedAndRefusesTheSameChange_31() throws Exception {
    for (ContentCipher c :
        new ContentCipher[] {ContentCipher.AES_256_GCM, ContentCipher.CHACHA20_POLY1305}) {
      byte[] der = seal(c);
      Decrypted d = Envelope.decrypt(der, alice.keySource());
      assertThat(d.content()).isEqualTo(CONTENT);
      assertThat(d.authenticated()).as(c.cliName()).isTrue();

      byte[] patched = xorIv(der, gadget());
      assertThatThrownBy(() -> Envelope.decrypt(patched, alice.keySource()))
          .as(c.cliName())
          .isExactlyInstanceOf(DecryptionFailedException.class);
    }
  }

  /** The library's "require authenticated": an allow-list of AEAD ciphers (DecryptPolicy.only). */
  @Test
  void anAeadOnlyPolicyRefusesEnvelopedData_31() throws Exception {
    var aeadOnly =
        Envelope.opener()
            .withPolicy(
                DecryptPolicy.only(
                    ContentCipher.AES_128_GCM,
                    ContentCipher.AES_192_GCM,
                    ContentCipher.AES_256_GCM,
                    ContentCipher.CHACHA20_POLY1305));
    byte[] cbc = seal(ContentCipher.AES_256_CBC);
    for (var keys : new Identity[] {alice, mallory}) {
      assertThatThrownBy(() -> aeadOnly.decrypt(cbc, keys.keySource()))
          .as("refused before any key is used")
          .isExactlyInstanceOf(PolicyViolationException.class)
          .hasMessageContaining("aes-256-cbc");
    }
    assertThat(aeadOnly.decrypt(seal(ContentCipher.AES_256_GCM), alice.keySource()).content())
        .isEqualTo(CONTENT);
  }
}
