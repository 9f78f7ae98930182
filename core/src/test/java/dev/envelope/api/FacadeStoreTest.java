package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 item 6: the facade's {@code decrypt(message)} searches the personal store, as CAPICOM's
 * Decrypt searched MY, and its recipients can be found by query. The store is found through the
 * environment, so this runs in a child JVM with ENVELOPE_HOME set to a temporary folder.
 */
class FacadeStoreTest {
  @TempDir Path home;

  @Test
  void capicomFlowThroughThePersonalStore() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    FacadeStoreMain.class.getName(),
                    "Grüße aus CAPICOM"))
            .redirectErrorStream(true);
    pb.environment().put("ENVELOPE_HOME", home.toString());
    pb.environment().put("ENVELOPE_STORE_PASS", "store-secret");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("OPENED Grüße aus CAPICOM");
    assertThat(home.resolve("my.p12")).exists();
  }
}
