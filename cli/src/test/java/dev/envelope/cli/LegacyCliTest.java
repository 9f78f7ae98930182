package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code encrypt --cipher des|rc2|rc4 [--key-length BITS]}, {@code --profile capicom} and {@code
 * --cipher chacha20-poly1305} from the command line, against {@code openssl cms} 3.0 with its
 * legacy provider both ways.
 */
class LegacyCliTest {
  @TempDir static Path dir;

  static Identity alice;

  static final byte[] CONTENT =
      "legacy receivers still exist\r\n".repeat(300).getBytes(StandardCharsets.US_ASCII);

  static final String[] LEGACY = {"-provider", "legacy", "-provider", "default"};

  @BeforeAll
  static void identities() throws Exception {
    OpenSsl.assumeAvailable();
    alice = Identity.openssl(dir, "alice");
    Files.write(dir.resolve("content.txt"), CONTENT);
  }

  private static byte[] opensslDecrypt(Path message, String inform) {
    List<String> args = new ArrayList<>(List.of("cms", "-decrypt", "-binary"));
    args.addAll(List.of(LEGACY));
    args.addAll(
        List.of(
            "-inform",
            inform,
            "-in",
            message.toString(),
            "-recip",
            alice.cert().toString(),
            "-inkey",
            alice.key().toString()));
    return OpenSsl.ok(dir, args.toArray(String[]::new)).stdout();
  }

  /** CLI cipher, key length (or null), what inspect and decrypt must call it. */
  static Stream<Arguments> ciphers() {
    return Stream.of(
        Arguments.of("des", null, "des"),
        Arguments.of("rc2", "40", "rc2-40"),
        Arguments.of("rc2", "64", "rc2-64"),
        Arguments.of("rc2", null, "rc2-128"),
        Arguments.of("rc4", "40", "rc4-40"),
        Arguments.of("rc4", "56", "rc4-56"),
        Arguments.of("rc4", "128", "rc4-128"));
  }

  @ParameterizedTest(name = "--cipher {0} --key-length {1}")
  @MethodSource("ciphers")
  void opensslDecryptsWhatTheCliEncrypts(String cipher, String bits, String name) throws Exception {
    Path message = dir.resolve("to-openssl-" + name + ".p7m");
    List<String> args =
        new ArrayList<>(
            List.of(
                "encrypt",
                dir.resolve("content.txt").toString(),
                "-o",
                message.toString(),
                "--to",
                alice.cert().toString(),
                "--rsa-padding",
                "pkcs1",
                "--cipher",
                cipher));
    if (bits != null) {
      args.addAll(List.of("--key-length", bits));
    }
    Cli.run(args.toArray(String[]::new)).assertOk();

    assertThat(opensslDecrypt(message, "DER")).isEqualTo(CONTENT);
    Cli.Result r =
        Cli.run(
                "decrypt",
                message.toString(),
                "--key",
                alice.key().toString(),
                "--cert",
                alice.cert().toString())
            .assertOk();
    assertThat(r.stdout()).isEqualTo(CONTENT);
  }

  @ParameterizedTest(name = "openssl -{0}")
  @MethodSource("ciphers")
  void cliDecryptsWhatOpensslEncrypts(String cipher, String bits, String name) throws Exception {
    String option = name.equals("rc2-128") ? "rc2" : name.equals("rc4-128") ? "rc4" : name;
    if (option.equals("rc4-56")) {
      return; // openssl has no 56-bit RC4 cipher name
    }
    Path message = dir.resolve("from-openssl-" + name + ".p7m");
    List<String> args = new ArrayList<>(List.of("cms", "-encrypt", "-binary"));
    args.addAll(List.of(LEGACY));
    args.addAll(
        List.of(
            "-in",
            dir.resolve("content.txt").toString(),
            "-outform",
            "DER",
            "-out",
            message.toString(),
            "-" + option,
            alice.cert().toString()));
    OpenSsl.ok(dir, args.toArray(String[]::new));

    Path out = dir.resolve("from-openssl-" + name + ".txt");
    Cli.run("decrypt", message.toString(), "-o", out.toString(), "--key", alice.key().toString())
        .assertOk();
    assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);

    // a flipped last byte: CBC padding fails (exit 4, no output); RC4 has nothing to check
    byte[] spoiled = Files.readAllBytes(message);
    spoiled[spoiled.length - 1] ^= 1;
    Path bad = Files.write(dir.resolve("spoiled-" + name + ".p7m"), spoiled);
    Path badOut = dir.resolve("spoiled-" + name + ".txt");
    Cli.Result r =
        Cli.run(
            "decrypt", bad.toString(), "-o", badOut.toString(), "--key", alice.key().toString());
    if (cipher.equals("rc4")) {
      r.assertOk();
      assertThat(Files.readAllBytes(badOut)).isNotEqualTo(CONTENT);
    } else {
      r.assertFails(4);
      assertThat(badOut).doesNotExist();
    }
  }

  @Test
  void profileCapicomIsRc2PkcsOneIssuerSerialBase64() throws Exception {
    Path message = dir.resolve("capicom.txt");
    Cli.run(
            "encrypt",
            dir.resolve("content.txt").toString(),
            "-o",
            message.toString(),
            "--to",
            alice.cert().toString(),
            "--profile",
            "capicom")
        .assertOk();
    String text = Files.readString(message, StandardCharsets.US_ASCII);
    assertThat(text).contains("\r\n").doesNotContain("-----");
    assertThat(text.split("\r\n")).allMatch(l -> l.length() <= 64);

    Cli.Result info = Cli.run("inspect", message.toString()).assertOk();
    assertThat(info.out()).contains("rc2-128").contains("rsa-pkcs1").contains("issuer=");

    Path der = Files.write(dir.resolve("capicom.der"), Base64.getMimeDecoder().decode(text));
    assertThat(opensslDecrypt(der, "DER")).isEqualTo(CONTENT);

    // explicit options override the profile
    Path aes = dir.resolve("capicom-aes.p7m");
    Cli.run(
            "encrypt",
            dir.resolve("content.txt").toString(),
            "-o",
            aes.toString(),
            "--to",
            alice.cert().toString(),
            "--profile",
            "capicom",
            "--cipher",
            "aes-256-cbc",
            "--format",
            "der")
        .assertOk();
    assertThat(Files.readAllBytes(aes)[0]).isEqualTo((byte) 0x30);
    assertThat(Cli.run("inspect", aes.toString()).assertOk().out())
        .contains("aes-256-cbc")
        .contains("rsa-pkcs1");
  }

  @Test
  void badKeyLengthOrProfileIsAUsageError() {
    for (String[] extra :
        List.of(
            new String[] {"--cipher", "rc2", "--key-length", "192"},
            new String[] {"--cipher", "rc4", "--key-length", "64"},
            new String[] {"--cipher", "aes-256-gcm", "--key-length", "128"},
            new String[] {"--profile", "outlook"})) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "encrypt",
                  dir.resolve("content.txt").toString(),
                  "-o",
                  dir.resolve("never.p7m").toString(),
                  "--to",
                  alice.cert().toString()));
      args.addAll(List.of(extra));
      Cli.run(args.toArray(String[]::new)).assertFails(1);
      assertThat(dir.resolve("never.p7m")).doesNotExist();
    }
  }

  @Test
  void helpListsTheCipherNames() {
    String help = Cli.run("encrypt", "--help").out();
    assertThat(help).contains("chacha20-poly1305", "des", "rc2", "rc4", "--key-length", "capicom");
  }

  @Test
  void chachaRoundTripAndTamperingFailsWithNoOutput() throws Exception {
    Path message = dir.resolve("chacha.p7m");
    Cli.run(
            "encrypt",
            dir.resolve("content.txt").toString(),
            "-o",
            message.toString(),
            "--to",
            alice.cert().toString(),
            "--cipher",
            "chacha20-poly1305")
        .assertOk();
    Path out = dir.resolve("chacha.txt");
    Cli.run("decrypt", message.toString(), "-o", out.toString(), "--key", alice.key().toString())
        .assertOk();
    assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);

    byte[] spoiled = Files.readAllBytes(message);
    spoiled[spoiled.length - 40] ^= 1; // in the encrypted content, before the mac
    Path bad = Files.write(dir.resolve("chacha-bad.p7m"), spoiled);
    Path badOut = dir.resolve("chacha-bad.txt");
    Cli.run("decrypt", bad.toString(), "-o", badOut.toString(), "--key", alice.key().toString())
        .assertFails(4);
    assertThat(badOut).doesNotExist();
  }
}
