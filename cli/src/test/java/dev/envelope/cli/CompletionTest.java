package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code envelope completion}: the bash script parses, and sourced in bash its completion function
 * offers the subcommands and option values; zsh is tried only where it is installed.
 */
class CompletionTest {
  @TempDir Path dir;

  private Path script(String shell) throws IOException {
    Cli.Result r = Cli.run("completion", shell).assertOk();
    assertThat(r.stderr()).isEmpty();
    Path file = dir.resolve("envelope-" + shell + ".sh");
    Files.write(file, r.stdout());
    return file;
  }

  /** Runs {@code shell -c command} in the temp folder; returns its stdout. */
  private static String shell(Path dir, String shell, String command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(shell, "-c", command).directory(dir.toFile());
    Cli.Result r = Cli.runProcess(pb, new byte[0], 60);
    assertThat(r.code()).as("%s -c %s; stderr: %s", shell, command, r.stderr()).isZero();
    return r.out();
  }

  /**
   * What the completion function offers for the words typed so far (the last one being completed),
   * one candidate a line.
   */
  private List<String> complete(Path script, String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append('\'').append(w).append("' ");
    }
    String cmd =
        "source '"
            + script
            + "' && COMP_WORDS=(envelope "
            + array
            + ") && COMP_CWORD="
            + words.length
            + " && COMP_LINE=\"${COMP_WORDS[*]}\" && COMP_POINT=${#COMP_LINE}"
            + " && _complete_envelope 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
    return shell(dir, "bash", cmd).lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void bashScriptParses() throws Exception {
    Path s = script("bash");
    assertThat(Files.readString(s, StandardCharsets.UTF_8))
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_envelope");
    shell(dir, "bash", "bash -n '" + s + "'");
  }

  @Test
  void bashIsTheDefault() {
    assertThat(Cli.run("completion").assertOk().out())
        .isEqualTo(Cli.run("completion", "bash").out());
  }

  @Test
  void subcommandsComplete() throws Exception {
    assertThat(complete(script("bash"), ""))
        .contains("encrypt", "decrypt", "inspect", "store", "cert", "demo", "completion");
    assertThat(complete(script("bash"), "de")).containsExactlyInAnyOrder("decrypt", "demo");
    assertThat(complete(script("bash"), "store", ""))
        .contains("import", "list", "find", "export", "remove");
  }

  @Test
  void optionsAndTheirValuesComplete() throws Exception {
    Path s = script("bash");
    assertThat(complete(s, "encrypt", "--ci")).containsExactly("--cipher");
    assertThat(complete(s, "encrypt", "--cipher", ""))
        .contains("aes-256-gcm", "aes-256-cbc", "chacha20-poly1305", "rc2")
        .noneMatch(v -> v.contains("_"));
    assertThat(complete(s, "encrypt", "--cipher", "aes-256-c"))
        .containsExactlyInAnyOrder("aes-256-cbc", "aes-256-ccm");
    assertThat(complete(s, "encrypt", "--rsa-padding", "")).containsExactly("oaep", "pkcs1");
    assertThat(complete(s, "cert", "create", "--key", "ml"))
        .containsExactly("ml-kem-512", "ml-kem-768", "ml-kem-1024");
    assertThat(complete(s, "decrypt", "--k")).contains("--key", "--keystore", "--kek");
  }

  @Test
  void zshScriptIsTheBashOneAfterBashcompinit() throws Exception {
    String zsh = Cli.run("completion", "zsh").assertOk().out();
    assertThat(zsh)
        .startsWith(
            "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n")
        .endsWith(Cli.run("completion", "bash").out());
    boolean haveZsh = onPath("zsh");
    if (!haveZsh) {
      System.out.println("SKIPPED: zsh is not installed; the zsh completion was not loaded in zsh");
    }
    Assumptions.assumeTrue(haveZsh, "zsh is not installed");
    Path s = script("zsh");
    shell(dir, "zsh", "zsh -n '" + s + "'");
    shell(dir, "zsh", "source '" + s + "' && (( $+functions[_complete_envelope] ))");
  }

  @Test
  void unknownShellIsAUsageError() {
    Cli.run("completion", "fish").assertFails(Exit.USAGE);
  }

  private static boolean onPath(String program) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "command -v " + program).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
