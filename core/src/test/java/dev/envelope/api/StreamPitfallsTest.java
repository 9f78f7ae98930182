package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.ContentCipher;
import dev.envelope.DecryptingInputStream;
import dev.envelope.Envelope;
import dev.envelope.Recipient;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.interop.TestPki;
import dev.envelope.interop.TestPki.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY.md #27 (ST-no-unverified-release) and #32 (ST-jca-stream-pitfalls) through the public
 * API: a tampered AES-GCM message, past the size where tagging moves to a second thread, through
 * every streaming entry point and every way of reading, never ends normally; the entry points that
 * promise verified output release nothing; and no production code uses the JDK's cipher streams,
 * which swallow tag failures (JDK-8016171, JDK-8016249, JDK-8012900).
 */
class StreamPitfallsTest {

  /**
   * Past the 1 MiB after which content is read ahead and GCM keystream ranges are shared, not a
   * multiple of the block size.
   */
  private static final int SIZE = 3 * 1024 * 1024 + 7;

  private static final int MAC_TLV = 2 + 16;

  private static Identity alice;
  private static byte[] content;
  private static byte[] sealed;

  @BeforeAll
  static void seal() throws Exception {
    alice = TestPki.rsa(2048, "alice");
    content = new byte[SIZE];
    new Random(27_32).nextBytes(content);
    sealed =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_GCM)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(content);
    assertThat(Envelope.decrypt(sealed, alice.keySource()).content()).isEqualTo(content);
  }

  /** How a message was spoiled (#27 (a) to (d)). */
  enum Tamper {
    FIRST_BLOCK,
    LAST_BLOCK,
    TAG,
    CUT_BEFORE_MAC;

    byte[] apply(byte[] der) {
      int contentEnd = der.length - MAC_TLV;
      int contentStart = contentEnd - SIZE;
      byte[] b = der.clone();
      switch (this) {
        case FIRST_BLOCK -> b[contentStart] ^= 0x01;
        case LAST_BLOCK -> b[contentEnd - 1] ^= 0x01;
        case TAG -> b[der.length - 1] ^= 0x01;
        case CUT_BEFORE_MAC -> {
          return Arrays.copyOf(der, contentEnd);
        }
      }
      return b;
    }
  }

  @Test
  void theTamperedBytesAreTheOnesMeant() {
    int contentEnd = sealed.length - MAC_TLV;
    assertThat(sealed[contentEnd]).as("the mac's OCTET STRING tag").isEqualTo((byte) 0x04);
    assertThat(sealed[contentEnd + 1]).as("its length").isEqualTo((byte) 16);
  }

  /** Reading styles of {@link DecryptingInputStream}. */
  enum Read {
    LOOP_TO_EOF,
    READ_ALL_BYTES,
    TRANSFER_TO,
    HALF_THEN_CLOSE,
    SINGLE_BYTES_THEN_CLOSE;

    void run(InputStream s) throws IOException {
      switch (this) {
        case LOOP_TO_EOF -> {
          byte[] buf = new byte[8192];
          while (s.read(buf) >= 0) {
            // drain
          }
        }
        case READ_ALL_BYTES -> s.readAllBytes();
        case TRANSFER_TO -> s.transferTo(OutputStream.nullOutputStream());
        case HALF_THEN_CLOSE -> s.readNBytes(SIZE / 2);
        case SINGLE_BYTES_THEN_CLOSE -> {
          for (int i = 0; i < 100; i++) {
            s.read();
          }
        }
      }
    }
  }

  static Stream<Arguments> tampersAndReads() {
    List<Arguments> out = new ArrayList<>();
    for (Tamper t : Tamper.values()) {
      for (Read r : Read.values()) {
        out.add(Arguments.of(t, r));
      }
    }
    return out.stream();
  }

  /**
   * {@code openDecrypting} hands out plaintext before the tag (as its Javadoc says), so the test is
   * that every style of reading ends in an exception: at the end of the content, or at {@code
   * close()} when the reader stopped early. The message cut before its mac fails as malformed.
   */
  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("tampersAndReads")
  void everyStreamingEntryPointFailsOnATamperedGcmMessage_32(Tamper t, Read r) throws Exception {
    byte[] spoiled = t.apply(sealed);
    Throwable thrown =
        catchThrowable(
            () -> {
              try (DecryptingInputStream s =
                  Envelope.opener()
                      .openDecrypting(new ByteArrayInputStream(spoiled), alice.keySource())) {
                r.run(s);
              }
            });
    assertThat(thrown).as("%s read by %s must not end normally", t, r).isNotNull();
    assertThat(thrown)
        .isInstanceOfAny(IOException.class, EnvelopeException.class)
        .isNotInstanceOf(RuntimeException.class);
  }

  /** The untampered message: early close is still an exception, reading to the end is not. */
  @ParameterizedTest
  @EnumSource(Read.class)
  void onlyReadingToTheEndOfAGenuineMessageEndsNormally_32(Read r) {
    Throwable thrown =
        catchThrowable(
            () -> {
              try (DecryptingInputStream s =
                  Envelope.opener()
                      .openDecrypting(new ByteArrayInputStream(sealed), alice.keySource())) {
                r.run(s);
              }
            });
    if (r == Read.HALF_THEN_CLOSE || r == Read.SINGLE_BYTES_THEN_CLOSE) {
      assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("not verified");
    } else {
      assertThat(thrown).isNull();
    }
  }

  /**
   * #27: the entry points that promise verified output (an OutputStream sink, a file, the byte[]
   * API) release nothing for each of (a) the first block flipped, (b) the last block, (c) the tag,
   * (d) the message cut before the mac; the file target never appears and no temporary file stays.
   */
  @ParameterizedTest
  @EnumSource(Tamper.class)
  void verifiedEntryPointsReleaseNothing_27(Tamper t, @TempDir Path dir) throws Exception {
    byte[] spoiled = t.apply(sealed);
    Class<? extends Exception> expected =
        t == Tamper.CUT_BEFORE_MAC
            ? MalformedMessageException.class
            : DecryptionFailedException.class;

    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    assertThat(
            catchThrowable(
                () ->
                    Envelope.opener()
                        .decrypt(new ByteArrayInputStream(spoiled), sink, alice.keySource())))
        .isExactlyInstanceOf(expected);
    assertThat(sink.size()).as("bytes released to the sink").isZero();

    Path in = dir.resolve("in.p7m");
    Files.write(in, spoiled);
    Path target = dir.resolve("out.bin");
    assertThat(
            catchThrowable(() -> Envelope.opener().decrypt(in, target, alice.keySource(), false)))
        .isExactlyInstanceOf(expected);
    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(in);
    }

    assertThat(catchThrowable(() -> Envelope.decrypt(spoiled, alice.keySource())))
        .isExactlyInstanceOf(expected);
  }

  /**
   * #32's source check: no production code (core or cli) uses {@code
   * javax.crypto.CipherInputStream} or {@code CipherOutputStream}, whose {@code close()} and {@code
   * read()} swallow AEAD failures.
   */
  @Test
  void noProductionUseOfJcaCipherStreams_32() throws IOException {
    List<Path> roots = List.of(Path.of("src/main/java"), Path.of("../cli/src/main/java"));
    List<String> uses = new ArrayList<>();
    int files = 0;
    for (Path root : roots) {
      assertThat(root).as("source root (tests run in the core module directory)").isDirectory();
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
          files++;
          List<String> lines = Files.readAllLines(f);
          for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            boolean comment =
                line.startsWith("//") || line.startsWith("*") || line.startsWith("/*");
            if (!comment
                && (line.contains("CipherInputStream") || line.contains("CipherOutputStream"))) {
              uses.add(f + ":" + (i + 1) + ": " + line);
            }
          }
        }
      }
    }
    assertThat(files).as("Java files scanned").isGreaterThan(50);
    assertThat(uses).isEmpty();
  }

  /** The positive twin of the above: a genuine message opens through every entry point. */
  @Test
  void theGenuineMessageOpensEverywhere_27(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Envelope.opener().decrypt(new ByteArrayInputStream(sealed), sink, alice.keySource());
    assertThat(sink.toByteArray()).isEqualTo(content);
    Path in = dir.resolve("in.p7m");
    Files.write(in, sealed);
    Path target = dir.resolve("out.bin");
    assertThatCode(() -> Envelope.opener().decrypt(in, target, alice.keySource(), false))
        .doesNotThrowAnyException();
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
  }
}
