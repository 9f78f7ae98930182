package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.error.KeySourceException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PemTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static Stream<Arguments> good() {
    return Stream.of(
        Arguments.of("one block, LF", "-----BEGIN X-----\nAQID\n-----END X-----\n", List.of("X")),
        Arguments.of("CRLF", "-----BEGIN X-----\r\nAQID\r\n-----END X-----\r\n", List.of("X")),
        Arguments.of("CR only", "-----BEGIN X-----\rAQID\r-----END X-----", List.of("X")),
        Arguments.of(
            "text around blocks (openssl x509 -text)",
            "Certificate:\n  Data: ...\n-----BEGIN X-----\nAQID\n-----END X-----\ntrailer\n",
            List.of("X")),
        Arguments.of(
            "two blocks",
            "-----BEGIN EC PARAMETERS-----\nAQID\n-----END EC PARAMETERS-----\n"
                + "-----BEGIN EC PRIVATE KEY-----\nAQID\n-----END EC PRIVATE KEY-----\n",
            List.of("EC PARAMETERS", "EC PRIVATE KEY")),
        Arguments.of(
            "Base64 split over lines with blanks",
            "-----BEGIN X-----\n  AQ\n\tID  \n\n-----END X-----",
            List.of("X")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void parses(String name, String text, List<String> labels) throws Exception {
    List<Pem.Block> blocks = Pem.parse(ascii(text), "t.pem");
    assertThat(blocks).extracting(Pem.Block::label).isEqualTo(labels);
    assertThat(blocks.get(0).der()).containsExactly(1, 2, 3);
    assertThat(Pem.isPem(ascii(text))).isTrue();
  }

  @org.junit.jupiter.api.Test
  void headersAreKept() throws Exception {
    String text =
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n"
            + "AQID\n-----END RSA PRIVATE KEY-----\n";
    Pem.Block b = Pem.parse(ascii(text), "t.pem").get(0);
    assertThat(b.headers()).containsEntry("Proc-Type", "4,ENCRYPTED").containsKey("DEK-Info");
    assertThat(b.der()).containsExactly(1, 2, 3);
    b.clear();
    assertThat(b.der()).containsOnly(0);
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("no END line", "-----BEGIN X-----\nAQID\n", "truncated PEM"),
        Arguments.of(
            "next BEGIN before END",
            "-----BEGIN X-----\nAQID\n-----BEGIN Y-----\nAQID\n-----END Y-----\n",
            "truncated PEM"),
        Arguments.of(
            "mismatched END", "-----BEGIN X-----\nAQID\n-----END Y-----\n", "ends with END Y"),
        Arguments.of(
            "bad Base64", "-----BEGIN X-----\nAQ*D\n-----END X-----\n", "malformed Base64"),
        Arguments.of(
            "bad Base64 length", "-----BEGIN X-----\nAQIDA\n-----END X-----\n", "malformed Base64"),
        Arguments.of("empty block", "-----BEGIN X-----\n-----END X-----\n", "empty PEM block"),
        Arguments.of(
            "malformed BEGIN", "-----BEGIN X\nAQID\n-----END X-----\n", "malformed PEM line"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void rejects(String name, String text, String message) {
    assertThatThrownBy(() -> Pem.parse(ascii(text), "t.pem"))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("t.pem: ")
        .hasMessageContaining(message);
  }

  @org.junit.jupiter.api.Test
  void notPem() {
    assertThat(Pem.isPem(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})).isFalse();
    assertThat(Pem.isPem(ascii("prefix -----BEGIN X-----"))).isFalse();
    assertThat(Pem.isPem(new byte[0])).isFalse();
  }
}
