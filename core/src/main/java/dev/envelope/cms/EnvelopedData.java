package dev.envelope.cms;

import java.util.List;
import java.util.Objects;

/**
 * {@code EnvelopedData ::= SEQUENCE { version CMSVersion, originatorInfo [0] IMPLICIT
 * OriginatorInfo OPTIONAL, recipientInfos RecipientInfos, encryptedContentInfo, unprotectedAttrs
 * [1] IMPLICIT UnprotectedAttributes OPTIONAL }} (RFC 5652 6.1). The version is derived by {@link
 * Versions}.
 *
 * @param originatorInfo null when absent
 * @param unprotectedAttrs empty when absent
 */
public record EnvelopedData(
    OriginatorInfo originatorInfo,
    List<RecipientInfo> recipientInfos,
    EncryptedContentInfo encryptedContentInfo,
    List<Attribute> unprotectedAttrs)
    implements CmsMessage {
  public EnvelopedData {
    recipientInfos = List.copyOf(recipientInfos);
    Objects.requireNonNull(encryptedContentInfo, "encryptedContentInfo");
    unprotectedAttrs = List.copyOf(unprotectedAttrs);
  }

  @Override
  public EnvelopedData withRecipientInfos(List<RecipientInfo> recipientInfos) {
    return new EnvelopedData(
        originatorInfo, recipientInfos, encryptedContentInfo, unprotectedAttrs);
  }
}
