package dev.envelope.cms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.asn1.Asn1Exception;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md #2 and #8 as a smoke test: seeded mutants of valid messages either decode or fail
 * with an {@link Asn1Exception}, within a second. Everything else is collected, named by seed and
 * case, and must be empty at the end (the Wycheproof-runner pattern).
 */
class MutationSmokeTest {

  static final long SEED = 0x5EED_C0DEL;
  static final int CASES = 10_000;
  static final byte[] SWAP_TAGS = {
    0x02,
    0x04,
    0x05,
    0x06,
    0x30,
    0x31,
    (byte) 0xa0,
    (byte) 0xa1,
    (byte) 0xa2,
    (byte) 0xa3,
    (byte) 0x80,
    (byte) 0x81,
    (byte) 0x82
  };

  record Seed(String name, byte[] message) {}

  static List<Seed> seeds;

  @BeforeAll
  static void seeds() throws Exception {
    seeds =
        List.of(
            new Seed(
                "DER EnvelopedData, every kind, originatorInfo, unprotectedAttrs",
                CmsCodec.encode(
                    new EnvelopedData(
                        CmsFixtures.originatorInfo(),
                        CmsFixtures.everyKind(),
                        CmsFixtures.eci(9, 40),
                        List.of(CmsFixtures.signingTimeAttr(), CmsFixtures.multiValuedAttr())))),
            new Seed(
                "DER AuthEnvelopedData, every kind, auth and unauth attrs",
                CmsCodec.encode(
                    CmsFixtures.authEnveloped(
                        CmsFixtures.everyKind(),
                        List.of(CmsFixtures.contentTypeAttr()),
                        List.of(CmsFixtures.signingTimeAttr())))),
            new Seed(
                "BER EnvelopedData (BC stream), ktri + kekri",
                BcMessages.envelopedStream(
                    40, "mutate me".repeat(12).getBytes(), BcMessages.ktri(), BcMessages.kekri())),
            new Seed(
                "BER AuthEnvelopedData (BC stream), kari + pwri",
                BcMessages.authEnvelopedStream(40, BcMessages.kari(), BcMessages.pwri())),
            new Seed(
                "DER EnvelopedData (BC), every kind, originatorInfo, unprotectedAttrs",
                BcMessages.enveloped(
                    true,
                    BcMessages.ktri(),
                    BcMessages.kari(),
                    BcMessages.kekri(),
                    BcMessages.pwri(),
                    BcMessages.kem())));
  }

  // ---------------------------------------------------------------- outcome bookkeeping

  /** What the mutation runs saw; {@code problems} must be empty. */
  static final class Outcomes {
    int decoded;
    int rejected;
    final List<String> knownBug = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    long slowestMillis;

    void run(String name, byte[] mutant) {
      long start = System.nanoTime();
      Throwable t = null;
      try {
        CmsCodec.decode(mutant, CmsLimits.DEFAULT);
      } catch (Throwable e) {
        t = e;
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      slowestMillis = Math.max(slowestMillis, millis);
      if (millis > 10_000) { // generous: catches runaway work, not a slow machine
        problems.add(name + ": took " + millis + " ms");
      }
      if (t == null) {
        decoded++;
      } else if (t instanceof Asn1Exception) {
        rejected++;
      } else if (isDetachedContentBug(t)) {
        knownBug.add(name + ": " + t);
      } else {
        problems.add(name + ": " + t + " at " + topFrames(t));
      }
    }

    String summary() {
      return "decoded "
          + decoded
          + ", rejected "
          + rejected
          + ", known bug "
          + knownBug.size()
          + ", problems "
          + problems.size()
          + ", slowest "
          + slowestMillis
          + " ms";
    }
  }

  /**
   * The NullPointerException of an absent encryptedContent (CmsMalformedTest
   * detachedContentDecodes): unboxing a null {@code ends.peek()} in EnvelopeReader.nextOrClose.
   */
  static boolean isDetachedContentBug(Throwable t) {
    if (!(t instanceof NullPointerException)) {
      return false;
    }
    StackTraceElement top = t.getStackTrace().length == 0 ? null : t.getStackTrace()[0];
    return top != null
        && top.getClassName().equals(EnvelopeReader.class.getName())
        && top.getMethodName().equals("nextOrClose");
  }

  static String topFrames(Throwable t) {
    StackTraceElement[] st = t.getStackTrace();
    return Arrays.toString(Arrays.copyOf(st, Math.min(3, st.length)));
  }

  // ---------------------------------------------------------------- random mutations (#8)

  /** Applies 1 to 3 random edits; returns the description of what was done. */
  static byte[] mutate(byte[] in, Random r, StringBuilder what) {
    byte[] b = in;
    int ops = 1 + r.nextInt(3);
    for (int i = 0; i < ops && b.length > 0; i++) {
      int at = r.nextInt(b.length);
      int op = r.nextInt(10);
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
          b = b.clone();
          b[at] = (byte) 0x80;
          what.append("80 at ").append(at);
        }
        case 6 -> {
          b = splice(b, at, 1, new byte[] {(byte) 0x84, -1, -1, -1, -1});
          what.append("84 ff ff ff ff at ").append(at);
        }
        case 7 -> {
          b = b.clone();
          b[at] = SWAP_TAGS[r.nextInt(SWAP_TAGS.length)];
          what.append("tag ").append(String.format("%02x", b[at])).append(" at ").append(at);
        }
        case 8 -> {
          int n = 1 + r.nextInt(Math.min(16, b.length));
          int from = r.nextInt(b.length - n + 1);
          int to = Math.min(at, b.length - n);
          byte[] src = b;
          b = b.clone();
          System.arraycopy(src, from, b, to, n);
          what.append("copy ").append(n).append(" bytes ").append(from).append("->").append(to);
        }
        default -> {
          int n = 1 + r.nextInt(Math.min(16, b.length - at));
          b = splice(b, at, 0, Arrays.copyOfRange(b, at, at + n));
          what.append("duplicate ").append(n).append(" bytes at ").append(at);
        }
      }
      what.append("; ");
    }
    return b;
  }

  static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
    out.write(b, 0, at);
    out.writeBytes(insert);
    out.write(b, at + remove, b.length - at - remove);
    return out.toByteArray();
  }

  static Outcomes randomMutations() {
    Outcomes o = new Outcomes();
    for (int c = 0; c < CASES; c++) {
      Seed s = seeds.get(c % seeds.size());
      Random r = new Random(SEED * 1_000_003L + c);
      StringBuilder what = new StringBuilder();
      byte[] mutant = mutate(s.message, r, what);
      o.run("seed " + SEED + " case " + c + " (" + s.name + ": " + what + ")", mutant);
    }
    return o;
  }

  @Test
  void randomMutantsDecodeOrFailWithAsn1Exception() {
    Outcomes o = randomMutations();
    System.out.println("MutationSmokeTest random: " + o.summary());

    assertThat(o.problems).isEmpty();
    assertThat(o.knownBug).isEmpty();
    assertThat(o.rejected).as("the mutations do reach the checks").isGreaterThan(CASES / 2);
  }

  // ---------------------------------------------------------------- every TLV (#2)

  /** Where one element's header sits: tag octet, first length octet, number of length octets. */
  record Tlv(int tagAt, int lengthAt, int lengthOctets) {}

  /** The headers of every element, descending into constructed ones; BER-aware. */
  static List<Tlv> tlvs(byte[] b) {
    List<Tlv> out = new ArrayList<>();
    scan(b, 0, b.length, false, out);
    return out;
  }

  private static int scan(byte[] b, int pos, int end, boolean indefinite, List<Tlv> out) {
    while (pos < end) {
      if (indefinite && b[pos] == 0 && b[pos + 1] == 0) {
        return pos + 2;
      }
      int tagAt = pos;
      boolean constructed = (b[pos] & 0x20) != 0;
      int p = pos + 1;
      if ((b[pos] & 0x1f) == 0x1f) {
        while ((b[p++] & 0x80) != 0) {}
      }
      int lengthAt = p;
      int l = b[p++] & 0xff;
      if (l == 0x80) {
        out.add(new Tlv(tagAt, lengthAt, 1));
        pos = scan(b, p, end, true, out);
        continue;
      }
      long length = l;
      int n = 1;
      if (l > 0x80) {
        length = 0;
        for (int i = 0; i < (l & 0x7f); i++) {
          length = (length << 8) | (b[p++] & 0xff);
        }
        n += l & 0x7f;
      }
      out.add(new Tlv(tagAt, lengthAt, n));
      if (constructed) {
        scan(b, p, p + (int) length, false, out);
      }
      pos = p + (int) length;
    }
    return pos;
  }

  @Test
  void tagSwapInEveryElement() {
    Outcomes o = new Outcomes();
    for (Seed s : seeds) {
      for (Tlv t : tlvs(s.message)) {
        for (byte tag : SWAP_TAGS) {
          if (tag == s.message[t.tagAt]) {
            continue;
          }
          byte[] m = s.message.clone();
          m[t.tagAt] = tag;
          o.run(s.name + ": tag " + String.format("%02x", tag) + " at " + t.tagAt, m);
        }
        byte[] m = s.message.clone();
        m[t.tagAt] ^= 0x20;
        o.run(s.name + ": constructed bit flipped at " + t.tagAt, m);
      }
    }
    System.out.println("MutationSmokeTest tag swaps: " + o.summary());

    assertThat(o.problems).isEmpty();
    assertThat(o.knownBug).isEmpty();
    assertThat(o.decoded + o.rejected + o.knownBug.size()).isGreaterThan(3000);
  }

  @Test
  void lengthRewriteInEveryElement() {
    Outcomes o = new Outcomes();
    for (Seed s : seeds) {
      for (Tlv t : tlvs(s.message)) {
        long value = lengthValue(s.message, t);
        List<byte[]> replacements = new ArrayList<>();
        replacements.add(new byte[] {(byte) 0x80});
        replacements.add(new byte[] {(byte) 0x84, -1, -1, -1, -1});
        replacements.add(new byte[] {(byte) 0x88, 0, 0, 1, 0, 0, 0, 0, 0});
        replacements.add(new byte[] {0});
        replacements.add(new byte[] {(byte) 0xff});
        if (value >= 0) {
          replacements.add(encodeLength(value + 1));
          if (value > 0) {
            replacements.add(encodeLength(value - 1));
          }
          replacements.add(new byte[] {(byte) 0x84, 0, 0, (byte) (value >>> 8), (byte) value});
        }
        for (byte[] rep : replacements) {
          byte[] m = splice(s.message, t.lengthAt, t.lengthOctets, rep);
          o.run(
              s.name + ": length of element at " + t.tagAt + " -> " + dev.envelope.asn1.Hex.of(rep),
              m);
        }
      }
    }
    System.out.println("MutationSmokeTest length rewrites: " + o.summary());

    assertThat(o.problems).isEmpty();
    assertThat(o.knownBug).isEmpty();
  }

  private static long lengthValue(byte[] b, Tlv t) {
    int l = b[t.lengthAt] & 0xff;
    if (l == 0x80) {
      return -1;
    }
    if (l < 0x80) {
      return l;
    }
    long v = 0;
    for (int i = 1; i < t.lengthOctets; i++) {
      v = (v << 8) | (b[t.lengthAt + i] & 0xff);
    }
    return v;
  }

  private static byte[] encodeLength(long v) {
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
}
