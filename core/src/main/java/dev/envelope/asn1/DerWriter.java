package dev.envelope.asn1;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A DER builder in continuation style: constructed elements take a body, so no length is ever
 * computed in advance (the body is written in place and its length patched in afterwards).
 *
 * <pre>{@code
 * byte[] der = new DerWriter()
 *     .addSequence(seq -> seq.addOid(OID).addNull())
 *     .toByteArray();   // 30 0d 06 09 ... 05 00
 * }</pre>
 *
 * <p>Output is strict DER (X.690 section 10): definite minimal lengths, minimal INTEGERs, and SET
 * OF elements sorted by their encodings ({@link #addSetOf}).
 */
public final class DerWriter {

  /** Writes the contents of a constructed element. */
  @FunctionalInterface
  public interface Body {
    void write(DerWriter w);
  }

  private byte[] buf;
  private int len;

  public DerWriter() {
    this(64);
  }

  public DerWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Encodes one element: {@code new DerWriter().add(...).toByteArray()}. */
  public static byte[] encode(Body body) {
    DerWriter w = new DerWriter();
    body.write(w);
    return w.toByteArray();
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  public int size() {
    return len;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      long want = Math.max((long) buf.length * 2, (long) len + extra);
      if (want > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("DER output too large");
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }

  private void put(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  private void put(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  private void putTag(Tag tag) {
    if (tag.number() < 31) {
      put(tag.leadingOctet());
      return;
    }
    put((tag.tagClass() << 6) | (tag.constructed() ? 0x20 : 0) | 0x1F);
    int n = tag.number();
    int groups = 1;
    for (int v = n >>> 7; v != 0; v >>>= 7) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int b = (n >>> (7 * g)) & 0x7F;
      put(g == 0 ? b : b | 0x80);
    }
  }

  private static int lengthOctets(int length) {
    if (length < 0x80) {
      return 1;
    }
    int n = 1;
    for (int v = length; v != 0; v >>>= 8) {
      n++;
    }
    return n;
  }

  private void writeLength(int at, int length) {
    int n = lengthOctets(length);
    if (n == 1) {
      buf[at] = (byte) length;
      return;
    }
    buf[at] = (byte) (0x80 | (n - 1));
    for (int i = n - 1; i >= 1; i--) {
      buf[at + i] = (byte) length;
      length >>>= 8;
    }
  }

  /** A constructed element whose contents {@code body} writes. */
  public DerWriter add(Tag tag, Body body) {
    if (!tag.constructed()) {
      throw new IllegalArgumentException("a body needs a constructed tag: " + tag);
    }
    putTag(tag);
    int lengthAt = len;
    put(0);
    int start = len;
    body.write(this);
    int contentLength = len - start;
    int n = lengthOctets(contentLength);
    if (n > 1) {
      ensure(n - 1);
      System.arraycopy(buf, start, buf, start + n - 1, contentLength);
      len += n - 1;
    }
    writeLength(lengthAt, contentLength);
    return this;
  }

  public DerWriter addSequence(Body body) {
    return add(Tag.SEQUENCE, body);
  }

  /** A SET whose contents are written in the given order (use {@link #addSetOf} for SET OF). */
  public DerWriter addSet(Body body) {
    return add(Tag.SET, body);
  }

  /** A primitive element with the given content octets. */
  public DerWriter addPrimitive(Tag tag, byte[] content) {
    if (tag.constructed()) {
      throw new IllegalArgumentException("primitive content needs a primitive tag: " + tag);
    }
    putTag(tag);
    int n = lengthOctets(content.length);
    ensure(n);
    writeLength(len, content.length);
    len += n;
    put(content, 0, content.length);
    return this;
  }

  /** Appends an already encoded element (a certificate's issuer Name, say) unchanged. */
  public DerWriter addEncoded(byte[] element) {
    put(element, 0, element.length);
    return this;
  }

  public DerWriter addOctetString(byte[] content) {
    return addPrimitive(Tag.OCTET_STRING, content);
  }

  public DerWriter addNull() {
    return addPrimitive(Tag.NULL, new byte[0]);
  }

  public DerWriter addBoolean(boolean value) {
    return addPrimitive(Tag.BOOLEAN, new byte[] {(byte) (value ? 0xFF : 0)});
  }

  public DerWriter addOid(Oid oid) {
    return addPrimitive(Tag.OID, oid.encodedUnsafe());
  }

  public DerWriter addInteger(long value) {
    return addInteger(BigInteger.valueOf(value));
  }

  /** Two's complement, minimal (X.690 8.3.2). */
  public DerWriter addInteger(BigInteger value) {
    return addPrimitive(Tag.INTEGER, value.toByteArray());
  }

  /** A BIT STRING with zero unused bits, as keys and signatures are. */
  public DerWriter addBitString(byte[] bits) {
    byte[] content = new byte[bits.length + 1];
    System.arraycopy(bits, 0, content, 1, bits.length);
    return addPrimitive(Tag.BIT_STRING, content);
  }

  /**
   * A SET OF: each body writes one element, and the elements are sorted by their encodings as DER
   * requires (X.690 11.6), so the output does not depend on the order given.
   */
  public DerWriter addSetOf(Tag tag, List<Body> elements) {
    List<byte[]> encoded = new ArrayList<>(elements.size());
    for (Body e : elements) {
      encoded.add(encode(e));
    }
    encoded.sort(Arrays::compareUnsigned);
    return add(
        tag,
        w -> {
          for (byte[] e : encoded) {
            w.addEncoded(e);
          }
        });
  }
}
