package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.OutputFormat;
import dev.envelope.Recipient;
import dev.envelope.Sealer;
import dev.envelope.interop.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link OutputFormat#SMIME}: the RFC 8551 headers with CRLF, {@code smime-type} derived from the
 * message (EnvelopedData or AuthEnvelopedData), Base64 in 64-column CRLF lines; in memory and
 * streamed (DER with a known length, BER without) alike.
 */
class OutputFormatSmimeTest {
  private static final TestPki.Identity ALICE = TestPki.rsa(2048, "alice");
  private static final byte[] CONTENT =
      "Content-Type: text/plain\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII);

  private static String headers(String smimeType) {
    return "MIME-Version: 1.0\r\n"
        + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n"
        + "Content-Type: application/pkcs7-mime; smime-type="
        + smimeType
        + "; name=\"smime.p7m\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n"
        + "\r\n";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "AES_256_GCM, authEnveloped-data",
    "AES_128_CCM, authEnveloped-data",
    "CHACHA20_POLY1305, authEnveloped-data",
    "AES_256_CBC, enveloped-data",
    "DES_EDE3_CBC, enveloped-data"
  })
  void headersNameTheContentTypeAndTheBodyIsTheMessage(String cipher, String smimeType)
      throws Exception {
    Sealer sealer =
        Envelope.sealer()
            .withCipher(ContentCipher.valueOf(cipher))
            .withRecipient(Recipient.of(ALICE.certificate()));
    byte[] der = sealer.seal(CONTENT);
    // in memory, streamed with a known length (DER), and streamed without (BER, indefinite;
    // not for CCM, which needs the length first)
    byte[] definite = streamed(sealer, CONTENT.length);
    byte[] indefinite = cipher.contains("CCM") ? definite : streamed(sealer, -1);
    for (byte[] smime : List.of(OutputFormat.SMIME.encode(der), definite, indefinite)) {
      String text = new String(smime, StandardCharsets.US_ASCII);
      assertThat(text).startsWith(headers(smimeType));
      String body = text.substring(headers(smimeType).length());
      assertThat(body).endsWith("\r\n").doesNotContain("\n\n");
      for (String line : body.split("\r\n", -1)) {
        assertThat(line.length()).isLessThanOrEqualTo(64);
        assertThat(line).doesNotContain("\n", "\r");
      }
      byte[] message = Base64.getMimeDecoder().decode(body);
      assertThat(Envelope.decrypt(message, ALICE.keySource()).content()).isEqualTo(CONTENT);
    }
  }

  private static byte[] streamed(Sealer sealer, long size) throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream mime = OutputFormat.SMIME.wrap(sink);
        OutputStream sealing = sealer.openEncrypting(mime, size)) {
      sealing.write(CONTENT);
    }
    return sink.toByteArray();
  }

  /** What is not EnvelopedData or AuthEnvelopedData cannot be labelled: SignedData, say. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "signedData, 3080060A2A864886F70D010702A080",
    "data, 3009060A2A864886F70D010701",
    "not a SEQUENCE, 0409060A2A864886F70D0107030000000000000000000000"
  })
  void otherContentTypesAreRefused(String what, String hex) {
    byte[] prefix = java.util.HexFormat.of().parseHex(hex);
    assertThatThrownBy(() -> OutputFormat.SMIME.encode(prefix))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] padded = Arrays.copyOf(prefix, 64);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    assertThatThrownBy(
            () -> {
              try (OutputStream out = OutputFormat.SMIME.wrap(sink)) {
                out.write(padded);
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("EnvelopedData or AuthEnvelopedData");
    assertThat(sink.toByteArray()).as("no header written").isEmpty();
  }
}
