package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --cipher aes-128-ccm|aes-192-ccm|aes-256-ccm}: sealed from a file (whose length CCM needs
 * first) and opened; from standard input refused with exit 3 and no output; a tampered message is
 * exit 4 with no output file.
 */
class CcmCliTest {
  @TempDir Path dir;
  Identity alice;
  Path content;

  @BeforeEach
  void setUp() throws Exception {
    alice = Identity.create(dir, "alice");
    byte[] bytes = new byte[300_000];
    new Random(5084).nextBytes(bytes);
    content = Files.write(dir.resolve("content.bin"), bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aes-128-ccm", "aes-192-ccm", "aes-256-ccm"})
  void sealsFromAFileAndOpens(String cipher) throws Exception {
    Path message = dir.resolve(cipher + ".p7m");
    Cli.run(
            "encrypt",
            content.toString(),
            "-o",
            message.toString(),
            "--to",
            alice.cert().toString(),
            "--cipher",
            cipher)
        .assertOk();
    assertThat(Cli.run("inspect", message.toString()).assertOk().out())
        .contains("content cipher: " + cipher);
    Path out = dir.resolve(cipher + ".out");
    Cli.run("decrypt", message.toString(), "-o", out.toString(), "--key", alice.key().toString())
        .assertOk();
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(content));

    // the negative twin: one flipped byte in the middle of the encrypted content
    byte[] tampered = Files.readAllBytes(message);
    tampered[tampered.length / 2] ^= 1;
    Path bad = Files.write(dir.resolve(cipher + ".bad.p7m"), tampered);
    Path badOut = dir.resolve(cipher + ".bad.out");
    Cli.run("decrypt", bad.toString(), "-o", badOut.toString(), "--key", alice.key().toString())
        .assertFails(4);
    assertThat(badOut).doesNotExist();
  }

  @Test
  void standardInputIsRefused() throws Exception {
    Path message = dir.resolve("stdin.p7m");
    Cli.Result r =
        Cli.run(
                Files.readAllBytes(content),
                "encrypt",
                "-o",
                message.toString(),
                "--to",
                alice.cert().toString(),
                "--cipher",
                "aes-128-ccm")
            .assertFails(3);
    assertThat(r.stderr()).contains("aes-128-ccm needs the content length");
    assertThat(message).doesNotExist();
  }
}
