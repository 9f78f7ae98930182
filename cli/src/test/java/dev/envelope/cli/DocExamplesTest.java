package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation cannot go stale: every {@code java} block of README.md and docs/*.md is
 * compiled and run ({@link JavaSnippets}), and every {@code console} block is run in bash with the
 * output it shows checked ({@link ConsoleSessions}).
 */
class DocExamplesTest {
  @TempDir static Path classes;
  @TempDir Path work;

  @TestFactory
  Stream<DynamicTest> javaBlocksCompileAndRun() throws Exception {
    List<JavaSnippets.Program> programs = new ArrayList<>();
    List<Path> docs = Markdown.documents();
    for (int f = 0; f < docs.size(); f++) {
      programs.addAll(JavaSnippets.programs(Markdown.blocks(docs.get(f)), f));
    }
    List<String> errors = JavaSnippets.compile(programs, classes);
    assertThat(errors).as("compiler errors in the documentation's java blocks").isEmpty();
    return programs.stream()
        .map(p -> DynamicTest.dynamicTest(p.block().where(), () -> JavaSnippets.run(p, classes)));
  }

  @TestFactory
  Stream<DynamicTest> consoleBlocksRun() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path doc : Markdown.documents()) {
      List<ConsoleSessions.Command> commands = ConsoleSessions.commands(Markdown.blocks(doc));
      if (commands.isEmpty()) {
        continue;
      }
      String name = Markdown.root().relativize(doc).toString();
      tests.add(DynamicTest.dynamicTest(name, () -> runSession(name, commands)));
    }
    return tests.stream();
  }

  private void runSession(String name, List<ConsoleSessions.Command> commands) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name.replace('/', '_')));
    Path script = dir.resolve(".session.sh");
    Files.writeString(script, ConsoleSessions.script(commands), StandardCharsets.UTF_8);
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.remove("ENVELOPE_STORE_PASS");
    env.put("ENVELOPE_HOME", dir.resolve(".envelope").toString());
    env.put("HOME", dir.toString());
    env.put(
        "ENVELOPE_DOC_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put("ENVELOPE_DOC_CP", System.getProperty("java.class.path"));
    Cli.Result r = Cli.runProcess(pb, new byte[0], 600);
    assertThat(ConsoleSessions.check(commands, r.out(), r.code()))
        .as("%s, run in %s; stderr: %s", name, dir, r.stderr())
        .isEmpty();
  }

  @Test
  void readmeKeepsTheTwoSetUpCommands() throws Exception {
    String readme = Files.readString(Markdown.root().resolve("README.md"));
    assertThat(readme).contains("./envelope demo").contains("./mvnw verify");
    assertThat(Files.readString(Markdown.root().resolve(".ci/run")))
        .contains("./mvnw -B -ntp verify");
  }
}
