package dev.envelope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The fenced code blocks of the project's documentation, for the tests that run them. */
final class Markdown {
  private Markdown() {}

  /**
   * One fenced block.
   *
   * @param file the markdown file, relative to the repository root
   * @param line the line of the block's first content line, from 1
   * @param info the info string after the opening fence ({@code java}, {@code console} ...)
   * @param lines the block's lines
   */
  record Block(String file, int line, String info, List<String> lines) {
    String language() {
      String s = info.strip();
      int sp = s.indexOf(' ');
      return sp < 0 ? s : s.substring(0, sp);
    }

    String where() {
      return file + ":" + line;
    }
  }

  /** The repository root: the nearest folder up from the working directory with README.md. */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("mvnw"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
  }

  /** README.md, then docs/*.md in name order. */
  static List<Path> documents() throws IOException {
    Path root = root();
    List<Path> out = new ArrayList<>();
    out.add(root.resolve("README.md"));
    Path docs = root.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> s = Files.list(docs)) {
        s.filter(f -> f.toString().endsWith(".md")).sorted().forEach(out::add);
      }
    }
    return out;
  }

  /** The fenced blocks (``` at the start of a line) of one file, in order. */
  static List<Block> blocks(Path file) throws IOException {
    String name = root().relativize(file).toString();
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      String l = all.get(i);
      if (!l.startsWith("```")) {
        continue;
      }
      String info = l.substring(3);
      int start = i + 1;
      int end = start;
      while (end < all.size() && !all.get(end).startsWith("```")) {
        end++;
      }
      if (end == all.size()) {
        throw new IllegalStateException(name + ":" + (i + 1) + ": unclosed code block");
      }
      out.add(new Block(name, start + 1, info, List.copyOf(all.subList(start, end))));
      i = end;
    }
    return out;
  }
}
