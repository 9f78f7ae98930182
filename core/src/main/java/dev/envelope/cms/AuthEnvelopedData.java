package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * {@code AuthEnvelopedData ::= SEQUENCE { version CMSVersion (0), originatorInfo [0] IMPLICIT
 * OPTIONAL, recipientInfos, authEncryptedContentInfo EncryptedContentInfo, authAttrs [1] IMPLICIT
 * AuthAttributes OPTIONAL, mac MessageAuthenticationCode, unauthAttrs [2] IMPLICIT OPTIONAL }} (RFC
 * 5083). The authAttrs are authenticated as additional data, DER-encoded with the SET OF tag.
 *
 * @param authAttrs empty when absent
 * @param mac the authentication tag
 * @param unauthAttrs empty when absent; never authenticated
 */
public record AuthEnvelopedData(
    OriginatorInfo originatorInfo,
    List<RecipientInfo> recipientInfos,
    EncryptedContentInfo encryptedContentInfo,
    List<Attribute> authAttrs,
    Bytes mac,
    List<Attribute> unauthAttrs)
    implements CmsMessage {
  public AuthEnvelopedData {
    recipientInfos = List.copyOf(recipientInfos);
    Objects.requireNonNull(encryptedContentInfo, "encryptedContentInfo");
    authAttrs = List.copyOf(authAttrs);
    Objects.requireNonNull(mac, "mac");
    unauthAttrs = List.copyOf(unauthAttrs);
  }

  @Override
  public AuthEnvelopedData withRecipientInfos(List<RecipientInfo> recipientInfos) {
    return new AuthEnvelopedData(
        originatorInfo, recipientInfos, encryptedContentInfo, authAttrs, mac, unauthAttrs);
  }
}
