package dev.envelope;

import dev.envelope.armor.Armor;
import java.nio.charset.StandardCharsets;

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
}
