package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher's build step {@code cli/src/build/ModernClassFiles.java}: picocli's Java 5 class
 * files become Java 8 ones with stack maps (so the AOT cache can hold them), and the tool still
 * works on the result under full verification, which a missing or wrong frame would fail.
 */
class ModernClassFilesTest {
  @TempDir Path dir;

  @Test
  void picocliBecomesJava8AndTheToolRunsOnIt() throws Exception {
    Path original =
        Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(majorVersions(original)).as("picocli as published").contains(49);
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Path jar = Files.copy(original, lib.resolve("picocli.jar"));

    Path tool = Path.of("src/build/ModernClassFiles.java").toAbsolutePath();
    Cli.Result upgrade =
        Cli.runProcess(
            new ProcessBuilder(java(), tool.toString(), lib.toString()).directory(dir.toFile()),
            new byte[0],
            120);
    assertThat(upgrade.code()).as(upgrade.stderr()).isZero();
    assertThat(majorVersions(jar)).allMatch(v -> v >= 52);
    try (JarFile j = new JarFile(jar.toFile())) {
      assertThat(j.stream().map(e -> e.getName()))
          .noneMatch(n -> n.startsWith("META-INF/versions/"));
    }

    // the product's own classes, with the converted picocli instead of the original
    List<String> cp = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!Path.of(entry).getFileName().toString().startsWith("picocli")) {
        cp.add(entry);
      }
    }
    cp.add(jar.toString());
    String classPath = String.join(File.pathSeparator, cp);
    Cli.Result help =
        Cli.runProcess(
            new ProcessBuilder(
                    java(),
                    "-Xverify:all",
                    "-cp",
                    classPath,
                    Main.class.getName(),
                    "encrypt",
                    "--help")
                .directory(dir.toFile()),
            new byte[0],
            120);
    assertThat(help.code()).as(help.stderr()).isZero();
    assertThat(help.out()).contains("--cipher");
    Cli.Result demo =
        Cli.runProcess(
            new ProcessBuilder(
                    java(),
                    "-Xverify:all",
                    "-cp",
                    classPath,
                    Main.class.getName(),
                    "demo",
                    "--dir",
                    dir.toString())
                .directory(dir.toFile()),
            new byte[0],
            300);
    assertThat(demo.code()).as(demo.stderr()).isZero();
  }

  @Test
  void aJarWithoutOldClassesIsLeftAlone() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Path core =
        Path.of(
            dev.envelope.Envelope.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    if (Files.isDirectory(core)) {
      // the reactor's class folder: nothing to try the tool on
      return;
    }
    Path jar = Files.copy(core, lib.resolve("envelope-core.jar"));
    byte[] before = Files.readAllBytes(jar);
    Path tool = Path.of("src/build/ModernClassFiles.java").toAbsolutePath();
    Cli.Result r =
        Cli.runProcess(
            new ProcessBuilder(java(), tool.toString(), lib.toString()), new byte[0], 120);
    assertThat(r.code()).isZero();
    assertThat(Files.readAllBytes(jar)).isEqualTo(before);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<Integer> majorVersions(Path jar) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      for (var e : j.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        try (InputStream in = j.getInputStream(e)) {
          byte[] head = in.readNBytes(8);
          out.add(((head[6] & 0xff) << 8) | (head[7] & 0xff));
        }
      }
    }
    return out;
  }
}
