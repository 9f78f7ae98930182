package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.Recipient;
import dev.envelope.x509.CertificateBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 item 6, SECURITY.md G #39: the command line opening 1,000 messages in a loop in one JVM
 * (through {@link Main#run}, as a long-lived host embedding the tool would), with no growth in heap
 * after a full GC and none in open file descriptors between message 100 and message 1,000, and no
 * file left in the output folder. The messages mix RSA, ECDH P-256, a password and a KEK recipient,
 * GCM, CBC and ChaCha20-Poly1305, to a file and to stdout.
 */
class LoadCliTest {
  private static final int RUNS = 1_000;
  private static final int WARM_UP = 100;

  /**
   * Heap growth tolerated between the two measurements, for GC noise. A leak of anything sized by
   * the message (each content is 16 KiB) over 900 runs would be 14 MiB or more.
   */
  private static final long HEAP_TOLERANCE = 6L << 20;

  private static final Path FDS = Path.of("/proc/self/fd");

  @TempDir static Path dir;
  static final List<String[]> ARGS = new ArrayList<>();
  static final List<byte[]> CONTENTS = new ArrayList<>();

  @BeforeAll
  static void messages() throws Exception {
    Random random = new Random(1000);
    Identity alice = Identity.create(dir, "alice");
    KeyPair ecPair = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate ecCert = CertificateBuilder.forSubject("CN=ec").selfSigned(ecPair);
    Path ecKey = dir.resolve("ec.key");
    Files.writeString(ecKey, Identity.pkcs8Pem(ecPair.getPrivate().getEncoded()));
    char[] password = "a load of passwords".toCharArray();
    byte[] kekId = {7, 7, 7};
    byte[] kek = new byte[16];
    random.nextBytes(kek);
    Object[][] kinds = {
      {Recipient.of(alice.certificate()), new String[] {"--key", alice.keyArg()}},
      {Recipient.of(ecCert), new String[] {"--key", ecKey.toString()}},
      {
        new Recipient.Password(password, KdfHash.SHA256, 1_000),
        new String[] {"--password", "pass:" + new String(password)}
      },
      {
        Recipient.kek(kekId, kek),
        new String[] {
          "--kek-id",
          HexFormat.of().formatHex(kekId),
          "--kek",
          "pass:" + HexFormat.of().formatHex(kek)
        }
      },
    };
    int n = 0;
    for (ContentCipher cipher :
        List.of(
            ContentCipher.AES_256_GCM,
            ContentCipher.AES_128_CBC,
            ContentCipher.CHACHA20_POLY1305)) {
      for (Object[] kind : kinds) {
        byte[] content = new byte[16 << 10];
        random.nextBytes(content);
        byte[] message =
            Envelope.sealer().withCipher(cipher).withRecipient((Recipient) kind[0]).seal(content);
        Path in = Files.write(dir.resolve("m" + n++ + ".p7m"), message);
        List<String> args = new ArrayList<>(List.of("--quiet", "decrypt", in.toString()));
        args.addAll(List.of((String[]) kind[1]));
        ARGS.add(args.toArray(String[]::new));
        CONTENTS.add(content);
      }
    }
  }

  private static long fds() throws IOException {
    try (Stream<Path> s = Files.list(FDS)) {
      return s.count();
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static List<String> entries(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aThousandOpensInOneJvmGrowNeitherHeapNorFileDescriptors() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(FDS), "no /proc/self/fd to count descriptors");
    Path out = dir.resolve("out.bin");
    List<String> inputs = entries(dir);
    long heapAt100 = 0;
    long fdsAt100 = 0;
    for (int i = 1; i <= RUNS; i++) {
      int k = i % ARGS.size();
      boolean toFile = (i / ARGS.size()) % 2 == 0;
      String[] args = ARGS.get(k);
      if (toFile) {
        args = Arrays.copyOf(args, args.length + 2);
        args[args.length - 2] = "-o";
        args[args.length - 1] = out.toString();
      }
      Cli.Result r = Cli.run(args);
      assertThat(r.code()).as("run %d: %s", i, r.stderr()).isZero();
      byte[] got = toFile ? Files.readAllBytes(out) : r.stdout();
      if (!Arrays.equals(got, CONTENTS.get(k))) {
        throw new AssertionError("run " + i + ": wrong content");
      }
      if (toFile) {
        Files.delete(out);
      }
      if (i == WARM_UP) {
        heapAt100 = heapAfterGc();
        fdsAt100 = fds();
      }
    }
    long heapAt1000 = heapAfterGc();
    long fdsAt1000 = fds();
    System.out.printf(
        "LoadCliTest: heap after GC %d KiB at run %d, %d KiB at run %d; open descriptors %d, %d%n",
        heapAt100 >> 10, WARM_UP, heapAt1000 >> 10, RUNS, fdsAt100, fdsAt1000);
    assertThat(heapAt1000).as("heap after GC at run 1000").isLessThan(heapAt100 + HEAP_TOLERANCE);
    // a leak of one per run would be 900; allow for a lazily opened JDK file
    assertThat(fdsAt1000).as("open file descriptors at run 1000").isLessThanOrEqualTo(fdsAt100 + 2);
    assertThat(entries(dir)).as("the output folder").isEqualTo(inputs);
  }
}
