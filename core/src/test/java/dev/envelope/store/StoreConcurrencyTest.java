package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.store.StoreFixtures.Identity;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several writers, threads or processes, on one store: nothing is lost, nothing is torn. */
class StoreConcurrencyTest {
  private static final int WRITERS = 8;
  private static final int IMPORTS_EACH = 1;
  private static final int ADDS_PER_THREAD = 3;
  private static final String FILE_PASSWORD = "file-pass";

  @TempDir Path dir;

  @Test
  void eightProcessesImportingAtOnceLoseNoEntry() throws Exception {
    Path store = dir.resolve("home").resolve("my.p12");
    Path go = dir.resolve("go");
    Set<String> expected = new HashSet<>();
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < WRITERS; p++) {
      List<String> args =
          new ArrayList<>(List.of("import", store.toString(), go.toString(), FILE_PASSWORD));
      for (int i = 0; i < IMPORTS_EACH; i++) {
        Identity id = StoreFixtures.identity("ec-p256", "CN=Writer " + p + "." + i, null);
        expected.add(CertificateFacts.sha256(id.cert()));
        args.add(StoreFixtures.jdkPfx(dir, "w" + p + "-" + i, FILE_PASSWORD, id).toString());
      }
      processes.add(start(args));
    }
    Files.createFile(go);

    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("writer finished").isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("imported " + IMPORTS_EACH);
    }
    try (CertificateStore s = CertificateStore.open(store, StoreFixtures.storePassword())) {
      assertThat(s.entries()).hasSize(WRITERS * IMPORTS_EACH).allMatch(StoreEntry::hasPrivateKey);
      assertThat(s.entries().stream().map(StoreEntry::sha256))
          .containsExactlyInAnyOrderElementsOf(expected);
      for (StoreEntry e : s.entries()) {
        assertThat(s.privateKey(e)).isNotNull();
      }
    }
    assertThat(CertificateStoreTest.leftovers(store.getParent())).isEmpty();
  }

  @Test
  void eightThreadsAddingAtOnceLoseNoEntry() throws Exception {
    Path store = dir.resolve("threads.p12");
    List<Identity> ids = new ArrayList<>();
    for (int i = 0; i < WRITERS * ADDS_PER_THREAD; i++) {
      ids.add(StoreFixtures.identity("ec-p256", "CN=Thread " + i, null));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < WRITERS; t++) {
        int first = t * ADDS_PER_THREAD;
        Callable<Void> writer =
            () -> {
              // each thread has its own store object, as separate callers would
              try (CertificateStore s =
                  CertificateStore.open(store, StoreFixtures.storePassword())) {
                start.await();
                for (int i = first; i < first + ADDS_PER_THREAD; i++) {
                  s.add(ids.get(i).cert(), ids.get(i).key(), List.of());
                }
              }
              return null;
            };
        done.add(pool.submit(writer));
      }
      start.countDown();
      for (Future<Void> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (CertificateStore s = CertificateStore.open(store, StoreFixtures.storePassword())) {
      assertThat(s.entries().stream().map(StoreEntry::sha256))
          .containsExactlyInAnyOrderElementsOf(
              ids.stream().map(i -> CertificateFacts.sha256(i.cert())).toList());
    }
  }

  @Test
  void aWriterKilledMidWayLeavesAWholeStore() throws Exception {
    Path store = dir.resolve("crash.p12");
    for (int round = 1; round <= 2; round++) {
      Process p = start(List.of("loop", store.toString()));
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      // let it write a few times, then kill it (SIGKILL: no shutdown hook runs) at some moment
      for (int i = 0; i < round * 2; i++) {
        assertThat(lines.readLine()).startsWith("added");
      }
      Thread.sleep(round * 7L);
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

      try (CertificateStore s = CertificateStore.open(store, StoreFixtures.storePassword())) {
        int before = s.entries().size();
        assertThat(before).isGreaterThanOrEqualTo(round * 2);
        for (StoreEntry e : s.entries()) {
          assertThat(s.privateKey(e)).isNotNull();
        }
        // the dead writer's lock went with it
        Identity id = StoreFixtures.identity("ec-p256", "CN=After " + round, null);
        s.add(id.cert(), id.key(), List.of());
        assertThat(s.entries()).hasSize(before + 1);
      }
    }
  }

  private Process start(List<String> args) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                // short-lived: start fast rather than run fast
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                testClassPath(),
                StoreWriterMain.class.getName()));
    command.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put(Stores.PASSWORD_VARIABLE, StoreFixtures.STORE_PASSWORD);
    return pb.start();
  }

  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
