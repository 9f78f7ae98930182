package dev.envelope.cms;

import dev.envelope.asn1.Asn1Limits;

/**
 * Bounds on the structure around the encrypted content (SECURITY.md section 6).
 *
 * @param maxHeaderBytes bytes before the encrypted content (default 4 MiB; CVE-2016-2109)
 * @param maxRecipients RecipientInfos per message (default 1024)
 * @param maxAttributes attributes in one attribute set, and elements in originatorInfo (default
 *     1024)
 * @param asn1 the codec's depth and size bounds
 */
public record CmsLimits(int maxHeaderBytes, int maxRecipients, int maxAttributes, Asn1Limits asn1) {
  public static final CmsLimits DEFAULT = new CmsLimits(4 << 20, 1024, 1024, Asn1Limits.DEFAULT);

  public CmsLimits {
    if (maxHeaderBytes < 1 || maxRecipients < 1 || maxAttributes < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
