package dev.envelope.armor;

import dev.envelope.error.EnvelopeIOException;
import dev.envelope.error.MalformedMessageException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Text armor for messages: PEM ({@code -----BEGIN CMS-----}, RFC 7468 section 9; {@code PKCS7}
 * accepted on input) and bare Base64. Reading detects the form without being told.
 */
public final class Armor {
  private Armor() {}

  /** The forms an encoded message can take. */
  public enum Form {
    /** DER or BER bytes. */
    BINARY,
    /** RFC 7468 PEM. */
    PEM,
    /** Bare Base64, any line breaks. */
    BASE64
  }

  /** The decoded binary message and the form it came in. */
  public record Unarmored(byte[] binary, Form form) {}

  private static final String[] LABELS = {"CMS", "PKCS7", "PKCS #7"};

  /**
   * Strips PEM or Base64 armor; binary input is returned as is. Empty when the input is none of
   * DER/BER (a leading SEQUENCE), PEM with a CMS or PKCS7 label, or Base64 of such.
   */
  public static Optional<Unarmored> unarmor(byte[] input) {
    if (input.length > 0 && input[0] == 0x30) {
      return Optional.of(new Unarmored(input, Form.BINARY));
    }
    // text from here on: only ASCII is meaningful
    String text = new String(input, StandardCharsets.ISO_8859_1);
    int begin = text.indexOf("-----BEGIN ");
    if (begin >= 0) {
      return pem(text, begin);
    }
    return base64(text).map(b -> new Unarmored(b, Form.BASE64));
  }

  private static Optional<Unarmored> pem(String text, int begin) {
    int labelStart = begin + "-----BEGIN ".length();
    int labelEnd = text.indexOf("-----", labelStart);
    if (labelEnd < 0) {
      return Optional.empty();
    }
    String label = text.substring(labelStart, labelEnd);
    boolean known = false;
    for (String l : LABELS) {
      known |= l.equals(label);
    }
    if (!known) {
      return Optional.empty();
    }
    String endLine = "-----END " + label + "-----";
    int bodyStart = labelEnd + 5;
    int end = text.indexOf(endLine, bodyStart);
    if (end < 0) {
      return Optional.empty();
    }
    return base64(text.substring(bodyStart, end)).map(b -> new Unarmored(b, Form.PEM));
  }

  /** Base64 with any whitespace; the result must look like a DER/BER SEQUENCE. */
  private static Optional<byte[]> base64(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isSpace((byte) c)) {
        continue;
      }
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '=';
      if (!ok) {
        return Optional.empty();
      }
      sb.append(c);
    }
    if (sb.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] out = Base64.getDecoder().decode(sb.toString());
      return out.length > 0 && out[0] == 0x30 ? Optional.of(out) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  /** PEM with the {@code CMS} label, 64-column lines, LF line ends (RFC 7468). */
  public static String pem(byte[] der) {
    return "-----BEGIN CMS-----\n" + base64(der, "\n") + "-----END CMS-----\n";
  }

  /**
   * Base64 in 64-column lines, each ended by {@code lineEnd} (CAPICOM wrote CRLF), including the
   * last.
   */
  public static String base64(byte[] der, String lineEnd) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder(b64.length() + (b64.length() / 64 + 1) * lineEnd.length());
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append(lineEnd);
    }
    return sb.toString();
  }

  /**
   * A stream of the binary message under whatever armor {@code in} has: DER/BER passes through; PEM
   * and bare Base64 are decoded as they are read, so any size works in constant memory. Lines
   * starting with {@code -----} (PEM boundaries) are skipped, and reading ends at the first END
   * line.
   */
  public static InputStream decoding(InputStream in) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, 8192);
    b.mark(1);
    int first = b.read();
    b.reset();
    if (first == 0x30 || first < 0) {
      return b;
    }
    Base64Text text = new Base64Text(b);
    return new MalformedAsBase64(Base64.getMimeDecoder().wrap(text), text);
  }

  /**
   * The JDK's Base64 decoding stream reports text that is not Base64 (a bad ending, a dangling
   * byte) as a plain {@link IOException}, which callers would take for a failing source. Those
   * become a malformed message; an exception from the source itself passes through unchanged.
   */
  private static final class MalformedAsBase64 extends FilterInputStream {
    private final Base64Text text;

    MalformedAsBase64(InputStream decoded, Base64Text text) {
      super(decoded);
      this.text = text;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw classify(e);
      }
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      try {
        return super.read(buf, off, len);
      } catch (IOException e) {
        throw classify(e);
      }
    }

    private IOException classify(IOException e) {
      if (text.sourceFailed || e instanceof EnvelopeIOException) {
        return e;
      }
      return new EnvelopeIOException(
          new MalformedMessageException("malformed Base64 armor: " + e.getMessage(), e));
    }
  }

  /** A stream of the binary message, as {@link #decoding}, and the form its input came in. */
  public record Decoding(InputStream stream, Form form) {}

  /**
   * Like {@link #decoding}, and says which form the input has, from its first bytes: a leading
   * SEQUENCE is binary, a {@code -----BEGIN } line within the first 256 bytes PEM, else Base64.
   */
  public static Decoding decodingWithForm(InputStream in) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, 8192);
    b.mark(256);
    byte[] head = b.readNBytes(256);
    b.reset();
    Form form;
    if (head.length == 0 || head[0] == 0x30) {
      form = Form.BINARY;
    } else if (new String(head, StandardCharsets.ISO_8859_1).contains("-----BEGIN ")) {
      form = Form.PEM;
    } else {
      form = Form.BASE64;
    }
    return new Decoding(decoding(b), form);
  }

  /** The Base64 characters of PEM or bare Base64 text: boundary lines dropped, END stops. */
  private static final class Base64Text extends InputStream {
    private final InputStream in;
    private boolean lineStart = true;
    private boolean done;
    private boolean sourceFailed;

    Base64Text(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      try {
        return next();
      } catch (IOException e) {
        sourceFailed = true;
        throw e;
      }
    }

    private int next() throws IOException {
      while (!done) {
        int c = in.read();
        if (c < 0) {
          done = true;
          break;
        }
        if (lineStart && c == '-') {
          StringBuilder line = new StringBuilder("-");
          while ((c = in.read()) >= 0 && c != '\n') {
            if (line.length() < 80) {
              line.append((char) c);
            }
          }
          if (line.toString().startsWith("-----END ") || c < 0) {
            done = true;
          }
          continue;
        }
        lineStart = c == '\n';
        return c;
      }
      return -1;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = 0;
      while (n < len) {
        int c = read();
        if (c < 0) {
          return n == 0 ? -1 : n;
        }
        buf[off + n++] = (byte) c;
        if (c == '\n') {
          break;
        }
      }
      return n;
    }
  }
}
