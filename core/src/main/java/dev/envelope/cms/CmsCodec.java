package dev.envelope.cms;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.BerInput;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Tag;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Whole messages in memory: {@link #decode} (DER or BER, through the same incremental {@link
 * EnvelopeReader} that streams) and {@link #encode} (DER).
 */
public final class CmsCodec {
  private CmsCodec() {}

  /** Decodes a ContentInfo holding EnvelopedData or AuthEnvelopedData. */
  public static CmsMessage decode(byte[] message, CmsLimits limits) throws Asn1Exception {
    try {
      EnvelopeReader r = EnvelopeReader.open(new ByteArrayInputStream(message), limits);
      EnvelopeReader.Header h = r.header();
      Bytes content = null;
      if (h.contentPresent()) {
        content = Bytes.of(r.encryptedContent().readAllBytes());
      }
      EnvelopeReader.Trailer t = r.finish();
      EncryptedContentInfo eci =
          new EncryptedContentInfo(h.contentType(), h.contentEncryptionAlgorithm(), content);
      if (h.authEnveloped()) {
        return new AuthEnvelopedData(
            h.originatorInfo(), h.recipientInfos(), eci, t.authAttrs(), t.mac(), t.unauthAttrs());
      }
      return new EnvelopedData(h.originatorInfo(), h.recipientInfos(), eci, t.unprotectedAttrs());
    } catch (BerInput.MalformedInputException e) {
      throw e.asn1();
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory", e);
    }
  }

  /** The DER encoding of the ContentInfo holding this message, versions derived. */
  public static byte[] encode(CmsMessage message) {
    return DerWriter.encode(
        w ->
            w.addSequence(
                ci -> {
                  switch (message) {
                    case EnvelopedData ed -> {
                      ci.addOid(CmsOids.ENVELOPED_DATA);
                      ci.add(CmsFields.CTX0, c -> c.addSequence(s -> writeEnveloped(s, ed)));
                    }
                    case AuthEnvelopedData aed -> {
                      ci.addOid(CmsOids.AUTH_ENVELOPED_DATA);
                      ci.add(CmsFields.CTX0, c -> c.addSequence(s -> writeAuthEnveloped(s, aed)));
                    }
                  }
                }));
  }

  /** The additional authenticated data of AuthEnvelopedData: authAttrs as a DER SET OF. */
  public static byte[] authAttrsAad(List<Attribute> authAttrs) {
    return authAttrs.isEmpty()
        ? new byte[0]
        : DerWriter.encode(w -> CmsFields.writeAttributes(w, Tag.SET, authAttrs));
  }

  private static void writeCommon(DerWriter s, int version, CmsMessage m) {
    s.addInteger(version);
    if (m.originatorInfo() != null) {
      CmsFields.writeOriginatorInfo(s, m.originatorInfo());
    }
    writeRecipientInfos(s, m.recipientInfos());
    EncryptedContentInfo eci = m.encryptedContentInfo();
    s.addSequence(
        e -> {
          e.addOid(eci.contentType());
          CmsFields.writeAlgorithm(e, eci.contentEncryptionAlgorithm());
          if (eci.encryptedContent() != null) {
            e.addPrimitive(Tag.context(0, false), eci.encryptedContent().toByteArray());
          }
        });
  }

  /** {@code RecipientInfos ::= SET SIZE (1..MAX) OF RecipientInfo}, sorted as DER requires. */
  static void writeRecipientInfos(DerWriter w, List<RecipientInfo> infos) {
    w.addSetOf(
        Tag.SET,
        infos.stream().<DerWriter.Body>map(ri -> x -> RecipientInfoCodec.write(x, ri)).toList());
  }

  private static void writeEnveloped(DerWriter s, EnvelopedData ed) {
    writeCommon(s, Versions.envelopedData(ed), ed);
    if (!ed.unprotectedAttrs().isEmpty()) {
      CmsFields.writeAttributes(s, CmsFields.CTX1, ed.unprotectedAttrs());
    }
  }

  private static void writeAuthEnveloped(DerWriter s, AuthEnvelopedData aed) {
    writeCommon(s, Versions.authEnvelopedData(aed), aed);
    if (!aed.authAttrs().isEmpty()) {
      CmsFields.writeAttributes(s, CmsFields.CTX1, aed.authAttrs());
    }
    s.addOctetString(aed.mac().toByteArray());
    if (!aed.unauthAttrs().isEmpty()) {
      CmsFields.writeAttributes(s, CmsFields.CTX2, aed.unauthAttrs());
    }
  }
}
