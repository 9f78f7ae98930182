package dev.envelope.crypto;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.EncryptedContentInfo;
import dev.envelope.cms.EnvelopedData;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.RecipientInfo;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test-side rewriting of sealed messages through the wire records: decode with {@link CmsCodec},
 * replace one part with a new record, encode again (DER, versions derived). Used to build the
 * hostile variants of a valid message that differ from it in exactly one field.
 */
public final class MessageSurgery {
  private MessageSurgery() {}

  public static CmsMessage decode(byte[] der) {
    try {
      return CmsCodec.decode(der, CmsLimits.DEFAULT);
    } catch (Asn1Exception e) {
      throw new IllegalArgumentException("not a message this test made: " + e.getMessage(), e);
    }
  }

  /** The first KeyTransRecipientInfo. */
  public static KeyTransRecipientInfo ktri(byte[] der) {
    return decode(der).recipientInfos().stream()
        .filter(KeyTransRecipientInfo.class::isInstance)
        .map(KeyTransRecipientInfo.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** Every KeyTransRecipientInfo rewritten by {@code f}. */
  public static byte[] withKeyTrans(byte[] der, UnaryOperator<KeyTransRecipientInfo> f) {
    CmsMessage m = decode(der);
    List<RecipientInfo> ris =
        m.recipientInfos().stream()
            .map(ri -> ri instanceof KeyTransRecipientInfo k ? (RecipientInfo) f.apply(k) : ri)
            .toList();
    return CmsCodec.encode(rebuild(m, ris, m.encryptedContentInfo()));
  }

  /** Every KeyTransRecipientInfo's encryptedKey replaced. */
  public static byte[] withEncryptedKey(byte[] der, byte[] encryptedKey) {
    return withKeyTrans(
        der,
        k ->
            new KeyTransRecipientInfo(k.rid(), k.keyEncryptionAlgorithm(), Bytes.of(encryptedKey)));
  }

  /** Every KeyTransRecipientInfo's keyEncryptionAlgorithm and encryptedKey replaced. */
  public static byte[] withKeyEncryption(
      byte[] der, AlgorithmIdentifier keyEncryptionAlgorithm, byte[] encryptedKey) {
    return withKeyTrans(
        der,
        k -> new KeyTransRecipientInfo(k.rid(), keyEncryptionAlgorithm, Bytes.of(encryptedKey)));
  }

  /** The encryptedContentInfo rewritten by {@code f}. */
  public static byte[] withContentInfo(byte[] der, UnaryOperator<EncryptedContentInfo> f) {
    CmsMessage m = decode(der);
    return CmsCodec.encode(rebuild(m, m.recipientInfos(), f.apply(m.encryptedContentInfo())));
  }

  /** The encrypted content replaced. */
  public static byte[] withEncryptedContent(byte[] der, byte[] content) {
    return withContentInfo(
        der,
        e ->
            new EncryptedContentInfo(
                e.contentType(), e.contentEncryptionAlgorithm(), Bytes.of(content)));
  }

  /** The AuthEnvelopedData's mac (tag) replaced. */
  public static byte[] withMac(byte[] der, byte[] mac) {
    AuthEnvelopedData a = (AuthEnvelopedData) decode(der);
    return CmsCodec.encode(
        new AuthEnvelopedData(
            a.originatorInfo(),
            a.recipientInfos(),
            a.encryptedContentInfo(),
            a.authAttrs(),
            Bytes.of(mac),
            a.unauthAttrs()));
  }

  /** The same parts as EnvelopedData (whatever its cipher). */
  public static byte[] asEnvelopedData(byte[] der) {
    CmsMessage m = decode(der);
    return CmsCodec.encode(
        new EnvelopedData(
            m.originatorInfo(), m.recipientInfos(), m.encryptedContentInfo(), List.of()));
  }

  /** The same parts as AuthEnvelopedData (whatever its cipher), with the given tag. */
  public static byte[] asAuthEnvelopedData(byte[] der, byte[] mac) {
    CmsMessage m = decode(der);
    return CmsCodec.encode(
        new AuthEnvelopedData(
            m.originatorInfo(),
            m.recipientInfos(),
            m.encryptedContentInfo(),
            List.of(),
            Bytes.of(mac),
            List.of()));
  }

  private static CmsMessage rebuild(
      CmsMessage m, List<RecipientInfo> ris, EncryptedContentInfo eci) {
    return switch (m) {
      case EnvelopedData ed ->
          new EnvelopedData(ed.originatorInfo(), ris, eci, ed.unprotectedAttrs());
      case AuthEnvelopedData a ->
          new AuthEnvelopedData(
              a.originatorInfo(), ris, eci, a.authAttrs(), a.mac(), a.unauthAttrs());
    };
  }
}
