package dev.envelope.cms;

import dev.envelope.asn1.DerWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a ContentInfo holding EnvelopedData or AuthEnvelopedData as a stream: the header, the
 * encrypted content as it is produced, then the trailer. Nothing is held but the current piece, so
 * any size streams in constant memory. Two forms:
 *
 * <ul>
 *   <li>DER, when the ciphertext length is known in advance (a file being sealed): every length is
 *       computed up front and the content is one primitive {@code [0]};
 *   <li>BER with indefinite lengths otherwise (standard input), the content a constructed {@code
 *       [0]} of OCTET STRING segments, as {@code openssl cms -stream} writes and every peer reads.
 * </ul>
 *
 * <pre>
 * BER: 30 80 | 06 type | A0 80 | 30 80 | version | [originatorInfo] | recipientInfos |
 *        30 80 | 06 data | algorithm | A0 80 | 04 len bytes ... 00 00 | 00 00 |
 *        [attributes] [mac] | 00 00 | 00 00 | 00 00
 * </pre>
 */
public final class EnvelopeWriter {
  private static final byte[] EOC = {0, 0};

  private final OutputStream out;
  private final CmsMessage template;
  private final long declared; // ciphertext length for DER, -1 for BER
  private long written;
  private boolean finished;

  private EnvelopeWriter(OutputStream out, CmsMessage template, long declared) {
    this.out = out;
    this.template = template;
    this.declared = declared;
  }

  /**
   * Writes everything before the encrypted content.
   *
   * @param template the message without content: its attributes are written as given, its mac only
   *     counts for its length (the real one goes to {@link #finish})
   * @param ciphertextLength the exact number of ciphertext bytes to come, for DER; -1 for BER
   */
  public static EnvelopeWriter start(OutputStream out, CmsMessage template, long ciphertextLength)
      throws IOException {
    boolean auth = template instanceof AuthEnvelopedData;
    byte[] type = DerWriter.encode(w -> w.addOid(typeOid(template)));
    byte[] head = DerWriter.encode(w -> writeHead(w, template));
    EncryptedContentInfo eci = template.encryptedContentInfo();
    byte[] eciHead =
        DerWriter.encode(
            w -> {
              w.addOid(eci.contentType());
              CmsFields.writeAlgorithm(w, eci.contentEncryptionAlgorithm());
            });
    ByteArrayOutputStream start = new ByteArrayOutputStream(head.length + 64);
    if (ciphertextLength < 0) {
      start.writeBytes(new byte[] {0x30, (byte) 0x80});
      start.writeBytes(type);
      start.writeBytes(new byte[] {(byte) 0xA0, (byte) 0x80, 0x30, (byte) 0x80});
      start.writeBytes(head);
      start.writeBytes(new byte[] {0x30, (byte) 0x80});
      start.writeBytes(eciHead);
      start.writeBytes(new byte[] {(byte) 0xA0, (byte) 0x80});
    } else {
      byte[] contentHeader = header(0x80, ciphertextLength);
      long eciLen = eciHead.length + contentHeader.length + ciphertextLength;
      long innerLen = head.length + header(0x30, eciLen).length + eciLen + tail(template).length;
      long explicitLen = header(0x30, innerLen).length + innerLen;
      long outerLen = type.length + header(0xA0, explicitLen).length + explicitLen;
      start.writeBytes(header(0x30, outerLen));
      start.writeBytes(type);
      start.writeBytes(header(0xA0, explicitLen));
      start.writeBytes(header(0x30, innerLen));
      start.writeBytes(head);
      start.writeBytes(header(0x30, eciLen));
      start.writeBytes(eciHead);
      start.writeBytes(contentHeader);
    }
    out.write(start.toByteArray());
    if (auth && ((AuthEnvelopedData) template).mac() == null) {
      throw new IllegalArgumentException("AuthEnvelopedData template needs a mac of the tag size");
    }
    return new EnvelopeWriter(out, template, ciphertextLength);
  }

  private static dev.envelope.asn1.Oid typeOid(CmsMessage m) {
    return m instanceof AuthEnvelopedData ? CmsOids.AUTH_ENVELOPED_DATA : CmsOids.ENVELOPED_DATA;
  }

  private static void writeHead(DerWriter w, CmsMessage m) {
    int version =
        switch (m) {
          case EnvelopedData ed -> Versions.envelopedData(ed);
          case AuthEnvelopedData aed -> Versions.authEnvelopedData(aed);
        };
    w.addInteger(version);
    if (m.originatorInfo() != null) {
      CmsFields.writeOriginatorInfo(w, m.originatorInfo());
    }
    CmsCodec.writeRecipientInfos(w, m.recipientInfos());
  }

  /** What follows the EncryptedContentInfo, with the template's mac (or a real one). */
  private static byte[] tail(CmsMessage m) {
    return DerWriter.encode(
        w -> {
          switch (m) {
            case EnvelopedData ed -> {
              if (!ed.unprotectedAttrs().isEmpty()) {
                CmsFields.writeAttributes(w, CmsFields.CTX1, ed.unprotectedAttrs());
              }
            }
            case AuthEnvelopedData aed -> {
              if (!aed.authAttrs().isEmpty()) {
                CmsFields.writeAttributes(w, CmsFields.CTX1, aed.authAttrs());
              }
              w.addOctetString(aed.mac().toByteArray());
              if (!aed.unauthAttrs().isEmpty()) {
                CmsFields.writeAttributes(w, CmsFields.CTX2, aed.unauthAttrs());
              }
            }
          }
        });
  }

  /** A definite-length header: one identifier octet, minimal length octets (X.690 10.1). */
  private static byte[] header(int identifier, long length) {
    if (length < 0x80) {
      return new byte[] {(byte) identifier, (byte) length};
    }
    int n = 0;
    for (long v = length; v != 0; v >>>= 8) {
      n++;
    }
    byte[] h = new byte[2 + n];
    h[0] = (byte) identifier;
    h[1] = (byte) (0x80 | n);
    for (int i = 0; i < n; i++) {
      h[2 + i] = (byte) (length >>> (8 * (n - 1 - i)));
    }
    return h;
  }

  /** Writes the next piece of encrypted content (nothing for an empty one). */
  public void writeContent(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IllegalStateException("content already finished");
    }
    if (len == 0) {
      return;
    }
    written += len;
    if (declared >= 0) {
      if (written > declared) {
        throw new IOException("more content than the " + declared + " bytes declared");
      }
    } else {
      out.write(header(0x04, len));
    }
    out.write(b, off, len);
  }

  /**
   * Ends the content and writes the trailer.
   *
   * @param mac the tag (AuthEnvelopedData, of the template's mac length), else null
   * @throws IOException when DER was declared and the content had another length
   */
  public void finish(byte[] mac) throws IOException {
    finished = true;
    if (declared >= 0 && written != declared) {
      throw new IOException(
          "content of " + written + " bytes where " + declared + " were declared");
    }
    CmsMessage m = template;
    if (template instanceof AuthEnvelopedData aed) {
      if (mac == null || mac.length != aed.mac().length()) {
        throw new IllegalArgumentException("mac of the wrong length");
      }
      m =
          new AuthEnvelopedData(
              aed.originatorInfo(),
              aed.recipientInfos(),
              aed.encryptedContentInfo(),
              aed.authAttrs(),
              dev.envelope.asn1.Bytes.of(mac),
              aed.unauthAttrs());
    }
    ByteArrayOutputStream end = new ByteArrayOutputStream(64);
    if (declared < 0) {
      end.writeBytes(EOC); // [0] encryptedContent
      end.writeBytes(EOC); // EncryptedContentInfo
      end.writeBytes(tail(m));
      end.writeBytes(EOC); // EnvelopedData / AuthEnvelopedData
      end.writeBytes(EOC); // [0] content
      end.writeBytes(EOC); // ContentInfo
    } else {
      end.writeBytes(tail(m));
    }
    out.write(end.toByteArray());
  }
}
