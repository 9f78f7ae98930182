package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.error.DecryptionFailedException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 through the command line, on a 1 GiB file in child JVMs: a byte flipped at the start,
 * middle and end of the encrypted content is exit 4 with the one message, no output file and no
 * temporary file; an interrupted decrypt leaves nothing; and openssl opens what the streaming
 * encrypt writes from standard input (BER), while Envelope opens openssl's {@code -stream} output.
 */
class StreamingCliTest {
  private static final long GIB = 1L << 30;

  @TempDir static Path dir;
  static Identity alice;
  static Path plain;
  static Path sealed;
  static String plainSha256;

  @BeforeAll
  static void setUp() throws Exception {
    alice = Identity.create(dir, "alice");
    plain = dir.resolve("plain.bin");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random r = new Random(7);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(plain)) {
      for (long done = 0; done < GIB; done += buf.length) {
        r.nextBytes(buf);
        sha.update(buf);
        out.write(buf);
      }
    }
    plainSha256 = HexFormat.of().formatHex(sha.digest());
    sealed = dir.resolve("plain.p7m");
    Cli.Result r2 =
        Cli.runProcess(
            Cli.childJvm(
                dir,
                Main.class.getName(),
                "encrypt",
                plain.toString(),
                "-o",
                sealed.toString(),
                "--to",
                alice.certArg()),
            new byte[0],
            600);
    assertThat(r2.code()).as(r2.stderr()).isZero();
  }

  private static long partials() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".partial")).count();
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 20];
    try (var in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static Cli.Result decrypt(Path message, Path out) throws Exception {
    return Cli.runProcess(
        Cli.childJvm(
            dir,
            Main.class.getName(),
            "decrypt",
            message.toString(),
            "-o",
            out.toString(),
            "--key",
            alice.keyArg()),
        new byte[0],
        600);
  }

  @Test
  void aGibibyteOpensToTheSameBytes() throws Exception {
    Path out = dir.resolve("opened.bin");
    Cli.Result r = decrypt(sealed, out);
    assertThat(r.code()).as(r.stderr()).isZero();
    assertThat(sha256(out)).isEqualTo(plainSha256);
    Files.delete(out);
  }

  @Test
  void aFlippedByteAtTheStartMiddleOrEndIsExit4AndLeavesNothing() throws Exception {
    long size = Files.size(sealed);
    // DER: the content ends 18 bytes before the end (mac: 04 10 + 16 bytes)
    long contentEnd = size - 18;
    long contentStart = contentEnd - GIB;
    for (long at : List.of(contentStart, contentStart + GIB / 2, contentEnd - 1)) {
      try (RandomAccessFile f = new RandomAccessFile(sealed.toFile(), "rw")) {
        f.seek(at);
        int b = f.read();
        f.seek(at);
        f.write(b ^ 0x01);
        Path out = dir.resolve("flipped.bin");
        Cli.Result r = decrypt(sealed, out);
        f.seek(at);
        f.write(b);
        assertThat(r.code()).as("flip at %d: %s", at, r.stderr()).isEqualTo(4);
        assertThat(r.stderr()).isEqualTo("envelope: " + DecryptionFailedException.MESSAGE + "\n");
        assertThat(out).doesNotExist();
        assertThat(partials()).isZero();
      }
    }
  }

  @Test
  void anInterruptedDecryptLeavesNothing() throws Exception {
    Path out = dir.resolve("interrupted.bin");
    Process p =
        Cli.childJvm(
                dir,
                Main.class.getName(),
                "decrypt",
                sealed.toString(),
                "-o",
                out.toString(),
                "--key",
                alice.keyArg())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (partials() == 0 && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(partials()).as("a temporary file while decrypting").isEqualTo(1);
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).isEqualTo(130);
    assertThat(out).doesNotExist();
    assertThat(partials()).isZero();
  }

  @Test
  void opensslReadsTheStreamedOutputAndEnvelopeReadsOpensslStream() throws Exception {
    Path small = dir.resolve("small.bin");
    byte[] data = new byte[50 << 20];
    new Random(9).nextBytes(data);
    Files.write(small, data);
    // from standard input the length is unknown: BER with indefinite lengths
    Cli.Result enc =
        Cli.runProcess(
            Cli.childJvm(dir, Main.class.getName(), "encrypt", "--to", alice.certArg()), data, 300);
    assertThat(enc.code()).as(enc.stderr()).isZero();
    assertThat(enc.stdout()[1] & 0xFF).as("indefinite length").isEqualTo(0x80);
    Path ber = Files.write(dir.resolve("small.ber"), enc.stdout());
    Path viaOpenssl = dir.resolve("small.openssl.out");
    Process o =
        new ProcessBuilder(
                "openssl",
                "cms",
                "-decrypt",
                "-binary",
                "-inform",
                "DER",
                "-in",
                ber.toString(),
                "-inkey",
                alice.key().toString(),
                "-recip",
                alice.cert().toString(),
                "-out",
                viaOpenssl.toString())
            .redirectErrorStream(true)
            .start();
    String oout = new String(o.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(o.waitFor()).as(oout).isZero();
    assertThat(Files.readAllBytes(viaOpenssl)).isEqualTo(data);

    Path streamed = dir.resolve("small.openssl.ber");
    Process s =
        new ProcessBuilder(
                "openssl",
                "cms",
                "-encrypt",
                "-stream",
                "-binary",
                "-aes-256-gcm",
                "-in",
                small.toString(),
                "-outform",
                "DER",
                "-out",
                streamed.toString(),
                alice.cert().toString())
            .redirectErrorStream(true)
            .start();
    String sout = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(s.waitFor()).as(sout).isZero();
    Path back = dir.resolve("small.back");
    Cli.Result dec = decrypt(streamed, back);
    assertThat(dec.code()).as(dec.stderr()).isZero();
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
  }
}
