package dev.envelope.cms;

import dev.envelope.asn1.DerWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes a ContentInfo holding EnvelopedData or AuthEnvelopedData as a stream, in BER with
 * indefinite lengths (RFC 5652 allows BER; every peer reads it): the header, then the encrypted
 * content as a constructed {@code [0]} of OCTET STRING segments written as they come, then the
 * trailer. Nothing is held but the current segment, so any size streams in constant memory.
 *
 * <pre>
 * 30 80 | 06 contentType | A0 80 | 30 80 | version | [originatorInfo] | recipientInfos (DER) |
 *   30 80 | 06 data | contentEncryptionAlgorithm (DER) | A0 80 | 04 len bytes ... | 00 00 | 00 00 |
 *   [authAttrs | mac | unauthAttrs  or  unprotectedAttrs] | 00 00 | 00 00 | 00 00
 * </pre>
 */
public final class EnvelopeWriter {
  private static final byte[] EOC = {0, 0};

  private final OutputStream out;
  private final boolean auth;
  private boolean contentClosed;

  private EnvelopeWriter(OutputStream out, boolean auth) {
    this.out = out;
    this.auth = auth;
  }

  /**
   * Writes everything before the encrypted content. {@code template}'s encryptedContent, mac and
   * attributes are ignored here: the content goes through {@link #writeContent}, the rest through
   * {@link #finish}.
   */
  public static EnvelopeWriter start(OutputStream out, CmsMessage template) throws IOException {
    boolean auth = template instanceof AuthEnvelopedData;
    int version =
        switch (template) {
          case EnvelopedData ed -> Versions.envelopedData(ed);
          case AuthEnvelopedData aed -> Versions.authEnvelopedData(aed);
        };
    EncryptedContentInfo eci = template.encryptedContentInfo();
    DerWriter w = new DerWriter(512);
    w.addEncoded(new byte[] {0x30, (byte) 0x80});
    w.addOid(auth ? CmsOids.AUTH_ENVELOPED_DATA : CmsOids.ENVELOPED_DATA);
    w.addEncoded(new byte[] {(byte) 0xA0, (byte) 0x80, 0x30, (byte) 0x80});
    w.addInteger(version);
    if (template.originatorInfo() != null) {
      CmsFields.writeOriginatorInfo(w, template.originatorInfo());
    }
    CmsCodec.writeRecipientInfos(w, template.recipientInfos());
    w.addEncoded(new byte[] {0x30, (byte) 0x80});
    w.addOid(eci.contentType());
    CmsFields.writeAlgorithm(w, eci.contentEncryptionAlgorithm());
    w.addEncoded(new byte[] {(byte) 0xA0, (byte) 0x80});
    out.write(w.toByteArray());
    return new EnvelopeWriter(out, auth);
  }

  /** Writes one segment of encrypted content (nothing for an empty one). */
  public void writeContent(byte[] b, int off, int len) throws IOException {
    if (contentClosed) {
      throw new IllegalStateException("content already finished");
    }
    if (len == 0) {
      return;
    }
    out.write(segmentHeader(len));
    out.write(b, off, len);
  }

  private static byte[] segmentHeader(int len) {
    if (len < 0x80) {
      return new byte[] {0x04, (byte) len};
    }
    int n = len < 0x100 ? 1 : len < 0x10000 ? 2 : len < 0x1000000 ? 3 : 4;
    byte[] h = new byte[2 + n];
    h[0] = 0x04;
    h[1] = (byte) (0x80 | n);
    for (int i = 0; i < n; i++) {
      h[2 + i] = (byte) (len >>> (8 * (n - 1 - i)));
    }
    return h;
  }

  /**
   * Ends the content and writes the trailer: unprotectedAttrs for EnvelopedData; authAttrs, the mac
   * and unauthAttrs for AuthEnvelopedData.
   *
   * @param mac the tag (AuthEnvelopedData), else null
   */
  public void finish(
      List<Attribute> unprotectedOrAuthAttrs, byte[] mac, List<Attribute> unauthAttrs)
      throws IOException {
    contentClosed = true;
    DerWriter w = new DerWriter(64);
    w.addEncoded(EOC); // [0] encryptedContent
    w.addEncoded(EOC); // EncryptedContentInfo
    if (!unprotectedOrAuthAttrs.isEmpty()) {
      CmsFields.writeAttributes(w, CmsFields.CTX1, unprotectedOrAuthAttrs);
    }
    if (auth) {
      w.addOctetString(mac);
      if (!unauthAttrs.isEmpty()) {
        CmsFields.writeAttributes(w, CmsFields.CTX2, unauthAttrs);
      }
    }
    w.addEncoded(EOC); // EnvelopedData / AuthEnvelopedData
    w.addEncoded(EOC); // [0] content
    w.addEncoded(EOC); // ContentInfo
    out.write(w.toByteArray());
  }
}
