package dev.envelope.asn1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An incremental BER/DER reader over an {@link InputStream}: it reads element headers one at a
 * time, captures bounded elements whole (to be decoded with {@link DerReader}), and streams the
 * contents of a large OCTET STRING, primitive or constructed, definite or indefinite, without ever
 * holding it. This is how a message of any size is opened in constant memory: the part before the
 * encrypted content is captured within a limit, the content itself flows through.
 *
 * <p>No buffer is sized from a declared length: captures grow only as bytes actually arrive and
 * stop at their limit.
 */
public final class BerInput {
  private final InputStream in;
  private final Asn1Limits limits;
  private final byte[] buf = new byte[16384];
  private int bufPos;
  private int bufLen;
  private long consumed; // bytes consumed before buf[0]

  public BerInput(InputStream in, Asn1Limits limits) {
    this.in = in;
    this.limits = limits;
  }

  /**
   * One element header.
   *
   * @param length the content length, or -1 for an indefinite length
   * @param offset where the element began in the input
   * @param encoded the header's octets exactly as sent (tag and length)
   */
  public record Header(Tag tag, long length, long offset, byte[] encoded) {
    public boolean indefinite() {
      return length < 0;
    }
  }

  /** The absolute offset of the next unread byte. */
  public long offset() {
    return consumed + bufPos;
  }

  private boolean fill() throws IOException {
    if (bufPos < bufLen) {
      return true;
    }
    consumed += bufLen;
    bufPos = 0;
    bufLen = 0;
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    bufLen = n;
    return true;
  }

  private int readByte(String field) throws IOException, Asn1Exception {
    if (!fill()) {
      throw new Asn1Exception(field, offset(), "unexpected end of input");
    }
    return buf[bufPos++] & 0xFF;
  }

  /** True when the input has no more bytes. */
  public boolean atEnd() throws IOException {
    return !fill();
  }

  /** Consumes end-of-contents octets {@code 00 00} if they come next. */
  public boolean readEndOfContents(String field) throws IOException, Asn1Exception {
    if (!fill() || buf[bufPos] != 0) {
      return false;
    }
    long at = offset();
    bufPos++;
    if (readByte(field) != 0) {
      throw new Asn1Exception(field, at, "malformed end-of-contents octets");
    }
    return true;
  }

  /**
   * Reads the next header. End-of-contents octets are not a header: see {@link #readEndOfContents}.
   */
  public Header readHeader(String field) throws IOException, Asn1Exception {
    ByteArrayOutputStream copy = new ByteArrayOutputStream(12);
    long at = offset();
    int b = readByte(field);
    copy.write(b);
    if (b == 0) {
      // tag 0 is end-of-contents, valid only closing an indefinite length (X.690 8.1.5)
      throw new Asn1Exception(field, at, "unexpected end-of-contents octets");
    }
    int number = b & 0x1F;
    if (number == 0x1F) {
      number = 0;
      for (int i = 0; ; i++) {
        int c = readByte(field);
        copy.write(c);
        if ((i == 0 && c == 0x80) || i >= 4) {
          throw new Asn1Exception(field, at, "malformed high tag number");
        }
        number = (number << 7) | (c & 0x7F);
        if ((c & 0x80) == 0) {
          break;
        }
      }
      if (number < 31) {
        throw new Asn1Exception(field, at, "high-form tag for a low tag number (X.690 8.1.2.4)");
      }
    }
    Tag tag = new Tag(b >>> 6, (b & 0x20) != 0, number);
    int l = readByte(field);
    copy.write(l);
    if (l == 0x80) {
      if (!tag.constructed()) {
        throw new Asn1Exception(field, at, "indefinite length on a primitive element");
      }
      return new Header(tag, -1, at, copy.toByteArray());
    }
    long length = l;
    if (l > 0x80) {
      int n = l & 0x7F;
      if (n > 8 || n == 0x7F) {
        throw new Asn1Exception(field, at, "length exceeds available input");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        int c = readByte(field);
        copy.write(c);
        length = (length << 8) | c;
      }
      if (length < 0) {
        throw new Asn1Exception(field, at, "length exceeds available input");
      }
    }
    return new Header(tag, length, at, copy.toByteArray());
  }

  /** Reads exactly {@code n} content bytes into {@code out}, failing cleanly on truncation. */
  private void copyBytes(long n, ByteArrayOutputStream out, String field, long elementAt)
      throws IOException, Asn1Exception {
    while (n > 0) {
      if (!fill()) {
        throw new Asn1Exception(field, elementAt, "length exceeds available input");
      }
      int k = (int) Math.min(n, bufLen - bufPos);
      out.write(buf, bufPos, k);
      bufPos += k;
      n -= k;
    }
  }

  /**
   * The whole element whose header was just read (header bytes included, exactly as sent), for
   * decoding with {@link DerReader}. Fails with "limit exceeded" past {@code maxBytes}.
   */
  public byte[] capture(Header h, int maxBytes, String field) throws IOException, Asn1Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(h.encoded());
    captureContents(h, out, maxBytes, field, 1);
    return out.toByteArray();
  }

  private void captureContents(
      Header h, ByteArrayOutputStream out, int maxBytes, String field, int depth)
      throws IOException, Asn1Exception {
    if (depth > limits.maxDepth()) {
      throw Asn1Exception.limit(field, h.offset(), "nesting depth exceeds " + limits.maxDepth());
    }
    if (!h.indefinite()) {
      if (h.length() > maxBytes - out.size()) {
        throw Asn1Exception.limit(
            field, h.offset(), "limit exceeded: " + field + " larger than " + maxBytes + " bytes");
      }
      copyBytes(h.length(), out, field, h.offset());
      return;
    }
    while (true) {
      if (out.size() > maxBytes) {
        throw Asn1Exception.limit(
            field, h.offset(), "limit exceeded: " + field + " larger than " + maxBytes + " bytes");
      }
      if (readEndOfContents(field)) {
        out.write(0);
        out.write(0);
        return;
      }
      Header child = readHeader(field);
      out.writeBytes(child.encoded());
      captureContents(child, out, maxBytes, field, depth + 1);
    }
  }

  /**
   * Streams the value of the string element whose header was just read: a primitive string, or a
   * BER constructed one of primitive OCTET STRING segments (nested up to the limit).
   */
  public InputStream stringContents(Header h, String field) {
    return new StringContents(h, field);
  }

  /** Reads the segments of a (possibly constructed, possibly indefinite) string as one stream. */
  private final class StringContents extends InputStream {
    private final String field;
    // frames[i] = bytes left in the constructed element at depth i, or -1 if indefinite
    private final long[] frames = new long[limits.maxStringSegmentDepth() + 1];
    private int depth;
    private long primitiveLeft;
    private boolean done;

    StringContents(Header h, String field) {
      this.field = field;
      if (h.tag().constructed()) {
        frames[0] = h.length();
        depth = 1;
      } else {
        primitiveLeft = h.length();
        depth = 0;
        done = h.length() == 0;
      }
    }

    /** Charges {@code n} bytes to every enclosing definite segment, which must have room. */
    private void consumedFromFrames(long n) throws Asn1Exception {
      for (int i = 0; i < depth; i++) {
        if (frames[i] >= 0) {
          if (n > frames[i]) {
            throw new Asn1Exception(field, offset(), "segment runs past its constructed parent");
          }
          frames[i] -= n;
        }
      }
    }

    /** Moves to the next primitive segment; false at the end of the string. */
    private boolean advance() throws IOException {
      try {
        while (primitiveLeft == 0) {
          if (depth == 0) {
            return false;
          }
          long top = frames[depth - 1];
          if (top == 0) {
            depth--;
            continue;
          }
          long before = offset();
          if (top < 0 && readEndOfContents(field)) {
            depth--;
            consumedFromFrames(2);
            continue;
          }
          Header s = readHeader(field);
          long headerLen = offset() - before;
          consumedFromFrames(headerLen);
          if (!s.tag().sameNumber(Tag.OCTET_STRING)) {
            throw new Asn1Exception(
                field, s.offset(), "string segment is " + s.tag() + ", not OCTET STRING");
          }
          if (!s.indefinite()) {
            for (int i = 0; i < depth; i++) {
              if (frames[i] >= 0 && s.length() > frames[i]) {
                throw new Asn1Exception(field, s.offset(), "segment longer than its parent");
              }
            }
          }
          if (s.tag().constructed()) {
            if (depth >= limits.maxStringSegmentDepth()) {
              throw Asn1Exception.limit(
                  field,
                  s.offset(),
                  "constructed string nesting exceeds " + limits.maxStringSegmentDepth());
            }
            frames[depth++] = s.length();
          } else {
            primitiveLeft = s.length();
          }
        }
        return true;
      } catch (Asn1Exception e) {
        throw new MalformedInputException(e);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (done) {
        return -1;
      }
      if (!advance()) {
        done = true;
        return -1;
      }
      int want = (int) Math.min(len, primitiveLeft);
      int k;
      if (bufPos == bufLen && want >= buf.length) {
        // nothing buffered and a large read: straight from the input (as BufferedInputStream
        // does), so that 64 KiB reads stay 64 KiB and skip a copy
        consumed += bufLen;
        bufPos = 0;
        bufLen = 0;
        do {
          k = in.read(b, off, want);
        } while (k == 0);
        if (k < 0) {
          throw new MalformedInputException(
              new Asn1Exception(field, offset(), "unexpected end of input"));
        }
        consumed += k;
      } else {
        if (!fill()) {
          throw new MalformedInputException(
              new Asn1Exception(field, offset(), "unexpected end of input"));
        }
        k = Math.min(want, bufLen - bufPos);
        System.arraycopy(buf, bufPos, b, off, k);
        bufPos += k;
      }
      primitiveLeft -= k;
      try {
        consumedFromFrames(k);
      } catch (Asn1Exception e) {
        throw new MalformedInputException(e);
      }
      return k;
    }
  }

  /** An {@link IOException} that carries an {@link Asn1Exception} out of a stream read. */
  public static final class MalformedInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedInputException(Asn1Exception cause) {
      super(cause.getMessage(), cause);
    }

    public Asn1Exception asn1() {
      return (Asn1Exception) getCause();
    }
  }
}
