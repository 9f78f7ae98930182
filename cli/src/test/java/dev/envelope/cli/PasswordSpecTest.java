package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** The three SPEC forms, and what each failure is. */
class PasswordSpecTest {
  @TempDir Path dir;

  @Test
  void pass() throws Exception {
    assertThat(PasswordSpec.parse("pass:s3cret:with:colons").resolve("x"))
        .isEqualTo("s3cret:with:colons".toCharArray());
    assertThat(PasswordSpec.parse("pass:").resolve("x")).isEmpty();
  }

  @Test
  void fileTakesTheFirstLine() throws Exception {
    Path f = dir.resolve("pw");
    Files.writeString(f, "pässword\r\nsecond line\n", StandardCharsets.UTF_8);
    assertThat(PasswordSpec.parse("file:" + f).resolve("x")).isEqualTo("pässword".toCharArray());
    Files.writeString(f, "no newline");
    assertThat(PasswordSpec.parse("file:" + f).resolve("x")).isEqualTo("no newline".toCharArray());
  }

  @Test
  void env() throws Exception {
    String home = System.getenv("PATH");
    assertThat(PasswordSpec.parse("env:PATH").resolve("x")).isEqualTo(home.toCharArray());
    assertThatThrownBy(() -> PasswordSpec.parse("env:ENVELOPE_TEST_NOT_SET").resolve("the pin"))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(Exit.INPUT);
              assertThat(e.getMessage()).contains("the pin", "ENVELOPE_TEST_NOT_SET");
            });
  }

  @Test
  void missingFileIs2() {
    assertThatThrownBy(() -> PasswordSpec.parse("file:" + dir.resolve("none")).resolve("x"))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(Exit.INPUT));
  }

  @Test
  void withoutAPrefixIsAUsageErrorThatDoesNotEchoTheText() {
    assertThatThrownBy(() -> PasswordSpec.parse("hunter2"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageNotContaining("hunter2");
    assertThat(PasswordSpec.parse("pass:hunter2").toString()).doesNotContain("hunter2");
  }

  @Test
  void promptOnlyWithoutASpec() throws Exception {
    var prompts = new java.util.ArrayList<String>();
    assertThat(PasswordSpec.resolveOrPrompt(null, "the store", Cli.terminal("typed", prompts)))
        .isEqualTo("typed".toCharArray());
    assertThat(prompts).containsExactly("Enter the store: ");
    assertThat(PasswordSpec.resolveOrPrompt(null, "the store", Terminal.none())).isNull();
  }
}
