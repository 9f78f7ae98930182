package dev.envelope.cms;

import java.util.List;

/** The two enveloped content types: what every recipient and content cipher works on. */
public sealed interface CmsMessage permits EnvelopedData, AuthEnvelopedData {

  /** Null when absent. */
  OriginatorInfo originatorInfo();

  List<RecipientInfo> recipientInfos();

  /** The encryptedContentInfo (authEncryptedContentInfo for AuthEnvelopedData). */
  EncryptedContentInfo encryptedContentInfo();

  /** The same message with other recipient entries; every other field as it is. */
  CmsMessage withRecipientInfos(List<RecipientInfo> recipientInfos);
}
