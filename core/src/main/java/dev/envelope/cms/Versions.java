package dev.envelope.cms;

import java.util.List;

/** Every CMSVersion number, derived in one place from the structure it labels. */
public final class Versions {
  private Versions() {}

  /**
   * RFC 5652 6.1:
   *
   * <pre>
   * IF (originatorInfo is present) AND ((any certificates with a type of other are present) OR
   *    (any crls with a type of other are present))        THEN version is 4
   * ELSE IF ((originatorInfo is present) AND (any version 2 attribute certificates are present))
   *    OR (any RecipientInfo structures include pwri) OR (any RecipientInfo structures include ori)
   *                                                        THEN version is 3
   * ELSE IF (originatorInfo is absent) AND (unprotectedAttrs is absent) AND
   *    (all RecipientInfo structures are version 0)        THEN version is 0
   * ELSE version is 2
   * </pre>
   */
  public static int envelopedData(EnvelopedData ed) {
    OriginatorInfo oi = ed.originatorInfo();
    if (oi != null
        && (oi.certificates().stream().anyMatch(c -> c.get(0) == (byte) 0xA3)
            || oi.crls().stream().anyMatch(c -> c.get(0) == (byte) 0xA1))) {
      return 4;
    }
    List<RecipientInfo> ris = ed.recipientInfos();
    if ((oi != null && oi.certificates().stream().anyMatch(c -> c.get(0) == (byte) 0xA2))
        || ris.stream()
            .anyMatch(
                ri ->
                    ri instanceof PasswordRecipientInfo
                        || ri instanceof KemRecipientInfo
                        || ri instanceof OtherRecipientInfo)) {
      return 3;
    }
    if (oi == null
        && ed.unprotectedAttrs().isEmpty()
        && ris.stream().allMatch(ri -> recipientInfo(ri) == 0)) {
      return 0;
    }
    return 2;
  }

  /** RFC 5083 2.1: the version is always 0. */
  public static int authEnvelopedData(AuthEnvelopedData aed) {
    return 0;
  }

  /**
   * The version of one RecipientInfo: ktri 0 (issuerAndSerialNumber) or 2 (subjectKeyIdentifier)
   * (RFC 5652 6.2.1), kari 3 (6.2.2), kekri 4 (6.2.3), pwri 0 (6.2.4), KEMRecipientInfo 0 (RFC
   * 9629); an unknown ori has none (-1).
   */
  public static int recipientInfo(RecipientInfo ri) {
    return switch (ri) {
      case KeyTransRecipientInfo k -> k.rid() instanceof RecipientIdentifier.SubjectKeyId ? 2 : 0;
      case KeyAgreeRecipientInfo k -> 3;
      case KekRecipientInfo k -> 4;
      case PasswordRecipientInfo p -> 0;
      case KemRecipientInfo k -> 0;
      case OtherRecipientInfo o -> -1;
    };
  }
}
