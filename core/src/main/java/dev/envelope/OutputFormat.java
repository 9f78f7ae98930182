package dev.envelope;

import dev.envelope.armor.Armor;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How a sealed message is written out. */
public enum OutputFormat {
  /** DER bytes. */
  DER,
  /** PEM, {@code -----BEGIN CMS-----}, 64-column lines (RFC 7468). */
  PEM,
  /** Base64 in 64-column lines ended by CRLF, as CAPICOM wrote. */
  BASE64;

  /** Encodes a DER message in this format. */
  public byte[] encode(byte[] der) {
    return switch (this) {
      case DER -> der.clone();
      case PEM -> Armor.pem(der).getBytes(StandardCharsets.US_ASCII);
      case BASE64 -> Armor.base64(der, "\r\n").getBytes(StandardCharsets.US_ASCII);
    };
  }

  /**
   * Wraps {@code out} so that a binary message written to the result comes out in this format, in
   * constant memory. Closing the result finishes the armor and closes {@code out}.
   */
  public OutputStream wrap(OutputStream out) throws IOException {
    return switch (this) {
      case DER -> out;
      case PEM -> new Armored(out, "-----BEGIN CMS-----\n", "\n", "-----END CMS-----\n");
      case BASE64 -> new Armored(out, "", "\r\n", "");
    };
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
