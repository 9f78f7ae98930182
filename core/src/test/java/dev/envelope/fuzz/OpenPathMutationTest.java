package dev.envelope.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 item 4, SECURITY.md #8: a seeded, dependency-free mutation run of {@value #CASES} inputs
 * through the whole open path. The seeds are the corpus's valid messages (every recipient kind,
 * every cipher family, DER, BER and PEM); each input is one seed with one to three edits: bit
 * flips, byte changes, insertions, deletions, truncations, rewritten lengths and tags of real
 * elements, removed and duplicated elements, splices within a message and across two. Half go
 * through {@code Opener.decrypt(byte[])}, half through {@code openDecrypting(InputStream)} read to
 * the end.
 *
 * <p>Each must end in a declared exception or the right plaintext within {@link
 * Targets#BOUND_MILLIS} (see {@link Targets}); anything else is collected with the seed, case and
 * edits that reproduce it, and the list must be empty. The counts per outcome go to standard
 * output, so they show in the CI log. The same seed gives the same inputs on every run.
 */
class OpenPathMutationTest {
  static final long SEED = 0xF0CC_5EEDL;
  static final int CASES = 100_000;

  static final byte[] TAGS = {
    0x01,
    0x02,
    0x03,
    0x04,
    0x05,
    0x06,
    0x0c,
    0x17,
    0x24,
    0x30,
    0x31,
    (byte) 0x80,
    (byte) 0x81,
    (byte) 0x82,
    (byte) 0x83,
    (byte) 0xa0,
    (byte) 0xa1,
    (byte) 0xa2,
    (byte) 0xa3,
    (byte) 0xa4,
    (byte) 0xbf
  };

  record Seed(String name, byte[] message) {}

  static List<Seed> seeds;

  @BeforeAll
  static void seeds() throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            OpenPathMutationTest.class
                .getResource("/dev/envelope/fuzz/OpenPathFuzzTestInputs")
                .toURI());
    List<Seed> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("valid-")) {
          out.add(new Seed(name, Files.readAllBytes(p)));
        }
      }
    }
    seeds = List.copyOf(out);
  }

  /** The positive twins: every valid message of the corpus opens, both ways, to the plaintext. */
  @Test
  void everyValidSeedOpens() {
    assertThat(seeds).hasSizeGreaterThanOrEqualTo(20);
    for (Seed s : seeds) {
      if (s.name.contains("detached")) {
        // no content to open (today a DecryptionFailedException: the empty content fails)
        assertThat(Targets.decrypt(s.message)).as(s.name).endsWith("Exception");
        continue;
      }
      String expected = s.name.contains("bad-tag") ? "DecryptionFailedException" : "plaintext";
      assertThat(Targets.decrypt(s.message)).as(s.name).isEqualTo(expected);
      assertThat(Targets.openDecrypting(s.message).replace(" (stream)", ""))
          .as(s.name + " streamed")
          .isEqualTo(expected);
    }
  }

  @Test
  void mutantsEndInADeclaredExceptionOrThePlaintext() {
    Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    // two threads on this 2-core machine; every case is seeded by its number alone
    IntStream.range(0, CASES)
        .parallel()
        .forEach(
            c -> {
              Seed s = seeds.get(c % seeds.size());
              Random r = new Random(SEED * 1_000_003L + c);
              StringBuilder what = new StringBuilder();
              byte[] mutant = mutate(s.message, r, what);
              boolean stream = (c & 1) == 1;
              String outcome;
              try {
                outcome = stream ? Targets.openDecrypting(mutant) : Targets.decrypt(mutant);
              } catch (Throwable t) {
                outcome = "PROBLEM " + t.getClass().getSimpleName();
                problems.add(
                    "case "
                        + c
                        + " (seed "
                        + s.name
                        + ", "
                        + (stream ? "openDecrypting" : "decrypt")
                        + ": "
                        + what
                        + "): "
                        + stackOf(t));
              }
              counts.computeIfAbsent(outcome, k -> new LongAdder()).increment();
            });
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((k, v) -> sorted.put(k, v.sum()));
    StringBuilder line = new StringBuilder("mutation: " + CASES + " inputs:");
    sorted.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e -> line.append(' ').append(e.getValue()).append(' ').append(e.getKey()).append(','));
    line.setLength(line.length() - 1);
    line.append(" (").append(seeds.size()).append(" seeds, ").append(seconds).append(" s)");
    System.out.println(line);
    problems.stream().limit(20).forEach(p -> System.out.println("mutation problem: " + p));

    assertThat(problems).as("inputs that did not end in a declared outcome").isEmpty();
    assertThat(sorted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(CASES);
    assertThat(sorted.getOrDefault("plaintext", 0L))
        .as("some mutants leave the message intact (attributes, lengths BER allows)")
        .isPositive();
    assertThat(
            sorted.getOrDefault("DecryptionFailedException", 0L)
                + sorted.getOrDefault("DecryptionFailedException (stream)", 0L))
        .as("the mutations reach the cryptography")
        .isGreaterThan(CASES / 20);
  }

  static String stackOf(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String[] lines = w.toString().split("\n");
    return String.join(" | ", Arrays.copyOf(lines, Math.min(8, lines.length)));
  }

  // ------------------------------------------------------------------ mutations

  /** Applies one to three edits; describes them in {@code what}. */
  static byte[] mutate(byte[] in, Random r, StringBuilder what) {
    byte[] b = in;
    int ops = r.nextInt(10) < 5 ? 1 : r.nextInt(10) < 6 ? 2 : 3;
    for (int i = 0; i < ops && b.length > 0; i++) {
      int at = r.nextInt(b.length);
      // weighted: two in five flip or set a byte (mostly in keys and ciphertext: the
      // cryptography answers), one in three edits a real element (the decoder answers)
      int roll = r.nextInt(30);
      int op = roll < 8 ? 0 : roll < 12 ? 1 : roll < 20 ? roll - 10 : 7 + (roll - 20) % 7;
      switch (op) {
        case 0 -> {
          b = b.clone();
          int bit = r.nextInt(8);
          b[at] ^= (byte) (1 << bit);
          what.append("flip bit ").append(bit).append(" at ").append(at);
        }
        case 1 -> {
          b = b.clone();
          b[at] = (byte) r.nextInt(256);
          what.append("set byte at ").append(at);
        }
        case 2 -> {
          b = splice(b, at, 0, new byte[] {(byte) r.nextInt(256)});
          what.append("insert byte at ").append(at);
        }
        case 3 -> {
          b = splice(b, at, 1, new byte[0]);
          what.append("delete byte at ").append(at);
        }
        case 4 -> {
          b = Arrays.copyOf(b, at);
          what.append("truncate to ").append(at);
        }
        case 5 -> {
          int n = 1 + r.nextInt(Math.min(32, b.length));
          int from = r.nextInt(b.length - n + 1);
          int to = r.nextInt(b.length - n + 1);
          byte[] src = b;
          b = b.clone();
          System.arraycopy(src, from, b, to, n);
          what.append("copy ").append(n).append(" bytes ").append(from).append("->").append(to);
        }
        case 6 -> {
          byte[] other = seeds.get(r.nextInt(seeds.size())).message;
          int from = r.nextInt(other.length);
          b = splice(b, at, b.length - at, Arrays.copyOfRange(other, from, other.length));
          what.append("splice another seed from ").append(from).append(" at ").append(at);
        }
        default -> b = structural(b, op, r, what);
      }
      what.append("; ");
    }
    return b;
  }

  /** Edits of real elements: lengths, tags, whole elements. Falls back to a bit flip. */
  static byte[] structural(byte[] b, int op, Random r, StringBuilder what) {
    List<Tlv> tlvs = tlvs(b);
    if (tlvs.isEmpty()) {
      b = b.clone();
      int at = r.nextInt(b.length);
      b[at] ^= 1;
      what.append("flip bit 0 at ").append(at);
      return b;
    }
    Tlv t = tlvs.get(r.nextInt(tlvs.size()));
    switch (op) {
      case 7, 8 -> {
        byte[] rep = lengthReplacement(t.length, r);
        what.append("length at ").append(t.tagAt).append(" -> ").append(hex(rep));
        return splice(b, t.lengthAt, t.lengthOctets, rep);
      }
      case 9 -> {
        b = b.clone();
        b[t.tagAt] = TAGS[r.nextInt(TAGS.length)];
        what.append("tag at ").append(t.tagAt).append(" -> ").append(hex(b[t.tagAt]));
        return b;
      }
      case 10 -> {
        b = b.clone();
        b[t.tagAt] ^= 0x20;
        what.append("constructed bit at ").append(t.tagAt);
        return b;
      }
      case 11 -> {
        what.append("remove element at ").append(t.tagAt);
        return splice(b, t.tagAt, t.end - t.tagAt, new byte[0]);
      }
      case 12 -> {
        what.append("duplicate element at ").append(t.tagAt);
        return splice(b, t.end, 0, Arrays.copyOfRange(b, t.tagAt, t.end));
      }
      default -> {
        // an element's contents replaced by those of another element of the message
        Tlv u = tlvs.get(r.nextInt(tlvs.size()));
        what.append("element at ").append(t.tagAt).append(" := element at ").append(u.tagAt);
        return splice(b, t.tagAt, t.end - t.tagAt, Arrays.copyOfRange(b, u.tagAt, u.end));
      }
    }
  }

  static byte[] lengthReplacement(long length, Random r) {
    return switch (r.nextInt(9)) {
      case 0 -> new byte[] {(byte) 0x80};
      case 1 -> new byte[] {(byte) 0x84, -1, -1, -1, -1};
      case 2 -> new byte[] {(byte) 0x88, 0x7f, -1, -1, -1, -1, -1, -1, -1};
      case 3 -> new byte[] {0};
      case 4 -> new byte[] {(byte) 0xff};
      case 5 -> encodeLength(Math.max(0, length) + 1 + r.nextInt(3));
      case 6 -> encodeLength(Math.max(0, length - 1 - r.nextInt(3)));
      case 7 -> // non-minimal long form of the same value (BER allows it, DER does not)
          new byte[] {
            (byte) 0x84,
            (byte) (length >>> 24),
            (byte) (length >>> 16),
            (byte) (length >>> 8),
            (byte) length
          };
      default -> encodeLength(r.nextInt(1 << (1 + r.nextInt(20))));
    };
  }

  static byte[] encodeLength(long v) {
    if (v < 0x80) {
      return new byte[] {(byte) v};
    }
    int n = (64 - Long.numberOfLeadingZeros(v) + 7) / 8;
    byte[] out = new byte[n + 1];
    out[0] = (byte) (0x80 | n);
    for (int i = 0; i < n; i++) {
      out[n - i] = (byte) (v >>> (8 * i));
    }
    return out;
  }

  static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
    out.write(b, 0, at);
    out.writeBytes(insert);
    out.write(b, at + remove, b.length - at - remove);
    return out.toByteArray();
  }

  static String hex(byte... b) {
    return java.util.HexFormat.of().formatHex(b);
  }

  // ------------------------------------------------------------------ a tolerant TLV scan

  /**
   * One element: tag octet, length octets, end (exclusive; for an indefinite length, past its
   * end-of-contents octets), and the declared length (-1 indefinite).
   */
  record Tlv(int tagAt, int lengthAt, int lengthOctets, int end, long length) {}

  /** The elements found, descending into constructed ones; stops quietly at anything odd. */
  static List<Tlv> tlvs(byte[] b) {
    List<Tlv> out = new ArrayList<>();
    scan(b, 0, b.length, false, out, 0);
    return out;
  }

  /** Returns where scanning stopped (the end of an indefinite list included), or -1 on nonsense. */
  private static int scan(byte[] b, int pos, int end, boolean indefinite, List<Tlv> out, int d) {
    while (pos < end) {
      if (d > 40 || out.size() > 10_000) {
        return -1;
      }
      if (indefinite && pos + 1 < end && b[pos] == 0 && b[pos + 1] == 0) {
        return pos + 2;
      }
      int tagAt = pos;
      boolean constructed = (b[pos] & 0x20) != 0;
      int p = pos + 1;
      if ((b[pos] & 0x1f) == 0x1f) {
        while (p < end && (b[p] & 0x80) != 0) {
          p++;
        }
        p++;
      }
      if (p >= end) {
        return -1;
      }
      int lengthAt = p;
      int l = b[p++] & 0xff;
      if (l == 0x80) {
        int size = out.size();
        out.add(null); // placeholder, filled once the end is known
        int next = constructed ? scan(b, p, end, true, out, d + 1) : -1;
        if (next < 0) {
          out.remove(size);
          return -1;
        }
        out.set(size, new Tlv(tagAt, lengthAt, 1, next, -1));
        pos = next;
        continue;
      }
      long length = l;
      int n = 1;
      if (l > 0x80) {
        int k = l & 0x7f;
        if (k > 4 || p + k > end) {
          return -1;
        }
        length = 0;
        for (int i = 0; i < k; i++) {
          length = (length << 8) | (b[p++] & 0xff);
        }
        n += k;
      }
      if (length > end - p) {
        length = end - p; // a mutant's: take it as running to the end, and go on
      }
      int contentEnd = p + (int) length;
      out.add(new Tlv(tagAt, lengthAt, n, contentEnd, length));
      if (constructed && scan(b, p, contentEnd, false, out, d + 1) < 0) {
        return -1;
      }
      pos = contentEnd;
    }
    return indefinite ? -1 : pos;
  }
}
