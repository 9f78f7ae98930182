package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.Oid;
import java.util.Objects;

/**
 * {@code EncryptedContentInfo ::= SEQUENCE { contentType ContentType, contentEncryptionAlgorithm,
 * encryptedContent [0] IMPLICIT EncryptedContent OPTIONAL }} (RFC 5652 6.1).
 *
 * @param encryptedContent null when the content is detached (absent)
 */
public record EncryptedContentInfo(
    Oid contentType, AlgorithmIdentifier contentEncryptionAlgorithm, Bytes encryptedContent) {
  public EncryptedContentInfo {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(contentEncryptionAlgorithm, "contentEncryptionAlgorithm");
  }
}
