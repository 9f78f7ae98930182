package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import java.util.Objects;

/**
 * {@code KEKRecipientInfo ::= SEQUENCE { version CMSVersion (4), kekid KEKIdentifier,
 * keyEncryptionAlgorithm, encryptedKey }} (RFC 5652 6.2.3).
 *
 * @param keyIdentifier the KEKIdentifier's keyIdentifier
 * @param kekIdExtras the KEKIdentifier's optional {@code date} and {@code other} as encoded, or
 *     null
 */
public record KekRecipientInfo(
    Bytes keyIdentifier,
    Bytes kekIdExtras,
    AlgorithmIdentifier keyEncryptionAlgorithm,
    Bytes encryptedKey)
    implements RecipientInfo {
  public KekRecipientInfo {
    Objects.requireNonNull(keyIdentifier, "keyIdentifier");
    Objects.requireNonNull(keyEncryptionAlgorithm, "keyEncryptionAlgorithm");
    Objects.requireNonNull(encryptedKey, "encryptedKey");
  }
}
