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
  private final byte[] verbatimTrailer; // the trailer as read, for a readdressed message
  private long written;
  private boolean finished;

  private EnvelopeWriter(
      OutputStream out, CmsMessage template, long declared, byte[] verbatimTrailer) {
    this.out = out;
    this.template = template;
    this.declared = declared;
    this.verbatimTrailer = verbatimTrailer;
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
    if (auth && ((AuthEnvelopedData) template).mac() == null) {
      throw new IllegalArgumentException("AuthEnvelopedData template needs a mac of the tag size");
    }
    byte[] head = DerWriter.encode(w -> writeHead(w, template));
    EncryptedContentInfo eci = template.encryptedContentInfo();
    byte[] eciHead =
        DerWriter.encode(
            w -> {
              w.addOid(eci.contentType());
              CmsFields.writeAlgorithm(w, eci.contentEncryptionAlgorithm());
            });
    writeStart(out, typeOid(template), head, eciHead, tail(template).length, ciphertextLength);
    return new EnvelopeWriter(out, template, ciphertextLength, null);
  }

  /**
   * Writes everything before the encrypted content of {@code message} with new recipientInfos and
   * every other field exactly as it was read ({@code verbatim}): the version is derived again from
   * the new recipients (RFC 5652 6.1), the recipientInfos are written in DER (SET OF sorted). Then
   * the encrypted content goes through {@link #writeContent}, and {@link #finish} with a null mac
   * writes the trailer as it was read.
   *
   * @param message the message as read (header and trailer fields), with the new recipientInfos
   * @param ciphertextLength the exact number of ciphertext bytes to come, for definite lengths (a
   *     primitive {@code [0]}); -1 for BER with indefinite lengths
   */
  public static EnvelopeWriter readdressed(
      OutputStream out, CmsMessage message, EnvelopeReader.Verbatim verbatim, long ciphertextLength)
      throws IOException {
    if ((message.originatorInfo() == null) != (verbatim.originatorInfo() == null)) {
      throw new IllegalArgumentException("originatorInfo of the message and as read differ");
    }
    byte[] head =
        DerWriter.encode(
            w -> {
              w.addInteger(version(message));
              if (verbatim.originatorInfo() != null) {
                w.addEncoded(verbatim.originatorInfo());
              }
              CmsCodec.writeRecipientInfos(w, message.recipientInfos());
            });
    byte[] eciHead = verbatim.contentInfoHead().clone();
    byte[] trailer = verbatim.trailer().clone();
    writeStart(out, typeOid(message), head, eciHead, trailer.length, ciphertextLength);
    return new EnvelopeWriter(out, message, ciphertextLength, trailer);
  }

  private static void writeStart(
      OutputStream out,
      dev.envelope.asn1.Oid typeOid,
      byte[] head,
      byte[] eciHead,
      int tailLength,
      long ciphertextLength)
      throws IOException {
    byte[] type = DerWriter.encode(w -> w.addOid(typeOid));
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
      long innerLen = head.length + header(0x30, eciLen).length + eciLen + tailLength;
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
  }

  private static dev.envelope.asn1.Oid typeOid(CmsMessage m) {
    return m instanceof AuthEnvelopedData ? CmsOids.AUTH_ENVELOPED_DATA : CmsOids.ENVELOPED_DATA;
  }

  private static int version(CmsMessage m) {
    return switch (m) {
      case EnvelopedData ed -> Versions.envelopedData(ed);
      case AuthEnvelopedData aed -> Versions.authEnvelopedData(aed);
    };
  }

  private static void writeHead(DerWriter w, CmsMessage m) {
    w.addInteger(version(m));
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
   * @param mac the tag (AuthEnvelopedData, of the template's mac length), else null; always null
   *     for a {@link #readdressed} message, whose trailer is written as it was read
   * @throws IOException when DER was declared and the content had another length
   */
  public void finish(byte[] mac) throws IOException {
    finished = true;
    if (declared >= 0 && written != declared) {
      throw new IOException(
          "content of " + written + " bytes where " + declared + " were declared");
    }
    if (verbatimTrailer != null) {
      if (mac != null) {
        throw new IllegalArgumentException("a readdressed message keeps its mac");
      }
      writeEnd(verbatimTrailer);
      return;
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
    writeEnd(tail(m));
  }

  private void writeEnd(byte[] tail) throws IOException {
    ByteArrayOutputStream end = new ByteArrayOutputStream(64);
    if (declared < 0) {
      end.writeBytes(EOC); // [0] encryptedContent
      end.writeBytes(EOC); // EncryptedContentInfo
      end.writeBytes(tail);
      end.writeBytes(EOC); // EnvelopedData / AuthEnvelopedData
      end.writeBytes(EOC); // [0] content
      end.writeBytes(EOC); // ContentInfo
    } else {
      end.writeBytes(tail);
    }
    out.write(end.toByteArray());
  }
}
