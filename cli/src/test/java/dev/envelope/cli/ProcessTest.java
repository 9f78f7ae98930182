package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool as a real process: signals, pipes, environment variables, and the {@code ./envelope}
 * launcher itself.
 */
class ProcessTest {
  private static final byte[] CONTENT = "through a pipe\n".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path keys;
  static Identity alice;
  static byte[] message;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    alice = Identity.create(keys, "alice");
    message = Cli.run(CONTENT, "encrypt", "--to", alice.certArg()).assertOk().stdout();
  }

  private long partials() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".partial")).count();
    }
  }

  @Test
  void sigtermMidWriteLeavesNoPartialFile() throws Exception {
    Path target = dir.resolve("out.bin");
    Process p =
        Cli.childJvm(dir, SlowWriter.class.getName(), target.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).isEqualTo("HALF");
      assertThat(partials()).as("the temporary file while writing").isEqualTo(1);
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(partials()).isZero();
    assertThat(target).doesNotExist();
  }

  @Test
  void sigintIs130AndWritesNothing() throws Exception {
    Path out = dir.resolve("out.txt");
    Process p =
        Cli.childJvm(
                dir, Main.class.getName(), "decrypt", "-o", out.toString(), "--key", alice.keyArg())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      // it waits for the message on stdin, which stays open
      p.getOutputStream().write(message, 0, 10);
      p.getOutputStream().flush();
      Thread.sleep(1500);
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).isEqualTo(Exit.INTERRUPTED);
    assertThat(out).doesNotExist();
    assertThat(partials()).isZero();
  }

  @Test
  void stdinToStdoutWithAPasswordFromTheEnvironment() throws Exception {
    Path p12 = dir.resolve("alice.p12");
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pw = "from-env".toCharArray();
    ks.setKeyEntry(
        "alice",
        alice.privateKey(),
        pw,
        new java.security.cert.Certificate[] {alice.certificate()});
    try (var o = Files.newOutputStream(p12)) {
      ks.store(o, pw);
    }
    ProcessBuilder pb =
        Cli.childJvm(
            dir,
            Main.class.getName(),
            "decrypt",
            "--keystore",
            p12.toString(),
            "--storepass",
            "env:ENVELOPE_TEST_P12_PASS");
    pb.environment().put("ENVELOPE_TEST_P12_PASS", "from-env");
    Cli.Result r = Cli.runProcess(pb, message, 60);
    assertThat(r.code()).as(r.stderr()).isZero();
    assertThat(r.stdout()).isEqualTo(CONTENT);
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void aClosedStdoutIs5() throws Exception {
    Path in = dir.resolve("m.p7m");
    Files.write(in, message);
    Process p =
        Cli.childJvm(dir, Main.class.getName(), "decrypt", in.toString(), "--key", alice.keyArg())
            .start();
    p.getInputStream().close(); // like `| head -c0`: the reader is gone before anything is written
    p.getOutputStream().close();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isEqualTo(Exit.OUTPUT);
    assertThat(stderr.lines()).singleElement().asString().startsWith("envelope: ");
  }

  @Test
  void theLauncherRunsTheDemo() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    Path launcher = root.resolve("envelope");
    assertThat(launcher).as("the ./envelope launcher").isExecutable();
    // builds on first use (or after a source change), which may take a while
    Cli.Result r =
        Cli.runProcess(
            new ProcessBuilder(launcher.toString(), "demo", "--dir", dir.toString())
                .directory(root.toFile()),
            new byte[0],
            600);
    assertThat(r.code()).as(r.stderr()).isZero();
    assertThat(r.out()).contains("Opened as Alice", "Opened as Bob");
  }

  /** The README puts the launcher on the PATH through a symbolic link: it must find its clone. */
  @Test
  void theLauncherWorksThroughSymbolicLinks() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("envelope"), root.resolve("envelope"));
    // a relative link to the first link, from another folder
    Path other = Files.createDirectories(dir.resolve("other"));
    Path second = Files.createSymbolicLink(other.resolve("env"), Path.of("../bin/envelope"));
    for (Path l : java.util.List.of(link, second)) {
      Cli.Result r =
          Cli.runProcess(
              new ProcessBuilder(l.toString(), "--version").directory(dir.toFile()),
              new byte[0],
              600);
      assertThat(r.code()).as(r.stderr()).isZero();
      assertThat(r.out()).startsWith("envelope ");
    }
  }

  /**
   * The launcher runs small jobs with the quick JIT compiler alone (BENCHMARKS.md): content
   * commands whose file arguments are all under 2 MiB, with no password recipient and stdin not a
   * pipe or a file; everything else with the full tiered JIT.
   */
  @Test
  void theLauncherPicksTheQuickCompilerForSmallJobsOnly() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    Path small = dir.resolve("small file.p7m");
    Files.write(small, new byte[1024]);
    Path big = dir.resolve("big.p7m");
    Files.write(big, new byte[3 << 20]);
    String quick = "-XX:TieredStopAtLevel=1";
    java.util.function.BiFunction<java.util.Map<String, String>, String[], String> command =
        (env, args) -> {
          try {
            java.util.List<String> line = new java.util.ArrayList<>();
            line.add(root.resolve("envelope").toString());
            line.addAll(java.util.List.of(args));
            ProcessBuilder pb =
                new ProcessBuilder(line)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true);
            pb.environment().put("ENVELOPE_PRINT_COMMAND", "1");
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out;
          } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
          }
        };
    java.util.Map<String, String> none = java.util.Map.of();
    String s = small.toString();
    String rel = small.getFileName().toString();
    assertThat(command.apply(none, new String[] {"decrypt", s, "-o", "x"})).contains(quick);
    assertThat(command.apply(none, new String[] {"-q", "inspect", rel})).contains(quick);
    assertThat(command.apply(none, new String[] {"decrypt", s, "--key", big.toString()}))
        .doesNotContain(quick);
    assertThat(command.apply(none, new String[] {"encrypt", s, "--password=env:P"}))
        .doesNotContain(quick);
    assertThat(command.apply(none, new String[] {"decrypt", s, "@more-arguments"}))
        .doesNotContain(quick);
    assertThat(command.apply(none, new String[] {"cert", "create", "--subject", "CN=x"}))
        .doesNotContain(quick);
    assertThat(
            command.apply(
                java.util.Map.of("ENVELOPE_QUICK_JIT", "no"), new String[] {"inspect", s}))
        .doesNotContain(quick);
    // stdin a pipe: the content may come from it, of any size
    Cli.Result piped =
        Cli.runProcess(
            withPrintCommand(
                new ProcessBuilder(root.resolve("envelope").toString(), "decrypt", "-o", "x")
                    .directory(dir.toFile())),
            new byte[0],
            600);
    assertThat(piped.out()).contains("dev.envelope.cli.Main").doesNotContain(quick);
  }

  private static ProcessBuilder withPrintCommand(ProcessBuilder pb) {
    pb.environment().put("ENVELOPE_PRINT_COMMAND", "1");
    return pb;
  }
}
