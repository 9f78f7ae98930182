package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envelope inspect}: the structure, readable, with no key. */
class InspectTest {
  @TempDir static Path dir;
  static Identity alice;
  static Identity bob;

  @BeforeAll
  static void setUp() throws Exception {
    alice = Identity.create(dir, "alice");
    bob = Identity.create(dir, "bob");
  }

  @Test
  void authEnvelopedDataWithTwoRecipients() {
    byte[] m =
        Cli.run(
                "x".repeat(100).getBytes(StandardCharsets.UTF_8),
                "encrypt",
                "--to",
                alice.certArg(),
                "--to",
                bob.certArg(),
                "--format",
                "pem")
            .assertOk()
            .stdout();
    String tree = Cli.run(m, "inspect").assertOk().out();
    assertThat(tree)
        .startsWith("AuthEnvelopedData (version 0)\n")
        .contains("  content type: 1.2.840.113549.1.7.1 (data)\n")
        .contains(
            "  content cipher: aes-256-gcm, 256-bit key, 12-byte IV, 16-byte tag, authenticated\n")
        .contains("  encrypted content: 100 bytes\n")
        .contains("  recipients: 2\n")
        .contains("    [0] ktri (version 0)\n", "    [1] ktri (version 0)\n")
        .contains("issuer=CN=alice serial=", "issuer=CN=bob serial=")
        .contains("        key encryption: rsa-oaep sha256 mgf1-sha256\n");
  }

  @Test
  void envelopedDataWithSkiAndPkcs1() {
    byte[] m =
        Cli.run(
                new byte[] {1, 2, 3},
                "encrypt",
                "--to",
                alice.certArg(),
                "--cipher",
                "aes-128-cbc",
                "--rid",
                "ski",
                "--rsa-padding",
                "pkcs1",
                "--format",
                "base64")
            .assertOk()
            .stdout();
    String tree = Cli.run(m, "inspect", "-").assertOk().out();
    assertThat(tree)
        .startsWith("EnvelopedData (version 2)\n")
        .contains("aes-128-cbc, 128-bit key, 16-byte IV, not authenticated")
        .contains("[0] ktri (version 2)", "identifier: ski=", "key encryption: rsa-pkcs1");
  }

  @Test
  void controlCharactersInNamesAreNotPrinted() {
    assertThat(InspectText.printable("CN=a\u001b[31mred\u0007")).isEqualTo("CN=a?[31mred?");
  }
}
