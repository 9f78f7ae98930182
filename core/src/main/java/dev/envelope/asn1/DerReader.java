package dev.envelope.asn1;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A consuming reader over one encoded buffer, in the style of Go's cryptobyte: each {@code read}
 * takes the next element and returns its value or a reader over its contents; {@link #expectEmpty}
 * checks that nothing trails.
 *
 * <p>Two modes. {@link #der} accepts only DER (X.690 section 10). {@link #ber} also accepts what
 * CMS peers send (X.690 section 8): indefinite lengths, non-minimal length octets and constructed
 * strings. Both bound everything: nesting depth, constructed-string depth, OID size, and every
 * declared length is checked against the bytes actually present before anything is allocated.
 *
 * <p>Errors are {@link Asn1Exception}s naming the field (given by the caller) and the absolute byte
 * offset in the original input. Instances are not thread-safe; sub-readers share the buffer.
 */
public final class DerReader {
  private final byte[] in;
  private int pos;
  private final int end;
  private final long base;
  private final int depth;
  private final boolean ber;
  private final Asn1Limits limits;

  private DerReader(
      byte[] in, int pos, int end, long base, int depth, boolean ber, Asn1Limits limits) {
    this.in = in;
    this.pos = pos;
    this.end = end;
    this.base = base;
    this.depth = depth;
    this.ber = ber;
    this.limits = limits;
  }

  /** A strict DER reader over the whole array. */
  public static DerReader der(byte[] data) {
    return new DerReader(data, 0, data.length, 0, 0, false, Asn1Limits.DEFAULT);
  }

  /** A BER reader over the whole array (DER is a subset, so DER input reads too). */
  public static DerReader ber(byte[] data) {
    return ber(data, 0, Asn1Limits.DEFAULT);
  }

  /**
   * A BER reader over {@code data}, which began at {@code baseOffset} in the original input (so
   * error offsets point into the whole message).
   */
  public static DerReader ber(byte[] data, long baseOffset, Asn1Limits limits) {
    return new DerReader(data, 0, data.length, baseOffset, 0, true, limits);
  }

  /**
   * One element's position: header at {@code start}, contents {@code [contentStart, contentEnd)}.
   */
  private record Header(
      Tag tag, int start, int contentStart, int contentEnd, int next, boolean indefinite) {}

  /** The absolute offset of the next element. */
  public long offset() {
    return base + pos;
  }

  public boolean isEmpty() {
    return pos >= end;
  }

  /** The next element's tag, or null at the end. Does not consume. */
  public Tag peekTag() throws Asn1Exception {
    return peekTag("element");
  }

  /** The next element's tag, or null at the end; errors name {@code field}. */
  public Tag peekTag(String field) throws Asn1Exception {
    return isEmpty() ? null : readTag(pos, field).tag;
  }

  /** Whether the next element has this class and number (either form, for BER strings). */
  public boolean peek(Tag tag) throws Asn1Exception {
    return peek(tag, "element");
  }

  private boolean peek(Tag tag, String field) throws Asn1Exception {
    Tag t = peekTag(field);
    return t != null && t.sameNumber(tag);
  }

  /** Fails with "trailing data" unless everything was read. */
  public void expectEmpty(String field) throws Asn1Exception {
    if (!isEmpty()) {
      throw error(field, pos, "unexpected trailing data (" + (end - pos) + " bytes)");
    }
  }

  private Asn1Exception error(String field, int at, String problem) {
    return new Asn1Exception(field, base + at, problem);
  }

  private Asn1Exception limit(String field, int at, String problem) {
    return Asn1Exception.limit(field, base + at, problem);
  }

  private record TagAt(Tag tag, int next) {}

  private TagAt readTag(int at, String field) throws Asn1Exception {
    if (at >= end) {
      throw error(field, at, "unexpected end of input");
    }
    int b = in[at] & 0xFF;
    if (b == 0) {
      // tag 0 is end-of-contents, valid only closing an indefinite length (X.690 8.1.5)
      throw error(field, at, "unexpected end-of-contents octets");
    }
    int p = at + 1;
    int number = b & 0x1F;
    if (number == 0x1F) {
      // X.690 8.1.2.4: high tag number in base 128, minimal, and at least 31
      number = 0;
      int first = p;
      while (true) {
        if (p >= end) {
          throw error(field, at, "unexpected end of input in tag");
        }
        int c = in[p++] & 0xFF;
        if (p - 1 == first && c == 0x80) {
          throw error(field, at, "non-minimal tag number (X.690 8.1.2.4.2)");
        }
        if (number > (Integer.MAX_VALUE >>> 7) || p - first > 4) {
          throw error(field, at, "tag number too large");
        }
        number = (number << 7) | (c & 0x7F);
        if ((c & 0x80) == 0) {
          break;
        }
      }
      if (number < 31) {
        throw error(field, at, "high-form tag for a low tag number (X.690 8.1.2.4)");
      }
    }
    return new TagAt(new Tag(b >>> 6, (b & 0x20) != 0, number), p);
  }

  private Header readHeader(int at, String field, int depthHere) throws Asn1Exception {
    if (depthHere > limits.maxDepth()) {
      throw limit(field, at, "nesting depth exceeds " + limits.maxDepth());
    }
    TagAt t = readTag(at, field);
    int p = t.next;
    if (p >= end) {
      throw error(field, at, "unexpected end of input in length");
    }
    int l = in[p++] & 0xFF;
    if (l == 0x80) {
      if (!ber) {
        throw error(field, at, "indefinite length in DER (X.690 10.1)");
      }
      if (!t.tag.constructed()) {
        throw error(field, at, "indefinite length on a primitive element (X.690 8.1.3.2)");
      }
      int contentStart = p;
      int q = contentStart;
      while (true) {
        if (q + 2 <= end && in[q] == 0 && in[q + 1] == 0) {
          return new Header(t.tag, at, contentStart, q, q + 2, true);
        }
        if (q >= end) {
          throw error(field, at, "unexpected end of input: missing end-of-contents");
        }
        if (in[q] == 0) {
          // a tag of 00 that is not 00 00 is an end-of-contents with a length (X.690 8.1.5)
          throw error(field, q, "malformed end-of-contents octets");
        }
        q = readHeader(q, field, depthHere + 1).next;
      }
    }
    long length;
    if (l < 0x80) {
      length = l;
    } else {
      int n = l & 0x7F;
      if (n == 0x7F) {
        throw error(field, at, "reserved length octet 0xFF (X.690 8.1.3.5)");
      }
      if (p + n > end) {
        throw error(field, at, "unexpected end of input in length");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        if (length > (Long.MAX_VALUE >>> 8)) {
          throw error(field, at, "length exceeds available input");
        }
        length = (length << 8) | (in[p++] & 0xFF);
      }
      if (!ber && (length < 0x80 || (in[p - n] == 0))) {
        throw error(field, at, "non-minimal length (X.690 10.1)");
      }
    }
    if (length > end - p) {
      throw error(field, at, "length exceeds available input (" + length + " > " + (end - p) + ")");
    }
    int contentEnd = p + (int) length;
    return new Header(t.tag, at, p, contentEnd, contentEnd, false);
  }

  private Header next(Tag expected, String field) throws Asn1Exception {
    Header h = readHeader(pos, field, depth + 1);
    if (!h.tag.sameNumber(expected)) {
      throw error(field, pos, "expected " + expected + ", found " + h.tag);
    }
    return h;
  }

  private DerReader child(Header h) {
    return new DerReader(in, h.contentStart, h.contentEnd, base, depth + 1, ber, limits);
  }

  /** Reads a constructed element with this tag and returns a reader over its contents. */
  public DerReader read(Tag tag, String field) throws Asn1Exception {
    Header h = next(tag, field);
    if (!h.tag.constructed()) {
      throw error(field, pos, "expected constructed " + tag + ", found primitive");
    }
    pos = h.next;
    return child(h);
  }

  public DerReader readSequence(String field) throws Asn1Exception {
    return read(Tag.SEQUENCE, field);
  }

  public DerReader readSet(String field) throws Asn1Exception {
    return read(Tag.SET, field);
  }

  /** Like {@link #read}, or null when the next element does not have this tag. */
  public DerReader readOptional(Tag tag, String field) throws Asn1Exception {
    return peek(tag, field) ? read(tag, field) : null;
  }

  /** The next element whole (tag, length and contents), for fields kept as encoded bytes. */
  public byte[] readElement(String field) throws Asn1Exception {
    Header h = readHeader(pos, field, depth + 1);
    byte[] out = Arrays.copyOfRange(in, h.start, h.next);
    pos = h.next;
    return out;
  }

  /** The next element whole, after checking its tag. */
  public byte[] readElement(Tag tag, String field) throws Asn1Exception {
    next(tag, field);
    return readElement(field);
  }

  /** The contents of a primitive element with this tag (DER form only). */
  public byte[] readPrimitive(Tag tag, String field) throws Asn1Exception {
    Header h = next(tag, field);
    if (h.tag.constructed()) {
      throw error(field, pos, "expected primitive " + tag + ", found constructed");
    }
    pos = h.next;
    return Arrays.copyOfRange(in, h.contentStart, h.contentEnd);
  }

  /** An OCTET STRING's value, joining the segments of a BER constructed string. */
  public byte[] readOctetString(String field) throws Asn1Exception {
    return readString(Tag.OCTET_STRING, field);
  }

  /**
   * A string value under this (possibly IMPLICIT context) tag. In BER mode the constructed form is
   * accepted and its segments, which must be primitive OCTET STRINGs or nested constructed ones
   * (X.690 8.21.5.4), are joined.
   */
  public byte[] readString(Tag tag, String field) throws Asn1Exception {
    Header h = next(tag, field);
    pos = h.next;
    if (!h.tag.constructed()) {
      return Arrays.copyOfRange(in, h.contentStart, h.contentEnd);
    }
    if (!ber) {
      throw error(field, h.start, "constructed string in DER (X.690 10.2)");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(h.contentEnd - h.contentStart);
    joinSegments(child(h), field, 1, out);
    return out.toByteArray();
  }

  private static void joinSegments(
      DerReader r, String field, int stringDepth, ByteArrayOutputStream out) throws Asn1Exception {
    if (stringDepth > r.limits.maxStringSegmentDepth()) {
      throw r.limit(
          field, r.pos, "constructed string nesting exceeds " + r.limits.maxStringSegmentDepth());
    }
    while (!r.isEmpty()) {
      Header h = r.readHeader(r.pos, field, r.depth + 1);
      if (!h.tag.sameNumber(Tag.OCTET_STRING)) {
        throw r.error(field, r.pos, "string segment is " + h.tag + ", not OCTET STRING");
      }
      r.pos = h.next;
      if (h.tag.constructed()) {
        joinSegments(r.child(h), field, stringDepth + 1, out);
      } else {
        out.write(r.in, h.contentStart, h.contentEnd - h.contentStart);
      }
    }
  }

  public Oid readOid(String field) throws Asn1Exception {
    int at = pos;
    byte[] content = readPrimitive(Tag.OID, field);
    try {
      return Oid.decode(content, limits.maxOidBytes());
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("limit exceeded")
          ? limit(field, at, e.getMessage())
          : error(field, at, e.getMessage());
    }
  }

  public void readNull(String field) throws Asn1Exception {
    int at = pos;
    if (readPrimitive(Tag.NULL, field).length != 0) {
      throw error(field, at, "NULL with contents (X.690 8.8.2)");
    }
  }

  /** An INTEGER of at most {@code maxBytes} content octets, minimally encoded (X.690 8.3.2). */
  public BigInteger readInteger(String field, int maxBytes) throws Asn1Exception {
    return readInteger(Tag.INTEGER, field, maxBytes);
  }

  public BigInteger readInteger(Tag tag, String field, int maxBytes) throws Asn1Exception {
    int at = pos;
    Header h = next(tag, field);
    int n = h.contentEnd - h.contentStart;
    if (h.tag.constructed()) {
      throw error(field, at, "constructed INTEGER");
    }
    if (n == 0) {
      throw error(field, at, "empty INTEGER (X.690 8.3.1)");
    }
    if (n > maxBytes) {
      throw limit(field, at, "limit exceeded: INTEGER length " + n + " > " + maxBytes);
    }
    if (n > 1) {
      int b0 = in[h.contentStart];
      int b1 = in[h.contentStart + 1];
      if ((b0 == 0 && (b1 & 0x80) == 0) || (b0 == -1 && (b1 & 0x80) != 0)) {
        throw error(field, at, "non-minimal INTEGER (X.690 8.3.2)");
      }
    }
    pos = h.next;
    return new BigInteger(Arrays.copyOfRange(in, h.contentStart, h.contentEnd));
  }

  /** A small non-negative INTEGER such as a version number (at most 4 octets). */
  public int readSmallInt(String field) throws Asn1Exception {
    int at = pos;
    BigInteger v = readInteger(field, 4);
    if (v.signum() < 0 || v.bitLength() > 31) {
      throw error(field, at, "value " + v + " out of range");
    }
    return v.intValue();
  }

  public boolean readBoolean(String field) throws Asn1Exception {
    int at = pos;
    byte[] v = readPrimitive(Tag.BOOLEAN, field);
    if (v.length != 1 || (!ber && v[0] != 0 && v[0] != (byte) 0xFF)) {
      throw error(field, at, "malformed BOOLEAN");
    }
    return v[0] != 0;
  }

  /** A BIT STRING with no unused bits (keys, signatures), as its bytes. */
  public byte[] readBitString(String field) throws Asn1Exception {
    int at = pos;
    byte[] v = readPrimitive(Tag.BIT_STRING, field);
    if (v.length == 0 || v[0] != 0) {
      throw error(field, at, "BIT STRING with unused bits");
    }
    return Arrays.copyOfRange(v, 1, v.length);
  }
}
