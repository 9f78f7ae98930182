package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.ContentCipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code envelope encrypt} makes what {@code openssl cms -decrypt} reads, for every cipher, RSA
 * padding, OAEP hash, recipient identifier and output format.
 */
class EncryptInteropTest {
  private static final byte[] CONTENT =
      "interoperability: Grüße, 1234567890 abcdefghijklmnopqrstuvwxyz\n"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  static Identity alice;

  @BeforeAll
  static void identities() throws Exception {
    OpenSsl.assumeAvailable();
    alice = Identity.openssl(dir, "alice");
    Files.write(dir.resolve("content.txt"), CONTENT);
  }

  /** Every combination; pkcs1 takes no OAEP hash. */
  static Stream<Arguments> matrix() {
    List<Arguments> all = new ArrayList<>();
    List<String[]> paddings = new ArrayList<>();
    for (String h : List.of("sha1", "sha256", "sha384", "sha512")) {
      paddings.add(new String[] {"oaep", h});
    }
    paddings.add(new String[] {"pkcs1", null});
    for (ContentCipher c : ContentCipher.values()) {
      if (c == ContentCipher.CHACHA20_POLY1305
          || c.cliName().endsWith("-ccm")
          || (c.isLegacy() && c != ContentCipher.DES_EDE3_CBC)) {
        continue; // no ChaCha20, CCM in openssl 3.0's CMS; DES, RC2, RC4 need its legacy provider:
        // LegacyCliTest
      }
      for (String[] p : paddings) {
        for (String rid : List.of("issuer-serial", "ski")) {
          for (String format : List.of("der", "pem", "base64")) {
            all.add(Arguments.of(c.cliName(), p[0], p[1], rid, format));
          }
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} {4}")
  @MethodSource("matrix")
  void opensslDecrypts(String cipher, String padding, String hash, String rid, String format)
      throws Exception {
    String name = String.join("-", cipher, padding, String.valueOf(hash), rid, format);
    Path message = dir.resolve(name + ".msg");
    List<String> args =
        new ArrayList<>(
            List.of(
                "encrypt",
                dir.resolve("content.txt").toString(),
                "-o",
                message.toString(),
                "--to",
                alice.certArg(),
                "--cipher",
                cipher,
                "--rsa-padding",
                padding,
                "--rid",
                rid,
                "--format",
                format));
    if (hash != null) {
      args.addAll(List.of("--oaep-hash", hash));
    }
    Cli.run(args.toArray(String[]::new)).assertOk();

    Path forOpenssl = message;
    String inform = format.equals("pem") ? "PEM" : "DER";
    byte[] written = Files.readAllBytes(message);
    switch (format) {
      case "pem" ->
          assertThat(new String(written, StandardCharsets.US_ASCII))
              .startsWith("-----BEGIN CMS-----\n");
      case "base64" -> {
        // CAPICOM's shape: 64 columns, CRLF; openssl has no bare-Base64 input, so decode here
        String text = new String(written, StandardCharsets.US_ASCII);
        assertThat(text.split("\r\n")).allMatch(l -> l.length() <= 64);
        assertThat(text).contains("\r\n").doesNotContain("-----");
        forOpenssl = dir.resolve(name + ".der");
        Files.write(forOpenssl, Base64.getMimeDecoder().decode(written));
      }
      default -> assertThat(written[0]).isEqualTo((byte) 0x30);
    }
    Cli.Result r =
        OpenSsl.ok(
            dir,
            "cms",
            "-decrypt",
            "-in",
            forOpenssl.toString(),
            "-inform",
            inform,
            "-recip",
            alice.certArg(),
            "-inkey",
            alice.keyArg());
    assertThat(r.stdout()).isEqualTo(CONTENT);
  }

  @Test
  void severalRecipientsEachOpenWithOpenssl() throws Exception {
    Identity bob = Identity.openssl(dir, "bob");
    Identity carol = Identity.openssl(dir, "carol");
    Path message = dir.resolve("three.p7m");
    Cli.run(
            "encrypt",
            dir.resolve("content.txt").toString(),
            "-o",
            message.toString(),
            "--to",
            alice.certArg(),
            "--to",
            bob.certArg(),
            "--to",
            carol.certArg())
        .assertOk();
    for (Identity who : List.of(alice, bob, carol)) {
      Cli.Result r =
          OpenSsl.ok(
              dir,
              "cms",
              "-decrypt",
              "-in",
              message.toString(),
              "-inform",
              "DER",
              "-recip",
              who.certArg(),
              "-inkey",
              who.keyArg());
      assertThat(r.stdout()).as(who.name()).isEqualTo(CONTENT);
    }
  }

  @Test
  void stdinToStdoutIsDerForAPipeAndPemForATerminal() throws Exception {
    Cli.Result pipe = Cli.run(CONTENT, "encrypt", "--to", alice.certArg()).assertOk();
    assertThat(pipe.stdout()[0]).isEqualTo((byte) 0x30);
    Cli.Result tty =
        Cli.run(CONTENT, Cli.terminal(null, new ArrayList<>()), "encrypt", "--to", alice.certArg())
            .assertOk();
    assertThat(tty.out()).startsWith("-----BEGIN CMS-----");
    Cli.Result r =
        OpenSsl.ok(
            dir,
            tty.stdout(),
            "cms",
            "-decrypt",
            "-inform",
            "PEM",
            "-recip",
            alice.certArg(),
            "-inkey",
            alice.keyArg());
    assertThat(r.stdout()).isEqualTo(CONTENT);
  }
}
