package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 item 5, SECURITY.md F (#33 atomic output, #34 protect the input, #35 exit codes): file
 * and command-line faults, each ending with the documented exit code (2 input, 3 message, 5 output,
 * 130 interrupted), exactly one line on stderr, and no output, temporary or spool file left behind.
 * Complements {@link ExitCodeTest}, {@link ProcessTest}, {@link StreamingCliTest} and {@link
 * AtomicOutputTest}, which cover the plain cases (existing output, same path, symlink and hard link
 * for decrypt, a stdout closed before the first byte, SIGINT while waiting for input and during a 1
 * GiB decrypt, SIGTERM).
 *
 * <p>The disk is made "full" without root or a mount: the child JVM runs under {@code ulimit -f},
 * so a write past the limit fails with EFBIG (the JVM ignores SIGXFSZ, so it surfaces as an
 * IOException rather than killing the process, which would be exit 153).
 */
class FaultsTest {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  /** Content larger than the spool's in-memory part (1 MiB) and than the ulimit below. */
  private static final int BIG = 3 << 20;

  /** The file-size limit of the "full disk", in 1 KiB blocks. */
  private static final int LIMIT_KIB = 512;

  @TempDir static Path keys;
  static Identity alice;
  static byte[] plain;
  static byte[] gcm; // DER, AuthEnvelopedData, from a file
  static byte[] ber; // BER (indefinite lengths), from standard input

  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    alice = Identity.create(keys, "alice");
    plain = new byte[BIG];
    new Random(6).nextBytes(plain);
    Path p = Files.write(keys.resolve("plain.bin"), plain);
    gcm = Cli.run("encrypt", p.toString(), "--to", alice.certArg()).assertOk().stdout();
    ber = Cli.run(plain, "encrypt", "--to", alice.certArg()).assertOk().stdout();
    assertThat(ber[1] & 0xFF).as("indefinite length").isEqualTo(0x80);
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** {@code java -cp ... Main ARGS} in {@code dir}, with its own temporary folder. */
  private List<String> java(Path tmp, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:-UsePerfData"); // no hsperfdata file under the size limit
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The same command through bash: {@code script} runs it as {@code "$@"}. */
  private ProcessBuilder bash(String script, List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", script, "bash"));
    cmd.addAll(command);
    return new ProcessBuilder(cmd).directory(dir.toFile());
  }

  private Path tmp() throws IOException {
    return Files.createDirectories(dir.resolve("tmp"));
  }

  /** Names in the folder that an interrupted or failed run must not leave. */
  private static List<String> leftovers(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".partial") || n.endsWith(".spool"))
          .toList();
    }
  }

  private void assertNothingLeft(Path... outputs) throws IOException {
    for (Path o : outputs) {
      assertThat(o).doesNotExist();
    }
    assertThat(leftovers(dir)).as("temporary files in %s", dir).isEmpty();
    if (Files.isDirectory(dir.resolve("tmp"))) {
      assertThat(leftovers(dir.resolve("tmp"))).as("spool files").isEmpty();
    }
  }

  private static void assertOneLine(Cli.Result r, int code) {
    assertThat(r.code()).as("exit code; stderr: %s", r.stderr()).isEqualTo(code);
    assertThat(r.errLines()).as("stderr: %s", r.stderr()).hasSize(1);
    assertThat(r.stderr()).startsWith("envelope: ");
    assertThat(r.stderr()).doesNotContain("\tat ", "Exception");
  }

  private Path write(String name, byte[] data) throws IOException {
    return Files.write(dir.resolve(name), data);
  }

  // ---------------------------------------------------------------------------------------------
  // #33, #35: disk full

  private static final String ULIMIT = "ulimit -f " + LIMIT_KIB + "; exec \"$@\"";

  @Test
  void diskFullWhileEncryptingIs5AndLeavesNothing() throws Exception {
    Path in = write("plain.bin", plain);
    Path out = dir.resolve("out.p7m");
    Cli.Result r =
        Cli.runProcess(
            bash(
                ULIMIT,
                java(
                    tmp(),
                    "encrypt",
                    in.toString(),
                    "-o",
                    out.toString(),
                    "--to",
                    alice.certArg())),
            new byte[0],
            60);
    assertOneLine(r, Exit.OUTPUT);
    assertThat(r.stderr()).contains("cannot write " + out, "File too large");
    assertNothingLeft(out);
  }

  @Test
  void diskFullWhileDecryptingIs5AndLeavesNothing() throws Exception {
    for (byte[] message : List.of(gcm, ber)) {
      Path in = write("m.p7m", message);
      Path out = dir.resolve("out.bin");
      Cli.Result r =
          Cli.runProcess(
              bash(
                  ULIMIT,
                  java(
                      tmp(),
                      "decrypt",
                      in.toString(),
                      "-o",
                      out.toString(),
                      "--key",
                      alice.keyArg())),
              new byte[0],
              60);
      assertOneLine(r, Exit.OUTPUT);
      assertThat(r.stderr()).contains("File too large");
      assertNothingLeft(out);
    }
  }

  @Test
  void diskFullForTheSpoolBehindStandardOutputIs5AndLeavesNoSpool() throws Exception {
    // AuthEnvelopedData to stdout is checked in full first, its ciphertext spooled to
    // java.io.tmpdir
    Path in = write("m.p7m", gcm);
    Cli.Result r =
        Cli.runProcess(
            bash(ULIMIT, java(tmp(), "decrypt", in.toString(), "--key", alice.keyArg())),
            new byte[0],
            60);
    assertOneLine(r, Exit.OUTPUT);
    assertThat(r.stdout()).as("nothing unverified on stdout").isEmpty();
    assertNothingLeft();
  }

  @Test
  void diskFullOnARedirectedStandardOutputIs5() throws Exception {
    Path in = write("plain.bin", plain);
    Path sink = dir.resolve("sink");
    // stdout is a file under the size limit: the write fails, the shell's file is the user's
    Cli.Result r =
        Cli.runProcess(
            bash(
                "ulimit -f " + LIMIT_KIB + "; exec \"$@\" > sink",
                java(tmp(), "encrypt", in.toString(), "--to", alice.certArg())),
            new byte[0],
            60);
    assertOneLine(r, Exit.OUTPUT);
    assertThat(r.stderr()).contains("standard output");
    assertThat(Files.size(sink)).isLessThanOrEqualTo(LIMIT_KIB * 1024L);
    assertNothingLeft();
  }

  // ---------------------------------------------------------------------------------------------
  // #33, #35: permission denied, read failures

  @Test
  void anUnwritableOutputDirectoryIs5ForEncryptAndDecrypt() throws Exception {
    Path in = write("m.p7m", gcm);
    Path plainIn = write("plain.txt", "x".getBytes(StandardCharsets.US_ASCII));
    Path ro = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
    // root writes where permissions say no, but not into /proc, which refuses new files to anyone
    Path unwritable = ROOT ? Path.of("/proc/self") : ro;
    try {
      Path out = unwritable.resolve("out.bin");
      assertOneLine(
          Cli.run("decrypt", in.toString(), "-o", out.toString(), "--key", alice.keyArg()),
          Exit.OUTPUT);
      assertOneLine(
          Cli.run("encrypt", plainIn.toString(), "-o", out.toString(), "--to", alice.certArg()),
          Exit.OUTPUT);
      assertThat(out).doesNotExist();
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwx------"));
    }
    assertNothingLeft();
  }

  @Test
  void anUnreadableInputIs2() throws Exception {
    Path out = dir.resolve("out.bin");
    // a directory where a file is expected: meaningful even for root
    assertOneLine(
        Cli.run("decrypt", keys.toString(), "-o", out.toString(), "--key", alice.keyArg()),
        Exit.INPUT);
    assertOneLine(
        Cli.run("encrypt", keys.toString(), "-o", out.toString(), "--to", alice.certArg()),
        Exit.INPUT);
    if (ROOT) {
      System.out.println(
          "FaultsTest: running as root, file permissions do not stop reads; tested a directory and"
              + " a read error instead of a mode-000 input");
    } else {
      Path locked = write("locked.p7m", gcm);
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
      assertOneLine(
          Cli.run("decrypt", locked.toString(), "-o", out.toString(), "--key", alice.keyArg()),
          Exit.INPUT);
      Path lockedKey = Files.copy(alice.key(), dir.resolve("locked.key"));
      Files.setPosixFilePermissions(lockedKey, PosixFilePermissions.fromString("---------"));
      assertOneLine(
          Cli.run(
              "decrypt",
              write("m.p7m", gcm).toString(),
              "-o",
              out.toString(),
              "--key",
              lockedKey.toString()),
          Exit.INPUT);
    }
    assertNothingLeft(out);
  }

  @Test
  void aFileThatFailsWhileBeingReadIs2() throws Exception {
    // /proc/self/mem opens (a process may read its own), is a regular file of size 0, and fails
    // with EIO on the first read at offset 0: a read error after a successful open
    Path mem = Path.of("/proc/self/mem");
    Assumptions.assumeTrue(Files.isReadable(mem), "no readable /proc/self/mem");
    Path out = dir.resolve("out.bin");
    assertOneLine(
        Cli.run("decrypt", mem.toString(), "-o", out.toString(), "--key", alice.keyArg()),
        Exit.INPUT);
    assertOneLine(
        Cli.run("encrypt", mem.toString(), "-o", out.toString(), "--to", alice.certArg()),
        Exit.INPUT);
    assertNothingLeft(out);
  }

  // ---------------------------------------------------------------------------------------------
  // #33, #34: missing directory, output that is the input, output that is not a file

  @Test
  void aMissingOrNonDirectoryParentIs5ForEncryptAndDecrypt() throws Exception {
    Path in = write("m.p7m", gcm);
    Path plainIn = write("plain.txt", "x".getBytes(StandardCharsets.US_ASCII));
    Path notADir = write("file", new byte[1]);
    for (Path out : List.of(dir.resolve("no/such/out.bin"), notADir.resolve("out.bin"))) {
      assertOneLine(
          Cli.run("decrypt", in.toString(), "-o", out.toString(), "--key", alice.keyArg()),
          Exit.OUTPUT);
      assertOneLine(
          Cli.run("encrypt", plainIn.toString(), "-o", out.toString(), "--to", alice.certArg()),
          Exit.OUTPUT);
    }
    assertThat(dir.resolve("no")).doesNotExist();
    assertThat(notADir).hasBinaryContent(new byte[1]);
    assertNothingLeft();
  }

  @Test
  void theInputSpelledAnotherWayIsNeverOverwritten() throws Exception {
    Path in = write("m.p7m", gcm);
    Path plainIn = write("plain.txt", plain);
    Path linkedDir = Files.createSymbolicLink(dir.resolve("linked"), dir);
    for (String force : List.of("--force", "--quiet")) {
      for (Path same :
          List.of(
              dir.resolve(".").resolve("m.p7m"),
              dir.resolve("sub/../m.p7m"),
              linkedDir.resolve("m.p7m"))) {
        Files.createDirectories(dir.resolve("sub"));
        Cli.Result r =
            Cli.run(
                "decrypt", in.toString(), "-o", same.toString(), "--key", alice.keyArg(), force);
        assertOneLine(r, Exit.OUTPUT);
        assertThat(r.stderr()).contains("same file");
      }
      // encrypt: the same path and a symbolic link to it
      Path sym = Files.createSymbolicLink(dir.resolve("plain-" + force + ".lnk"), plainIn);
      for (Path same : List.of(plainIn, sym, linkedDir.resolve("plain.txt"))) {
        Cli.Result r =
            Cli.run(
                "encrypt",
                plainIn.toString(),
                "-o",
                same.toString(),
                "--to",
                alice.certArg(),
                force);
        assertOneLine(r, Exit.OUTPUT);
        assertThat(r.stderr()).contains("same file");
      }
    }
    assertThat(in).hasBinaryContent(gcm);
    assertThat(plainIn).hasBinaryContent(plain);
    assertNothingLeft();
  }

  @Test
  void aPipeOrDeviceAsOutputIsRefusedAndNotReplaced() throws Exception {
    Path in = write("m.p7m", gcm);
    Path fifo = dir.resolve("fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(mk.waitFor() == 0, "no mkfifo");
    // a link in this folder: even if the check regressed, only the link would be replaced
    Path devNull = Files.createSymbolicLink(dir.resolve("null"), Path.of("/dev/null"));
    for (Path out : List.of(fifo, devNull)) {
      for (String force : List.of("--force", "--quiet")) {
        Cli.Result r =
            Cli.run("decrypt", in.toString(), "-o", out.toString(), "--key", alice.keyArg(), force);
        assertOneLine(r, Exit.OUTPUT);
        assertThat(r.stderr()).contains("not a regular file", "'-'");
      }
    }
    assertThat(Files.isRegularFile(fifo)).as("the pipe was replaced by a file").isFalse();
    assertThat(Files.isSymbolicLink(devNull)).isTrue();
    assertThat(Files.readSymbolicLink(devNull)).isEqualTo(Path.of("/dev/null"));
    assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
    Files.delete(devNull); // the link only; spares JUnit's warning about a target outside
    assertNothingLeft();
  }

  // ---------------------------------------------------------------------------------------------
  // #35: SIGINT during a write

  /** Feeds stdin until the child is gone; returns a flag that stops it. */
  private static AtomicBoolean feed(Process p, byte[] prefix, boolean endless) {
    AtomicBoolean stop = new AtomicBoolean();
    Thread.ofVirtual()
        .start(
            () -> {
              try (OutputStream o = p.getOutputStream()) {
                o.write(prefix);
                o.flush();
                byte[] chunk = new byte[1 << 16];
                while (endless && !stop.get()) {
                  o.write(chunk);
                }
                while (!stop.get() && p.isAlive()) {
                  Thread.sleep(50); // keep stdin open: the child waits for more
                }
              } catch (IOException | InterruptedException e) {
                // the child is gone
              }
            });
    return stop;
  }

  private static void waitFor(Path folder, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (leftovers(folder).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(leftovers(folder)).as("a temporary file while writing").hasSize(1);
  }

  private static int interrupt(Process p) throws Exception {
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still running after SIGINT");
    }
    return p.exitValue();
  }

  @Test
  void sigintWhileEncryptingFromAPipeIs130AndLeavesNothing() throws Exception {
    Path out = dir.resolve("out.p7m");
    Process p =
        new ProcessBuilder(java(tmp(), "encrypt", "-o", out.toString(), "--to", alice.certArg()))
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("tmp/err.txt").toFile())
            .start();
    AtomicBoolean stop = feed(p, new byte[0], true);
    try {
      waitFor(dir, p);
      assertThat(interrupt(p))
          .as(Files.readString(dir.resolve("tmp/err.txt")))
          .isEqualTo(Exit.INTERRUPTED);
    } finally {
      stop.set(true);
      p.destroyForcibly();
    }
    assertNothingLeft(out);
  }

  @Test
  void sigintWhileSpoolingForStandardOutputIs130AndLeavesNoSpool() throws Exception {
    Path tmp = tmp();
    Process p =
        new ProcessBuilder(java(tmp, "decrypt", "--key", alice.keyArg()))
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(dir.resolve("stdout.bin").toFile())
            .start();
    // more than the in-memory part of the spool, then the pipe stays open
    AtomicBoolean stop = feed(p, java.util.Arrays.copyOf(gcm, 2 << 20), false);
    try {
      waitFor(tmp, p);
      assertThat(interrupt(p)).isEqualTo(Exit.INTERRUPTED);
    } finally {
      stop.set(true);
      p.destroyForcibly();
    }
    assertThat(dir.resolve("stdout.bin")).as("nothing unverified on stdout").isEmptyFile();
    assertThat(leftovers(tmp)).as("the spool of the ciphertext").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // #35: a broken standard input

  @Test
  void aTruncatedStandardInputIs3AndWritesNothing() throws Exception {
    Path out = dir.resolve("out.bin");
    for (byte[] message : List.of(gcm, ber)) {
      for (int cut :
          new int[] {0, 1, 40, message.length / 2, message.length - 20, message.length - 1}) {
        byte[] part = java.util.Arrays.copyOf(message, cut);
        Cli.Result toFile = Cli.run(part, "decrypt", "-o", out.toString(), "--key", alice.keyArg());
        assertOneLine(toFile, Exit.MESSAGE);
        assertThat(toFile.stdout()).isEmpty();
        Cli.Result toStdout = Cli.run(part, "decrypt", "--key", alice.keyArg());
        assertOneLine(toStdout, Exit.MESSAGE);
        assertThat(toStdout.stdout()).as("cut at %d", cut).isEmpty();
      }
    }
    assertNothingLeft(out);
  }

  @Test
  void aStandardInputClosedMidMessageIs3InAChildProcess() throws Exception {
    Path out = dir.resolve("out.bin");
    Cli.Result r =
        Cli.runProcess(
            new ProcessBuilder(
                    java(tmp(), "decrypt", "-o", out.toString(), "--key", alice.keyArg()))
                .directory(dir.toFile()),
            java.util.Arrays.copyOf(ber, ber.length / 2),
            60);
    assertOneLine(r, Exit.MESSAGE);
    assertThat(r.stderr()).contains("unexpected end of input");
    assertNothingLeft(out);
  }

  /** A standard input that delivers some bytes, then fails as a broken device or pipe would. */
  private static InputStream failingAfter(byte[] data, int n) {
    return new InputStream() {
      private final InputStream in = new ByteArrayInputStream(data, 0, n);

      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
          throw new IOException("Input/output error");
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int r = in.read(b, off, len);
        if (r < 0) {
          throw new IOException("Input/output error");
        }
        return r;
      }
    };
  }

  @Test
  void aStandardInputThatFailsIs2AndWritesNothing() throws Exception {
    Path out = dir.resolve("out.bin");
    for (int n : new int[] {0, 100, gcm.length / 2}) {
      Cli.Result d =
          Cli.run(
              Cli.DEFAULT_ENV,
              failingAfter(gcm, n),
              Terminal.none(),
              "decrypt",
              "-o",
              out.toString(),
              "--key",
              alice.keyArg());
      assertOneLine(d, Exit.INPUT);
      assertThat(d.stderr()).contains("standard input", "Input/output error");
      Cli.Result dOut =
          Cli.run(
              Cli.DEFAULT_ENV,
              failingAfter(gcm, n),
              Terminal.none(),
              "decrypt",
              "--key",
              alice.keyArg());
      assertOneLine(dOut, Exit.INPUT);
      assertThat(dOut.stdout()).isEmpty();
      Cli.Result e =
          Cli.run(
              Cli.DEFAULT_ENV,
              failingAfter(plain, n),
              Terminal.none(),
              "encrypt",
              "-o",
              out.toString(),
              "--to",
              alice.certArg());
      assertOneLine(e, Exit.INPUT);
    }
    assertNothingLeft(out);
  }

  @Test
  void aDirectoryAsStandardInputIs2InAChildProcess() throws Exception {
    // `envelope decrypt < somedir`: the shell opens it, every read fails with EISDIR
    Path out = dir.resolve("out.bin");
    for (List<String> cmd :
        List.of(
            java(tmp(), "decrypt", "-o", out.toString(), "--key", alice.keyArg()),
            java(tmp(), "encrypt", "-o", out.toString(), "--to", alice.certArg()))) {
      Cli.Result r = Cli.runProcess(bash("exec \"$@\" < \"$PWD\"", cmd), new byte[0], 60);
      assertOneLine(r, Exit.INPUT);
      assertThat(r.stderr()).contains("standard input");
    }
    assertNothingLeft(out);
  }

  // ---------------------------------------------------------------------------------------------
  // #35: a broken standard output

  @Test
  void aPipeClosedAfterTenBytesIs5WithOneLine() throws Exception {
    // `envelope ... | head -c 10`: the JVM ignores SIGPIPE, so the write fails with EPIPE; a cut
    // output must not look like success, and exit 5 says so (a quiet 141 would hide it)
    Path in = write("m.p7m", gcm);
    Path plainIn = write("plain.bin", plain);
    for (List<String> cmd :
        List.of(
            java(tmp(), "decrypt", in.toString(), "--key", alice.keyArg()),
            java(tmp(), "encrypt", plainIn.toString(), "--to", alice.certArg()))) {
      Cli.Result r =
          Cli.runProcess(
              bash("\"$@\" | head -c 10 > head.out; exit ${PIPESTATUS[0]}", cmd), new byte[0], 60);
      assertOneLine(r, Exit.OUTPUT);
      assertThat(r.stderr()).contains("standard output");
      assertThat(Files.size(dir.resolve("head.out"))).isEqualTo(10);
    }
    assertNothingLeft();
  }
}
