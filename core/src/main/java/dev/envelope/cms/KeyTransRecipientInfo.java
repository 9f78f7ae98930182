package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import java.util.Objects;

/**
 * {@code KeyTransRecipientInfo ::= SEQUENCE { version CMSVersion, rid RecipientIdentifier,
 * keyEncryptionAlgorithm KeyEncryptionAlgorithmIdentifier, encryptedKey EncryptedKey }} (RFC 5652
 * 6.2.1). The version (0 for issuerAndSerialNumber, 2 for subjectKeyIdentifier) is derived by
 * {@link Versions}.
 */
public record KeyTransRecipientInfo(
    RecipientIdentifier rid, AlgorithmIdentifier keyEncryptionAlgorithm, Bytes encryptedKey)
    implements RecipientInfo {
  public KeyTransRecipientInfo {
    Objects.requireNonNull(rid, "rid");
    Objects.requireNonNull(keyEncryptionAlgorithm, "keyEncryptionAlgorithm");
    Objects.requireNonNull(encryptedKey, "encryptedKey");
  }
}
