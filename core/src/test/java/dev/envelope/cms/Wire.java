package dev.envelope.cms;

import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Hex;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;

/**
 * Hand-assembled CMS encodings, field by field, so a test can leave one out, repeat it or give it
 * the wrong tag. Each method returns a {@link DerWriter.Body} that writes one element.
 */
final class Wire {
  private Wire() {}

  static DerWriter.Body raw(String hex) {
    byte[] b = Hex.bytes(hex);
    return w -> w.addEncoded(b);
  }

  static DerWriter.Body raw(byte[] b) {
    return w -> w.addEncoded(b);
  }

  static DerWriter.Body all(DerWriter.Body... parts) {
    return w -> {
      for (DerWriter.Body p : parts) {
        p.write(w);
      }
    };
  }

  static DerWriter.Body seq(DerWriter.Body... parts) {
    return w -> w.addSequence(all(parts));
  }

  static DerWriter.Body tagged(int n, DerWriter.Body... parts) {
    return w -> w.add(Tag.context(n, true), all(parts));
  }

  static DerWriter.Body version(int v) {
    return w -> w.addInteger(v);
  }

  static DerWriter.Body oid(Oid oid) {
    return w -> w.addOid(oid);
  }

  static DerWriter.Body ri(RecipientInfo ri) {
    return w -> RecipientInfoCodec.write(w, ri);
  }

  static DerWriter.Body ris(DerWriter.Body... ris) {
    return w -> w.addSet(all(ris));
  }

  static final DerWriter.Body KTRI = ri(CmsFixtures.ktriIssuerSerial());
  static final DerWriter.Body KEKRI = ri(CmsFixtures.kekri(false));

  static DerWriter.Body algorithm(AlgorithmIdentifier a) {
    return w -> CmsFields.writeAlgorithm(w, a);
  }

  /** EncryptedContentInfo with 32 bytes of content. */
  static DerWriter.Body eci() {
    return eci(w -> w.addPrimitive(Tag.context(0, false), new byte[32]));
  }

  /** EncryptedContentInfo with this encryptedContent element (or none: pass nothing). */
  static DerWriter.Body eci(DerWriter.Body... content) {
    return seq(oid(CmsOids.DATA), algorithm(CmsFixtures.aesCbc(1)), all(content));
  }

  static DerWriter.Body attrs(int tag, int count) {
    return tagged(
        tag,
        w -> {
          for (int i = 0; i < count; i++) {
            int k = i;
            w.addSequence(a -> a.addOid(Oid.of("1.3.6.1.4.1.99999." + k)).addSet(v -> v.addNull()));
          }
        });
  }

  static byte[] contentInfo(Oid type, DerWriter.Body... content) {
    return DerWriter.encode(seq(oid(type), all(content)));
  }

  /** ContentInfo { id-envelopedData, [0] { SEQUENCE { fields } } }. */
  static byte[] enveloped(DerWriter.Body... fields) {
    return contentInfo(CmsOids.ENVELOPED_DATA, tagged(0, seq(fields)));
  }

  static byte[] authEnveloped(DerWriter.Body... fields) {
    return contentInfo(CmsOids.AUTH_ENVELOPED_DATA, tagged(0, seq(fields)));
  }

  static final DerWriter.Body MAC = w -> w.addOctetString(new byte[16]);

  /** The usual valid EnvelopedData with one ktri. */
  static byte[] validEnveloped() {
    return enveloped(version(0), ris(KTRI), eci());
  }

  /**
   * ContentInfo, [0], EnvelopedData and EncryptedContentInfo all with indefinite lengths, as BC
   * streams them: {@code 30 80 OID A0 80 30 80 <before> 30 80 <eciFields> 00 00 <after> 00 00 00 00
   * 00 00}.
   */
  static byte[] berEnveloped(byte[] before, byte[] eciFields, byte[] after) {
    return Hex.concat(
        Hex.bytes("30 80"),
        DerWriter.encode(oid(CmsOids.ENVELOPED_DATA)),
        Hex.bytes("a0 80 30 80"),
        before,
        Hex.bytes("30 80"),
        eciFields,
        Hex.bytes("00 00"),
        after,
        Hex.bytes("00 00 00 00 00 00"));
  }

  /** version 0 and one ktri, DER: what comes before the EncryptedContentInfo. */
  static byte[] versionAndKtri() {
    return DerWriter.encode(all(version(0), ris(KTRI)));
  }

  /** contentType and contentEncryptionAlgorithm, DER: the start of an EncryptedContentInfo. */
  static byte[] eciStart() {
    return DerWriter.encode(all(oid(CmsOids.DATA), algorithm(CmsFixtures.aesCbc(1))));
  }
}
