package dev.envelope.store;

import dev.envelope.error.KeySourceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PEM text (RFC 7468, with RFC 1421 headers as OpenSSL's legacy encrypted keys write them): the
 * blocks of a file, in order. Text outside blocks (what {@code openssl x509 -text} prints) is
 * ignored; a block without its END line, with a mismatched label or with bad Base64 is an error.
 */
final class Pem {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private Pem() {}

  /**
   * One block. {@link #clear} zeroes the decoded bytes, which hold key material for key labels.
   *
   * @param headers RFC 1421 headers such as {@code Proc-Type}; usually empty
   */
  record Block(String label, Map<String, String> headers, byte[] der) {
    void clear() {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** Whether some line of the data is a PEM BEGIN line. */
  static boolean isPem(byte[] data) {
    Lines lines = new Lines(data);
    while (lines.next()) {
      if (lines.startsWith(BEGIN)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every block in the data. Works on the bytes, never on a String copy of them, so that the caller
   * can zero a key file after parsing (Base64 text is as secret as the key).
   *
   * @param source names the input in error messages
   * @throws KeySourceException for a truncated or malformed block
   */
  static List<Block> parse(byte[] data, String source) throws KeySourceException {
    List<Block> blocks = new ArrayList<>();
    Lines lines = new Lines(data);
    byte[] base64 = new byte[data.length];
    try {
      while (lines.next()) {
        if (!lines.startsWith(BEGIN)) {
          continue;
        }
        String label = label(lines.text(), BEGIN, source);
        Map<String, String> headers = new LinkedHashMap<>();
        int n = 0;
        boolean ended = false;
        boolean inHeaders = true;
        while (lines.next()) {
          if (lines.startsWith(END)) {
            String endLabel = label(lines.text(), END, source);
            if (!endLabel.equals(label)) {
              throw new KeySourceException(
                  source + ": PEM block BEGIN " + label + " ends with END " + endLabel);
            }
            ended = true;
            break;
          }
          if (lines.startsWith(BEGIN)) {
            break; // a new block before this one ended: truncated
          }
          // Base64 has no ':', so a colon marks an RFC 1421 header such as Proc-Type
          if (inHeaders && lines.indexOf(':') > 0) {
            String h = lines.text();
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
            continue;
          }
          inHeaders = false;
          n = lines.copyNonBlank(base64, n);
        }
        if (!ended) {
          throw new KeySourceException(
              source + ": truncated PEM: BEGIN " + label + " has no END " + label + " line");
        }
        if (n == 0) {
          throw new KeySourceException(source + ": empty PEM block " + label);
        }
        blocks.add(new Block(label, Map.copyOf(headers), decode(base64, n, label, source)));
      }
    } catch (KeySourceException e) {
      blocks.forEach(Block::clear);
      throw e;
    } finally {
      Arrays.fill(base64, (byte) 0);
    }
    return blocks;
  }

  private static byte[] decode(byte[] base64, int n, String label, String source)
      throws KeySourceException {
    byte[] in = Arrays.copyOf(base64, n);
    byte[] out = new byte[n / 4 * 3 + 3];
    try {
      int length = Base64.getDecoder().decode(in, out);
      return Arrays.copyOf(out, length);
    } catch (IllegalArgumentException e) {
      throw new KeySourceException(source + ": malformed Base64 in PEM block " + label, e);
    } finally {
      Arrays.fill(in, (byte) 0);
      Arrays.fill(out, (byte) 0);
    }
  }

  /** A cursor over the lines of the data (LF, CRLF or CR), each stripped of blanks. */
  private static final class Lines {
    private final byte[] data;
    private int pos;
    private int start;
    private int end;

    Lines(byte[] data) {
      this.data = data;
    }

    boolean next() {
      if (pos >= data.length) {
        return false;
      }
      int s = pos;
      int e = s;
      while (e < data.length && data[e] != '\n' && data[e] != '\r') {
        e++;
      }
      pos = e;
      if (pos < data.length && data[pos] == '\r') {
        pos++;
      }
      if (pos < data.length && data[pos] == '\n') {
        pos++;
      }
      while (s < e && isBlank(data[s])) {
        s++;
      }
      while (e > s && isBlank(data[e - 1])) {
        e--;
      }
      start = s;
      end = e;
      return true;
    }

    boolean startsWith(String prefix) {
      if (end - start < prefix.length()) {
        return false;
      }
      for (int i = 0; i < prefix.length(); i++) {
        if (data[start + i] != prefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    int indexOf(char c) {
      for (int i = start; i < end; i++) {
        if (data[i] == c) {
          return i - start;
        }
      }
      return -1;
    }

    /** The line as text: only for boundaries and headers, which are not secret. */
    String text() {
      return new String(data, start, end - start, StandardCharsets.ISO_8859_1);
    }

    int copyNonBlank(byte[] out, int n) {
      for (int i = start; i < end; i++) {
        if (!isBlank(data[i])) {
          out[n++] = data[i];
        }
      }
      return n;
    }

    private static boolean isBlank(byte b) {
      return b == ' ' || b == '\t';
    }
  }

  private static String label(String line, String prefix, String source) throws KeySourceException {
    if (!line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
      throw new KeySourceException(source + ": malformed PEM line " + quote(line));
    }
    return line.substring(prefix.length(), line.length() - DASHES.length()).strip();
  }

  /** A boundary line, shortened so that a damaged file cannot fill the message. */
  private static String quote(String line) {
    return "\"" + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + "\"";
  }
}
