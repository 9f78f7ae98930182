package dev.envelope.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;

/**
 * Keeps SECURITY.md's section "The catalogue as tests" honest: every catalogue number 1 to 39
 * appears exactly once, in the group the catalogue puts it in (A #1-#9, B #10-#16, C #17-#22, D
 * #23-#25, E #26-#32, F #33-#36, G #37-#39); every entry names at least one test, unless it says it
 * is "not a test"; and every {@code core:} or {@code cli:} reference is a class on this test class
 * path (core's through its test-jar) with a JUnit test method of that name ({@code @Test},
 * {@code @ParameterizedTest}, {@code @TestFactory}, Jazzer's {@code @FuzzTest} or anything else
 * marked {@code @Testable}), not {@code @Disabled}; {@code #*} needs a class with at least one.
 * {@code bench:} references name a class under bench/src/main/java.
 */
class CatalogueIndexTest {

  private static final String SECTION = "## The catalogue as tests";

  /** Group letter to its first and last number, as in ../shared/SECURITY.md. */
  private static final Map<Character, int[]> GROUPS =
      Map.of(
          'A', new int[] {1, 9},
          'B', new int[] {10, 16},
          'C', new int[] {17, 22},
          'D', new int[] {23, 25},
          'E', new int[] {26, 32},
          'F', new int[] {33, 36},
          'G', new int[] {37, 39});

  private static final Pattern GROUP = Pattern.compile("^### ([A-G])\\. .+");
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*([A-Za-z0-9-]+)\\s*\\|(.*)");
  private static final Pattern REF =
      Pattern.compile("`(core|cli|bench):([a-z][\\w.]*\\.[A-Z]\\w*)(?:#(\\*|\\w+))?`");

  record Ref(String module, String className, String method) {
    @Override
    public String toString() {
      return module + ":" + className + (method == null ? "" : "#" + method);
    }
  }

  record Entry(int number, char group, String name, List<Ref> refs, String row) {}

  private static Path repo;
  private static List<Entry> entries;

  /** The repository root: the parent of the cli module directory the tests run in. */
  static Path repositoryRoot() throws URISyntaxException {
    Path classes =
        Path.of(
            CatalogueIndexTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // cli/target/test-classes -> cli -> repository root
    Path cli = classes.getParent().getParent();
    assertThat(cli.resolve("pom.xml")).as("the cli module").exists();
    return cli.getParent();
  }

  @BeforeAll
  static void parse() throws Exception {
    repo = repositoryRoot();
    Path file = repo.resolve("SECURITY.md");
    assertThat(file).exists();
    List<String> lines = Files.readAllLines(file);
    int start = lines.indexOf(SECTION);
    assertThat(start).as("SECURITY.md has the section " + SECTION).isNotNegative();
    entries = new ArrayList<>();
    Character group = null;
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      String line = lines.get(i);
      Matcher g = GROUP.matcher(line);
      if (g.matches()) {
        group = g.group(1).charAt(0);
        continue;
      }
      Matcher r = ROW.matcher(line);
      if (r.matches()) {
        assertThat(group).as("row before any group heading: %s", line).isNotNull();
        List<Ref> refs = new ArrayList<>();
        // only the tests column: the row is | # | entry | tests | coverage |
        String[] cells = r.group(3).split("\\|", -1);
        Matcher m = REF.matcher(cells.length > 0 ? cells[0] : "");
        while (m.find()) {
          refs.add(new Ref(m.group(1), m.group(2), m.group(3)));
        }
        entries.add(new Entry(Integer.parseInt(r.group(1)), group, r.group(2), refs, line));
      }
    }
  }

  @Test
  void everyNumberAppearsOnceInItsGroup() {
    Map<Integer, List<Entry>> byNumber = new TreeMap<>();
    for (Entry e : entries) {
      byNumber.computeIfAbsent(e.number(), n -> new ArrayList<>()).add(e);
    }
    for (int n = 1; n <= 39; n++) {
      assertThat(byNumber.get(n)).as("catalogue #%d", n).isNotNull().hasSize(1);
      Entry e = byNumber.get(n).get(0);
      int[] range = GROUPS.get(e.group());
      assertThat(n).as("#%d in group %s", n, e.group()).isBetween(range[0], range[1]);
    }
    assertThat(byNumber.keySet()).as("no numbers beyond the catalogue").hasSize(39);
  }

  @Test
  void everyEntryNamesATestOrSaysItIsNone() {
    for (Entry e : entries) {
      boolean tests = e.refs().stream().anyMatch(r -> !r.module().equals("bench"));
      if (!tests) {
        assertThat(e.row()).as("#%d %s names no test", e.number(), e.name()).contains("not a test");
      }
    }
  }

  @Test
  void everyReferenceIsARealJunitTest() throws Exception {
    Map<String, String> problems = new LinkedHashMap<>();
    int checked = 0;
    for (Entry e : entries) {
      for (Ref r : e.refs()) {
        checked++;
        String problem = check(r);
        if (problem != null) {
          problems.put("#" + e.number() + " " + r, problem);
        }
      }
    }
    assertThat(checked).as("references checked").isGreaterThan(150);
    assertThat(problems).isEmpty();
  }

  private static String check(Ref r) throws IOException {
    if (r.module().equals("bench")) {
      Path source =
          repo.resolve("bench/src/main/java").resolve(r.className().replace('.', '/') + ".java");
      return Files.isRegularFile(source) ? null : "no source " + source;
    }
    if (r.method() == null) {
      return "names no method (use #* for the whole class)";
    }
    Class<?> c;
    try {
      c = Class.forName(r.className(), false, CatalogueIndexTest.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError x) {
      return "class not found: " + x;
    }
    String where = String.valueOf(c.getProtectionDomain().getCodeSource().getLocation());
    boolean inCli = where.contains("/cli/target/");
    if (r.module().equals("cli") != inCli) {
      return "is not in module " + r.module() + " (found in " + where + ")";
    }
    if (c.isAnnotationPresent(Disabled.class)) {
      return "the class is @Disabled";
    }
    List<Method> tests = new ArrayList<>();
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Method m : k.getDeclaredMethods()) {
        if (isTest(m) && (r.method().equals("*") || m.getName().equals(r.method()))) {
          tests.add(m);
        }
      }
    }
    if (tests.isEmpty()) {
      return r.method().equals("*") ? "has no test methods" : "no test method of that name";
    }
    if (tests.stream().allMatch(m -> m.isAnnotationPresent(Disabled.class))) {
      return "is @Disabled";
    }
    return null;
  }

  /**
   * A JUnit Platform test: one of its annotations is, or is meta-annotated (at any depth) with,
   * {@code @Testable} ({@code @Test} directly; {@code @ParameterizedTest} and {@code @FuzzTest}
   * through {@code @TestTemplate}).
   */
  static boolean isTest(Method m) {
    return Arrays.stream(m.getAnnotations())
        .anyMatch(a -> testable(a.annotationType(), new java.util.HashSet<>()));
  }

  private static boolean testable(Class<? extends Annotation> type, java.util.Set<Class<?>> seen) {
    if (type == Testable.class) {
      return true;
    }
    if (!seen.add(type) || type.getName().startsWith("java.lang.annotation.")) {
      return false;
    }
    for (Annotation meta : type.getAnnotations()) {
      if (testable(meta.annotationType(), seen)) {
        return true;
      }
    }
    return false;
  }
}
