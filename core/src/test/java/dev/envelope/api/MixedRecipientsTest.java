package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.x509.CertificateBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5 item 8: one message for every kind of recipient at once (RSA key transport, ECDH on P-256
 * and P-384, X25519, X448, ML-KEM-768, a password and a KEK), and each of them opens it alone, with
 * AES-GCM, AES-CBC and ChaCha20-Poly1305 content, in memory and streamed.
 */
class MixedRecipientsTest {
  private static final byte[] CONTENT =
      "one message, eight kinds of recipient".getBytes(StandardCharsets.UTF_8);
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
  private static final byte[] KEK_ID = {1, 2, 3, 4};
  private static final byte[] KEK = new byte[32];

  private record Holder(String name, Recipient recipient, KeySource keys) {}

  private static final List<Holder> HOLDERS = new ArrayList<>();

  @BeforeAll
  static void pki() throws Exception {
    for (int i = 0; i < KEK.length; i++) {
      KEK[i] = (byte) (0xA0 + i);
    }
    KeyPair caPair = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate ca =
        CertificateBuilder.forSubject("CN=Mixed test CA")
            .certificateAuthority(true)
            .selfSigned(caPair);
    for (String spec : List.of("rsa2048", "ec-p256", "ec-p384", "x25519", "x448", "ml-kem-768")) {
      KeyPair kp = CertificateBuilder.generateKeyPair(spec);
      X509Certificate cert =
          CertificateBuilder.forSubject("CN=" + spec)
              .issuedBy(kp.getPublic(), ca, caPair.getPrivate());
      HOLDERS.add(new Holder(spec, Recipient.of(cert), KeySource.of(cert, kp.getPrivate())));
    }
    HOLDERS.add(
        new Holder(
            "password",
            new Recipient.Password(PASSWORD, KdfHash.SHA256, 1000),
            KeySource.password(PASSWORD)));
    HOLDERS.add(new Holder("kek", Recipient.kek(KEK_ID, KEK), KeySource.kek(KEK_ID, KEK)));
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (ContentCipher c :
        List.of(
            ContentCipher.AES_256_GCM,
            ContentCipher.AES_128_CBC,
            ContentCipher.CHACHA20_POLY1305,
            // legacy ciphers' short keys: AES-KWP for the wrap-based kinds, RFC 3211 for passwords
            ContentCipher.DES_CBC,
            ContentCipher.RC2_40,
            ContentCipher.RC4_40)) {
      for (int i = 0; i < 8; i++) {
        out.add(Arguments.of(c, i));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, holder {1}")
  @MethodSource("cases")
  void everyKindOfRecipientOpensTheSameMessage(ContentCipher cipher, int which) throws Exception {
    byte[] message =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipients(HOLDERS.stream().map(Holder::recipient).toList())
            .seal(CONTENT);
    Holder h = HOLDERS.get(which);

    Decrypted d = Envelope.decrypt(message, h.keys());
    assertThat(d.content()).as(h.name()).isEqualTo(CONTENT);
    // DER sorts the recipientInfos SET OF, so positions differ from the order of sealing
    assertThat(d.recipientIndex()).as(h.name()).isBetween(0, HOLDERS.size() - 1);

    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    Envelope.opener().decrypt(new ByteArrayInputStream(message), streamed, h.keys());
    assertThat(streamed.toByteArray()).as(h.name() + " streamed").isEqualTo(CONTENT);

    if (cipher == ContentCipher.RC4_40) {
      return; // no padding and no tag: a modified RC4 message cannot be detected
    }
    byte[] flipped = message.clone();
    // AEAD: a byte of the tag at the end; CBC: the next-to-last cipher block, which flips a padding
    // byte of the last plaintext block (so the failure is certain, not 255 in 256)
    int block = cipher.cliName().startsWith("aes") ? 16 : 8;
    flipped[flipped.length - (cipher.isAuthenticated() ? 3 : block + 3)] ^= 1;
    assertThatThrownBy(() -> Envelope.decrypt(flipped, h.keys()))
        .as(h.name() + " flipped")
        .isInstanceOf(DecryptionFailedException.class);
  }
}
