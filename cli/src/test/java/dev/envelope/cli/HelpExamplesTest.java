package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command's {@code --help} exits 0 and shows examples. The commands come from the whole tree
 * that {@link Main#commandLine} builds, so a command added later is checked too.
 */
class HelpExamplesTest {

  /** {@code [encrypt]}, {@code [store, import]}, ... and the root itself ({@code []}). */
  static Stream<List<String>> commands() {
    Context ctx =
        new Context(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Terminal.none(),
            Cli.DEFAULT_ENV);
    List<List<String>> out = new ArrayList<>();
    collect(Main.commandLine(new EnvelopeCommand(), ctx), new ArrayList<>(), out);
    return out.stream();
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    for (var e : cl.getSubcommands().entrySet()) {
      List<String> sub = new ArrayList<>(path);
      sub.add(e.getKey());
      collect(e.getValue(), sub, out);
    }
  }

  @ParameterizedTest(name = "envelope {0} --help")
  @MethodSource("commands")
  void helpExitsZeroWithExamples(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    Cli.Result r = Cli.run(args.toArray(String[]::new)).assertOk();
    assertThat(r.out()).as("help of %s", command).contains("Usage: envelope").contains("Example");
    assertThat(r.stderr()).isEmpty();
  }

  @ParameterizedTest(name = "envelope {0} -h")
  @MethodSource("commands")
  void shortHelpIsTheSame(List<String> command) {
    List<String> args = new ArrayList<>(command);
    List<String> longArgs = new ArrayList<>(command);
    args.add("-h");
    longArgs.add("--help");
    assertThat(Cli.run(args.toArray(String[]::new)).assertOk().out())
        .isEqualTo(Cli.run(longArgs.toArray(String[]::new)).out());
  }

  @org.junit.jupiter.api.Test
  void everyCommandIsChecked() {
    assertThat(commands().map(c -> String.join(" ", c)))
        .contains(
            "",
            "encrypt",
            "decrypt",
            "inspect",
            "store",
            "store import",
            "store list",
            "store find",
            "store export",
            "store remove",
            "cert",
            "cert create",
            "demo",
            "completion");
  }
}
