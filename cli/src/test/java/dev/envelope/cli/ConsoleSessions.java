package dev.envelope.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code console} blocks of the documentation as one bash script per markdown file, run in a
 * fresh folder: every {@code $ } line is a command (a line ending in {@code \} continues it), every
 * other line is output that command must print, in order ({@code ...} stands for any lines). The
 * blocks of a file share the folder and the shell, as a reader typing them one after the other
 * would. {@code envelope} is the tool on this test's class path.
 */
final class ConsoleSessions {
  private ConsoleSessions() {}

  /** Separates the commands' outputs in the script's standard output. */
  static final String MARK = "@@envelope-doc-command ";

  /** One command, where it is written, and the output lines the page shows for it. */
  record Command(String where, String text, List<String> expected) {}

  static List<Command> commands(List<Markdown.Block> blocks) {
    List<Command> out = new ArrayList<>();
    for (Markdown.Block b : blocks) {
      if (!b.language().equals("console")) {
        continue;
      }
      List<String> lines = b.lines();
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (!l.startsWith("$ ")) {
          if (out.isEmpty() || !out.get(out.size() - 1).where().startsWith(b.file())) {
            throw new IllegalStateException(b.file() + ":" + (b.line() + i) + ": output first");
          }
          out.get(out.size() - 1).expected().add(l);
          continue;
        }
        String where = b.file() + ":" + (b.line() + i);
        StringBuilder cmd = new StringBuilder(l.substring(2));
        while (cmd.toString().endsWith("\\") && i + 1 < lines.size()) {
          cmd.setLength(cmd.length() - 1);
          cmd.append(' ').append(lines.get(++i).strip());
        }
        out.add(new Command(where, cmd.toString(), new ArrayList<>()));
      }
    }
    return out;
  }

  /** The script: each command's output (stdout and stderr) after a mark line naming it. */
  static String script(List<Command> commands) {
    StringBuilder s = new StringBuilder();
    s.append("set -euo pipefail\n");
    s.append("envelope() { \"$ENVELOPE_DOC_JAVA\" -cp \"$ENVELOPE_DOC_CP\"")
        .append(" dev.envelope.cli.Main \"$@\"; }\n");
    for (int i = 0; i < commands.size(); i++) {
      s.append("printf '%s\\n' '").append(MARK).append(i).append("'\n");
      s.append("{ ").append(commands.get(i).text()).append("\n} 2>&1\n");
    }
    s.append("printf '%s\\n' '").append(MARK).append("end'\n");
    return s.toString();
  }

  /**
   * Checks a run's output against the page.
   *
   * @return what is wrong, or an empty list
   */
  static List<String> check(List<Command> commands, String stdout, int exitCode) {
    List<List<String>> outputs = new ArrayList<>();
    List<String> current = null;
    boolean ended = false;
    for (String line : stdout.lines().toList()) {
      if (line.startsWith(MARK)) {
        ended = line.equals(MARK + "end");
        current = new ArrayList<>();
        if (!ended) {
          outputs.add(current);
        }
      } else if (current != null) {
        current.add(line);
      }
    }
    List<String> problems = new ArrayList<>();
    if (!ended) {
      int failed = outputs.size() - 1;
      String where = failed < 0 ? "before the first command" : commands.get(failed).where();
      problems.add(
          where
              + ": exit code "
              + exitCode
              + " from `"
              + (failed < 0 ? "" : commands.get(failed).text())
              + "`; it printed: "
              + (failed < 0 ? "" : String.join(" | ", outputs.get(failed))));
      return problems;
    }
    for (int i = 0; i < commands.size(); i++) {
      Command c = commands.get(i);
      List<String> actual = outputs.get(i);
      int at = 0;
      for (String want : c.expected()) {
        if (want.strip().equals("...") || want.isBlank()) {
          continue;
        }
        while (at < actual.size() && !actual.get(at).stripTrailing().equals(want.stripTrailing())) {
          at++;
        }
        if (at == actual.size()) {
          problems.add(
              c.where()
                  + ": `"
                  + c.text()
                  + "` did not print \""
                  + want
                  + "\"; it printed: "
                  + String.join(" | ", actual));
          break;
        }
        at++;
      }
    }
    return problems;
  }
}
