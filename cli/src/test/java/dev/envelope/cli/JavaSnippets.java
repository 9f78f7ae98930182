package dev.envelope.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Turns the {@code java} blocks of the documentation into programs, compiles them in-process
 * against the test class path and runs them.
 *
 * <p>A block with a {@code static void main} is a whole program and is compiled as it is. Any other
 * block is the body of a {@code main} method, after the file's {@code java setup} block (the lines
 * that make the examples' keys and certificates): {@link #TEMPLATE} shows the class around it. A
 * body's own leading {@code import} lines go above the class.
 */
final class JavaSnippets {
  private JavaSnippets() {}

  /** What every body block runs inside; {@code %s} is the block's package. */
  static final String TEMPLATE =
      """
      package %s;
      // the block's own import lines come here, then:
      import dev.envelope.*;
      import dev.envelope.error.*;
      import dev.envelope.store.*;
      import dev.envelope.x509.*;
      import java.io.*;
      import java.nio.charset.StandardCharsets;
      import java.nio.file.*;
      import java.security.*;
      import java.security.cert.X509Certificate;
      import java.util.*;

      public class Example {
        public static void main(String[] args) throws Exception {
          // the file's "java setup" block, then the block itself
        }
      }
      """;

  private static final Pattern CLASS =
      Pattern.compile("^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)", Pattern.MULTILINE);

  /** One program: its source, and where each of its lines came from (null: the template). */
  record Program(Markdown.Block block, String className, String source, List<String> origins) {}

  /** The programs of one markdown file's java blocks. */
  static List<Program> programs(List<Markdown.Block> blocks, int fileIndex) {
    Markdown.Block setup = null;
    for (Markdown.Block b : blocks) {
      if (b.language().equals("java") && b.info().strip().equals("java setup")) {
        setup = b;
      }
    }
    List<Program> out = new ArrayList<>();
    int n = 0;
    for (Markdown.Block b : blocks) {
      if (!b.language().equals("java")) {
        continue;
      }
      String pkg = "docs.f" + fileIndex + ".b" + n++;
      out.add(
          String.join("\n", b.lines()).contains("static void main(")
              ? whole(b, pkg)
              : body(b, b == setup ? null : setup, pkg));
    }
    return out;
  }

  private static Program whole(Markdown.Block b, String pkg) {
    Source s = new Source();
    s.add("package " + pkg + ";", null);
    for (int i = 0; i < b.lines().size(); i++) {
      s.add(b.lines().get(i), b.file() + ":" + (b.line() + i));
    }
    Matcher m = CLASS.matcher(String.join("\n", b.lines()));
    if (!m.find()) {
      throw new IllegalStateException(b.where() + ": a main method outside a class");
    }
    return new Program(b, pkg + "." + m.group(1), s.text(), s.origins);
  }

  private static Program body(Markdown.Block b, Markdown.Block setup, String pkg) {
    String[] t = TEMPLATE.formatted(pkg).split("\n");
    Source s = new Source();
    s.add(t[0], null);
    int firstCode = 0;
    while (firstCode < b.lines().size() && isImportOrBlank(b.lines().get(firstCode))) {
      s.add(b.lines().get(firstCode), b.file() + ":" + (b.line() + firstCode));
      firstCode++;
    }
    int i = 2; // after the package line and the comment line
    for (; !t[i].contains("// the file's"); i++) {
      s.add(t[i], null);
    }
    if (setup != null) {
      for (int k = 0; k < setup.lines().size(); k++) {
        s.add("    " + setup.lines().get(k), setup.file() + ":" + (setup.line() + k));
      }
    }
    for (int k = firstCode; k < b.lines().size(); k++) {
      s.add("    " + b.lines().get(k), b.file() + ":" + (b.line() + k));
    }
    for (i++; i < t.length; i++) {
      s.add(t[i], null);
    }
    return new Program(b, pkg + ".Example", s.text(), s.origins);
  }

  private static boolean isImportOrBlank(String line) {
    String l = line.strip();
    return l.startsWith("import ") || l.isEmpty();
  }

  private static final class Source {
    final StringBuilder text = new StringBuilder();
    final List<String> origins = new ArrayList<>();

    void add(String line, String origin) {
      text.append(line).append('\n');
      origins.add(origin);
    }

    String text() {
      return text.toString();
    }
  }

  /**
   * Compiles every program into {@code out} in one compiler run.
   *
   * @return the errors, each as {@code FILE.md:LINE: message}; empty when all compiled
   */
  static List<String> compile(List<Program> programs, Path out) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<JavaFileObject> units = new ArrayList<>();
    for (Program p : programs) {
      units.add(
          new SimpleJavaFileObject(
              java.net.URI.create("string:///" + p.className().replace('.', '/') + ".java"),
              JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
              return p.source();
            }
          });
    }
    List<String> options =
        List.of(
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            out.toString(),
            "-proc:none");
    StringWriter noise = new StringWriter();
    javac.getTask(noise, null, diagnostics, options, null, units).call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      Program p = programFor(programs, d.getSource().toUri().getPath());
      int line = (int) d.getLineNumber();
      String origin =
          p == null || line < 1 || line > p.origins().size() ? null : p.origins().get(line - 1);
      errors.add(
          (origin == null ? (p == null ? "?" : p.block().where() + " (template)") : origin)
              + ": "
              + d.getMessage(Locale.ROOT));
    }
    return errors;
  }

  private static Program programFor(List<Program> programs, String uriPath) {
    for (Program p : programs) {
      if (uriPath.endsWith("/" + p.className().replace('.', '/') + ".java")) {
        return p;
      }
    }
    return null;
  }

  /** Runs a compiled program's main method. */
  static void run(Program p, Path classes) throws Throwable {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, JavaSnippets.class.getClassLoader())) {
      loader.setDefaultAssertionStatus(true); // the blocks' assert lines are their checks
      Class<?> c = Class.forName(p.className(), true, loader);
      c.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
