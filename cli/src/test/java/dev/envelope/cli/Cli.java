package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the tool in-process (through {@link Main#run}) or as a child JVM, and checks its output. */
final class Cli {
  private Cli() {}

  /** What one run produced. */
  record Result(int code, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    List<String> errLines() {
      return stderr.isEmpty() ? List.of() : stderr.lines().toList();
    }

    /**
     * The error contract: the code, exactly one line on stderr starting {@code envelope: }, no
     * stack frame, nothing on stdout.
     */
    Result assertFails(int expected) {
      assertThat(code).as("exit code; stderr: %s", stderr).isEqualTo(expected);
      assertThat(errLines()).as("stderr lines").hasSize(1);
      assertThat(stderr).startsWith("envelope: ");
      assertThat(stderr.lines()).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
      assertThat(stdout).as("stdout on failure").isEmpty();
      return this;
    }

    Result assertOk() {
      assertThat(code).as("exit code; stderr: %s", stderr).isZero();
      return this;
    }
  }

  static Result run(String... args) {
    return run(new byte[0], Terminal.none(), args);
  }

  static Result run(byte[] stdin, String... args) {
    return run(stdin, Terminal.none(), args);
  }

  static Result run(byte[] stdin, Terminal terminal, String... args) {
    return run(new ByteArrayInputStream(stdin), terminal, args);
  }

  static Result run(InputStream stdin, Terminal terminal, String... args) {
    return run(DEFAULT_ENV, stdin, terminal, args);
  }

  /**
   * The process's environment, but with {@code ENVELOPE_HOME} in a folder that does not exist and
   * without {@code ENVELOPE_STORE_PASS}: tests never see or touch the real {@code ~/.envelope}.
   */
  static final Map<String, String> DEFAULT_ENV = defaultEnv();

  private static Map<String, String> defaultEnv() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("ENVELOPE_STORE_PASS");
    env.put(
        "ENVELOPE_HOME",
        Path.of(
                System.getProperty("java.io.tmpdir"),
                "envelope-test-no-home-" + ProcessHandle.current().pid())
            .toString());
    return Map.copyOf(env);
  }

  /** The default environment with these variables set ({@code ENVELOPE_HOME}, ...). */
  static Map<String, String> env(String... namesAndValues) {
    Map<String, String> env = new HashMap<>(DEFAULT_ENV);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return env;
  }

  /** Runs with these environment variables (see {@link #env}). */
  static Result runEnv(Map<String, String> env, String... args) {
    return run(env, new ByteArrayInputStream(new byte[0]), Terminal.none(), args);
  }

  static Result run(Map<String, String> env, InputStream stdin, Terminal terminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, new Context(stdin, o, e, terminal, env));
    }
    return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /** A fake terminal: stdout is a terminal, and the prompt answers with {@code password}. */
  static Terminal terminal(String password, List<String> prompts) {
    return new Terminal() {
      @Override
      public boolean stdoutIsTerminal() {
        return true;
      }

      @Override
      public char[] readPassword(String prompt) {
        prompts.add(prompt);
        return password == null ? null : password.toCharArray();
      }
    };
  }

  /** A child JVM running {@code mainClass} on this test's class path. */
  static ProcessBuilder childJvm(Path workDir, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(workDir.toFile());
  }

  /** Runs a process to its end with the given stdin, within a time limit. */
  static Result runProcess(ProcessBuilder pb, byte[] stdin, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process p = pb.start();
    // write stdin on its own thread: a child that fills its stdout pipe would deadlock us
    Thread feeder =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var in = p.getOutputStream()) {
                    in.write(stdin);
                  } catch (IOException e) {
                    // the child may exit without reading
                  }
                });
    var errBytes = new ByteArrayOutputStream();
    Thread errReader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var es = p.getErrorStream()) {
                    es.transferTo(errBytes);
                  } catch (IOException e) {
                    // ended
                  }
                });
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + pb.command());
    }
    feeder.join();
    errReader.join();
    return new Result(p.exitValue(), out, errBytes.toString(StandardCharsets.UTF_8));
  }
}
