package dev.envelope.asn1;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * An OBJECT IDENTIFIER, held as its dotted form and its DER content octets (X.690 8.19).
 *
 * <p>Arcs are limited to 63 bits (CVE-2023-2650 came from unbounded arcs); decoding checks the size
 * limit before doing any arithmetic.
 */
public final class Oid {
  private final String dotted;
  private final byte[] encoded;

  private Oid(String dotted, byte[] encoded) {
    this.dotted = dotted;
    this.encoded = encoded;
  }

  /** Parses dotted notation such as {@code "1.2.840.113549.1.7.3"}; for constants in code. */
  public static Oid of(String dotted) {
    String[] parts = dotted.split("\\.", -1);
    if (parts.length < 2) {
      throw new IllegalArgumentException("OID needs two arcs: " + dotted);
    }
    long[] arcs = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      arcs[i] = Long.parseLong(parts[i]);
      if (arcs[i] < 0) {
        throw new IllegalArgumentException("negative arc in " + dotted);
      }
    }
    if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39) || arcs[1] > Long.MAX_VALUE - 80) {
      throw new IllegalArgumentException("bad first arcs in " + dotted);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeArc(out, arcs[0] * 40 + arcs[1]);
    for (int i = 2; i < arcs.length; i++) {
      writeArc(out, arcs[i]);
    }
    return new Oid(dotted, out.toByteArray());
  }

  private static void writeArc(ByteArrayOutputStream out, long arc) {
    int groups = 1;
    for (long v = arc >>> 7; v != 0; v >>>= 7) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int b = (int) ((arc >>> (7 * g)) & 0x7F);
      out.write(g == 0 ? b : b | 0x80);
    }
  }

  /**
   * Decodes content octets (X.690 8.19.2: each arc minimally encoded in base 128).
   *
   * @throws IllegalArgumentException with the reason; the reader adds field and offset
   */
  static Oid decode(byte[] content, int maxBytes) {
    if (content.length == 0) {
      throw new IllegalArgumentException("empty OBJECT IDENTIFIER");
    }
    if (content.length > maxBytes) {
      throw new IllegalArgumentException(
          "limit exceeded: OBJECT IDENTIFIER length " + content.length + " > " + maxBytes);
    }
    StringBuilder sb = new StringBuilder();
    long arc = 0;
    boolean first = true;
    boolean start = true;
    for (int i = 0; i < content.length; i++) {
      int b = content[i] & 0xFF;
      if (start && b == 0x80) {
        throw new IllegalArgumentException("non-minimal arc encoding (X.690 8.19.2)");
      }
      if ((arc >>> 56) != 0) {
        throw new IllegalArgumentException("arc exceeds 63 bits");
      }
      arc = (arc << 7) | (b & 0x7F);
      start = false;
      if ((b & 0x80) == 0) {
        if (first) {
          long a0 = arc < 80 ? arc / 40 : 2;
          sb.append(a0).append('.').append(arc - a0 * 40);
          first = false;
        } else {
          sb.append('.').append(arc);
        }
        arc = 0;
        start = true;
      }
    }
    if (!start) {
      throw new IllegalArgumentException("OBJECT IDENTIFIER ends inside an arc");
    }
    return new Oid(sb.toString(), content.clone());
  }

  /** The DER content octets (without tag and length). */
  public byte[] encoded() {
    return encoded.clone();
  }

  byte[] encodedUnsafe() {
    return encoded;
  }

  /** Dotted notation. */
  @Override
  public String toString() {
    return dotted;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Oid other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }
}
