package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.envelope.Envelope;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Envelope#prepareInBackground}: a daemon thread, returning at once; never an error. */
class WarmupTest {

  @Test
  void runsWithoutError() {
    assertThatCode(Warmup::run).doesNotThrowAnyException();
  }

  @Test
  void startsADaemonThreadThatEnds() throws Exception {
    long t0 = System.nanoTime();
    Envelope.prepareInBackground();
    assertThat(System.nanoTime() - t0).as("returns at once").isLessThan(1_000_000_000L);
    if (Runtime.getRuntime().availableProcessors() < 2) {
      return; // nothing is started on one processor
    }
    Optional<Thread> t =
        Thread.getAllStackTraces().keySet().stream()
            .filter(x -> x.getName().equals("envelope-warm-up"))
            .findFirst();
    if (t.isPresent()) { // it may have finished already
      assertThat(t.get().isDaemon()).isTrue();
      t.get().join(60_000);
      assertThat(t.get().isAlive()).isFalse();
    }
  }
}
