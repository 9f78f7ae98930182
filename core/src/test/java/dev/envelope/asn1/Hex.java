package dev.envelope.asn1;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;

/** Test helpers: hex literals with spaces, repeated patterns, and a 1-byte-at-a-time stream. */
public final class Hex {
  private Hex() {}

  /** {@code "30 03 02 01 05"} to bytes; spaces, newlines and {@code |} separators are ignored. */
  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
  }

  public static String of(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** The concatenation of the parts. */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** {@code pattern} repeated {@code times} times. */
  public static byte[] repeat(String patternHex, int times) {
    byte[] p = bytes(patternHex);
    byte[] out = new byte[p.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(p, 0, out, i * p.length, p.length);
    }
    return out;
  }

  /**
   * {@code n} bytes {@code 00 01 02 ... ff 00 01 ...}: shifts and overlaps show up as mismatches.
   */
  public static byte[] counting(int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) i;
    }
    return out;
  }

  /** Returns at most one byte per read call, as a slow socket might. */
  public static InputStream oneByteAtATime(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }

  /**
   * {@code levels} nested definite SEQUENCEs around nothing ({@code 30 L 30 L ... 30 00}), built
   * without recursion so that 100,000 levels are cheap.
   */
  public static byte[] nestedDefiniteSequences(int levels) {
    long[] size = new long[levels + 1]; // size[k]: encoded size of the k-th level from inside
    for (int k = 1; k <= levels; k++) {
      size[k] = 1 + lengthOctets(size[k - 1]) + size[k - 1];
    }
    byte[] out = new byte[(int) size[levels]];
    int p = 0;
    for (int k = levels; k >= 1; k--) {
      long content = size[k - 1];
      out[p++] = 0x30;
      int n = lengthOctets(content);
      if (n == 1) {
        out[p++] = (byte) content;
      } else {
        out[p++] = (byte) (0x80 | (n - 1));
        for (int i = n - 2; i >= 0; i--) {
          out[p++] = (byte) (content >>> (8 * i));
        }
      }
    }
    return out;
  }

  private static int lengthOctets(long length) {
    return length < 0x80 ? 1 : 1 + (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
  }
}
