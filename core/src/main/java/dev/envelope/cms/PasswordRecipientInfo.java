package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import java.util.Objects;

/**
 * {@code PasswordRecipientInfo ::= SEQUENCE { version CMSVersion (0), keyDerivationAlgorithm [0]
 * KeyDerivationAlgorithmIdentifier OPTIONAL, keyEncryptionAlgorithm, encryptedKey }} (RFC 5652
 * 6.2.4, RFC 3211).
 *
 * @param keyDerivationAlgorithm null when absent (the KEK is then supplied directly)
 */
public record PasswordRecipientInfo(
    AlgorithmIdentifier keyDerivationAlgorithm,
    AlgorithmIdentifier keyEncryptionAlgorithm,
    Bytes encryptedKey)
    implements RecipientInfo {
  public PasswordRecipientInfo {
    Objects.requireNonNull(keyEncryptionAlgorithm, "keyEncryptionAlgorithm");
    Objects.requireNonNull(encryptedKey, "encryptedKey");
  }
}
