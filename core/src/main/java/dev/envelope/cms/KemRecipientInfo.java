package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import java.util.Objects;

/**
 * RFC 9629 {@code KEMRecipientInfo ::= SEQUENCE { version CMSVersion (0), rid RecipientIdentifier,
 * kem KEMAlgorithmIdentifier, kemct OCTET STRING, kdf KeyDerivationAlgorithmIdentifier, kekLength
 * INTEGER (1..65535), ukm [0] EXPLICIT UserKeyingMaterial OPTIONAL, wrap
 * KeyEncryptionAlgorithmIdentifier, encryptedKey }}, carried as an {@code ori} of type id-ori-kem.
 *
 * @param ukm null when absent
 */
public record KemRecipientInfo(
    RecipientIdentifier rid,
    AlgorithmIdentifier kem,
    Bytes kemct,
    AlgorithmIdentifier kdf,
    int kekLength,
    Bytes ukm,
    AlgorithmIdentifier wrap,
    Bytes encryptedKey)
    implements RecipientInfo {
  public KemRecipientInfo {
    Objects.requireNonNull(rid, "rid");
    Objects.requireNonNull(kem, "kem");
    Objects.requireNonNull(kemct, "kemct");
    Objects.requireNonNull(kdf, "kdf");
    Objects.requireNonNull(wrap, "wrap");
    Objects.requireNonNull(encryptedKey, "encryptedKey");
  }
}
