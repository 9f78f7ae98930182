package dev.envelope;

import dev.envelope.armor.Armor;
import dev.envelope.cms.CmsOids;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** How a sealed message is written out. */
public enum OutputFormat {
  /** DER bytes. */
  DER,
  /** PEM, {@code -----BEGIN CMS-----}, 64-column lines (RFC 7468). */
  PEM,
  /** Base64 in 64-column lines ended by CRLF, as CAPICOM wrote. */
  BASE64,
  /**
   * An S/MIME {@code application/pkcs7-mime} entity (RFC 8551 section 3.2): MIME headers, then the
   * DER message in Base64, 64-column lines, every line ended by CRLF (RFC 5322). The {@code
   * smime-type} parameter is derived from the message itself: {@code enveloped-data} for
   * EnvelopedData, {@code authEnveloped-data} for AuthEnvelopedData (RFC 8551 section 3.2.2).
   * Headers only: the content inside is sealed as given, so the sender supplies the inner MIME
   * entity ({@code Content-Type: text/plain} and so on), as with {@code openssl smime -encrypt}.
   */
  SMIME;

  /** RFC 8551 3.2: what openssl smime writes too, with CRLF line ends. */
  private static final String SMIME_HEADERS =
      "MIME-Version: 1.0\r\n"
          + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n"
          + "Content-Type: application/pkcs7-mime; smime-type=%s; name=\"smime.p7m\"\r\n"
          + "Content-Transfer-Encoding: base64\r\n"
          + "\r\n";

  /** SEQUENCE, a length of at most 1 + 4 octets, then the content type's OID TLV. */
  private static final int SNIFF_MAX = 2 + 4 + 2 + 11;

  /** Encodes a DER message in this format. */
  public byte[] encode(byte[] der) {
    return switch (this) {
      case DER -> der.clone();
      case PEM -> Armor.pem(der).getBytes(StandardCharsets.US_ASCII);
      case BASE64 -> Armor.base64(der, "\r\n").getBytes(StandardCharsets.US_ASCII);
      case SMIME -> {
        String type = smimeType(der, der.length);
        if (type == null) {
          throw new IllegalArgumentException(
              "S/MIME pkcs7-mime holds EnvelopedData or AuthEnvelopedData only");
        }
        yield (SMIME_HEADERS.formatted(type) + Armor.base64(der, "\r\n"))
            .getBytes(StandardCharsets.US_ASCII);
      }
    };
  }

  /**
   * Wraps {@code out} so that a binary message written to the result comes out in this format, in
   * constant memory. Closing the result finishes the armor and closes {@code out}.
   */
  public OutputStream wrap(OutputStream out) throws IOException {
    return switch (this) {
      case DER -> out;
      // buffered: the encoder writes each 64-column line on its own, a system call each to a file
      case PEM -> new Armored(buffered(out), "-----BEGIN CMS-----\n", "\n", "-----END CMS-----\n");
      case BASE64 -> new Armored(buffered(out), "", "\r\n", "");
      case SMIME -> new SmimeHeaders(buffered(out));
    };
  }

  private static OutputStream buffered(OutputStream out) {
    return new BufferedOutputStream(out, 1 << 16);
  }

  /**
   * The {@code smime-type} for a message starting with {@code prefix[0..n)}: null when the prefix
   * is not (yet) a ContentInfo of EnvelopedData or AuthEnvelopedData. Only the outer SEQUENCE's
   * header (X.690 8.1.3: short, long or indefinite length) and the contentType TLV are looked at.
   */
  static String smimeType(byte[] prefix, int n) {
    if (n < 2 || prefix[0] != 0x30) {
      return null;
    }
    int len = prefix[1] & 0xff;
    int at = 2 + (len > 0x80 ? len - 0x80 : 0);
    if (len > 0x84 || n < at + 2 || prefix[at] != 0x06) {
      return null;
    }
    int oidLen = prefix[at + 1] & 0xff;
    if (n < at + 2 + oidLen) {
      return null;
    }
    byte[] oid = Arrays.copyOfRange(prefix, at + 2, at + 2 + oidLen);
    if (Arrays.equals(oid, CmsOids.ENVELOPED_DATA.encoded())) {
      return "enveloped-data";
    }
    if (Arrays.equals(oid, CmsOids.AUTH_ENVELOPED_DATA.encoded())) {
      return "authEnveloped-data";
    }
    return null;
  }

  /**
   * Holds back the first bytes of the message until its content type is known, writes the headers
   * that name it, then Base64 in CRLF lines. Memory: {@link #SNIFF_MAX} bytes.
   */
  private static final class SmimeHeaders extends OutputStream {
    private final OutputStream raw;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream(SNIFF_MAX);
    private OutputStream body;
    private boolean closed;

    SmimeHeaders(OutputStream raw) {
      this.raw = raw;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (body == null) {
        int take = Math.min(len, SNIFF_MAX - head.size());
        head.write(b, off, take);
        off += take;
        len -= take;
        if (!start(head.size() < SNIFF_MAX)) {
          return;
        }
      }
      body.write(b, off, len);
    }

    /** Starts the body once the type is known; false while more bytes may still tell. */
    private boolean start(boolean more) throws IOException {
      byte[] h = head.toByteArray();
      String type = smimeType(h, h.length);
      if (type == null) {
        if (more) {
          return false;
        }
        throw new IOException("S/MIME pkcs7-mime holds EnvelopedData or AuthEnvelopedData only");
      }
      raw.write(SMIME_HEADERS.formatted(type).getBytes(StandardCharsets.US_ASCII));
      body = new Armored(raw, "", "\r\n", "");
      body.write(h);
      return true;
    }

    @Override
    public void flush() throws IOException {
      if (body != null) {
        body.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (body == null) {
        if (head.size() == 0) {
          raw.close(); // nothing was sealed: nothing to head
          return;
        }
        try {
          start(false);
        } catch (IOException e) {
          raw.close();
          throw e;
        }
      }
      body.close();
    }
  }

  /** Base64 in 64-column lines between a prefix and a suffix, every line ended. */
  private static final class Armored extends FilterOutputStream {
    private final OutputStream raw;
    private final String lineEnd;
    private final String suffix;
    private boolean closed;

    Armored(OutputStream raw, String prefix, String lineEnd, String suffix) throws IOException {
      super(
          Base64.getMimeEncoder(64, lineEnd.getBytes(StandardCharsets.US_ASCII))
              .wrap(
                  new FilterOutputStream(raw) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                      out.write(b, off, len);
                    }

                    @Override
                    public void close() {
                      // the armor's own close writes the suffix, then closes raw
                    }
                  }));
      this.raw = raw;
      this.lineEnd = lineEnd;
      this.suffix = suffix;
      raw.write(prefix.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try (raw) {
        out.close(); // flushes the last Base64 quantum
        raw.write((lineEnd + suffix).getBytes(StandardCharsets.US_ASCII));
      }
    }
  }
}
