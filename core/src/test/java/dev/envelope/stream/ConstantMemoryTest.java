package dev.envelope.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 4 and SECURITY.md #37: any size in constant memory, both ways. A child JVM limited to a 64
 * MiB heap seals 4 GiB generated on the fly (never stored) and opens it as it is made; the SHA-256
 * of what went in and came out must agree, and the heap's peak stays under 48 MiB. Any use of the
 * JDK's buffering GCM decryptor or of a ByteArrayOutputStream would run out of memory.
 */
class ConstantMemoryTest {
  private static final long GIB = 1L << 30;

  /**
   * Issue 7: re-addressing 256 MiB in a child JVM with a 32 MiB heap, an eighth of the content. The
   * content is checked and kept aside in a temporary file, never in memory, then copied; the added
   * recipient opens it to the same bytes. Finishing at all is the proof: held whole, the content
   * would not fit.
   */
  @org.junit.jupiter.api.Test
  void readdressesUnderA32MiBHeap() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        List.of(
            java,
            "-Xmx32m",
            "-cp",
            System.getProperty("java.class.path"),
            LargeReaddress.class.getName(),
            Long.toString(256L << 20));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as("finished in time").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String[] parts = out.lines().reduce((a, b) -> b).orElse("").split(" ");
    assertThat(parts[0]).as(out).isEqualTo("OK");
    // the pools' peaks (summed, each at its own moment) say little under -Xmx32m; informational
    System.out.printf(
        "constant memory: 256 MiB re-addressed under -Xmx32m (pool peaks %d MiB)%n",
        Long.parseLong(parts[2]) >> 20);
  }

  @ParameterizedTest(name = "{0} bytes, {1}")
  @CsvSource({"4294967296, aes-256-gcm", "1073741824, aes-256-cbc"})
  void sealsAndOpensUnderA64MiBHeap(long size, String cipher) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx64m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LargeRoundTrip.class.getName());
    cmd.add(Long.toString(size));
    cmd.add(cipher);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as("finished in time").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String[] parts = out.lines().reduce((a, b) -> b).orElse("").split(" ");
    assertThat(parts[0]).as(out).isEqualTo("OK");
    long peak = Long.parseLong(parts[2]);
    System.out.printf(
        "constant memory: %d GiB %s sealed and opened, peak heap %d MiB%n",
        size / GIB, cipher, peak >> 20);
    assertThat(peak).isLessThan(48L << 20);
  }
}
