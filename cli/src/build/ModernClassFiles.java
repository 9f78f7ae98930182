import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build tool of the launcher (not part of the product): rewrites the pre-Java 6 class files of the
 * jars in a folder as Java 8 class files with stack maps, so that the JDK's ahead-of-time cache
 * (JEP 483/514) can hold them.
 *
 * <p>Why: picocli is compiled for Java 5 (class-file version 49). The JVM verifies such classes
 * with the old type-inferring verifier, and the AOT cache skips them ("Unlinked class not
 * supported by AOTClassLinking"), so its 180-odd classes were loaded from the jar on every start:
 * about a third of a short command's run. The bytecode is kept as it is; only the version changes
 * and stack-map frames are computed (java.lang.classfile, JDK 24+), which the verifier then checks
 * as for any modern class. Multi-release entries are dropped (they hold only module-info).
 *
 * <p>Usage: {@code java ModernClassFiles.java DIR}; each jar is rewritten beside itself and moved
 * into place only when every class converted; a jar with no old classes is left alone. Exit 0 when
 * done, 1 with a message otherwise (the launcher then keeps the original jars).
 */
public final class ModernClassFiles {
  private static final int OLDEST_WITH_STACK_MAPS = 50;
  private static final int TARGET = ClassFile.JAVA_8_VERSION;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java ModernClassFiles.java DIR");
      System.exit(1);
    }
    List<Path> jars = new ArrayList<>();
    try (var files = Files.list(Path.of(args[0]))) {
      files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
    }
    for (Path jar : jars) {
      int n = upgrade(jar);
      if (n > 0) {
        System.out.println(jar.getFileName() + ": " + n + " classes now version " + TARGET);
      }
    }
  }

  /** Rewrites {@code jar} in place; returns how many classes changed (0: the file is untouched). */
  static int upgrade(Path jar) throws IOException {
    Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
    int changed = 0;
    // the jar's own classes resolve its class hierarchy when frames are computed
    try (URLClassLoader loader =
            new URLClassLoader(
                new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        OutputStream raw = Files.newOutputStream(tmp);
        ZipOutputStream out = new ZipOutputStream(raw)) {
      ClassFile cf =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.ofClassLoading(loader)
                      .orElse(ClassHierarchyResolver.defaultResolver())));
      // every method body is rebuilt (an untouched body would be copied without frames)
      ClassTransform rebuild =
          ClassTransform.transformingMethodBodies((code, element) -> code.with(element))
              .andThen(ClassTransform.endHandler(c -> c.withVersion(TARGET, 0)));
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        byte[] bytes = in.readAllBytes();
        String name = e.getName();
        if (name.startsWith("META-INF/versions/")) {
          continue;
        }
        if (name.endsWith(".class")) {
          ClassModel model = cf.parse(bytes);
          if (model.majorVersion() < OLDEST_WITH_STACK_MAPS) {
            bytes = cf.transformClass(model, rebuild);
            changed++;
          }
        } else if (name.equals("META-INF/MANIFEST.MF")) {
          bytes = withoutMultiRelease(bytes);
        }
        ZipEntry copy = new ZipEntry(name);
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    } catch (IOException | RuntimeException ex) {
      Files.deleteIfExists(tmp);
      throw ex;
    }
    if (changed == 0) {
      Files.delete(tmp);
      return 0;
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return changed;
  }

  private static byte[] withoutMultiRelease(byte[] manifest) {
    String text = new String(manifest, java.nio.charset.StandardCharsets.UTF_8);
    return text.replaceAll("(?m)^Multi-Release:.*\\r?\\n", "")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
