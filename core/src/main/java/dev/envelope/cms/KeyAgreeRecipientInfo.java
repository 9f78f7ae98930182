package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * {@code KeyAgreeRecipientInfo ::= SEQUENCE { version CMSVersion (3), originator [0] EXPLICIT
 * OriginatorIdentifierOrKey, ukm [1] EXPLICIT UserKeyingMaterial OPTIONAL, keyEncryptionAlgorithm,
 * recipientEncryptedKeys }} (RFC 5652 6.2.2).
 *
 * @param ukm user keying material, or null when absent
 */
public record KeyAgreeRecipientInfo(
    Originator originator,
    Bytes ukm,
    AlgorithmIdentifier keyEncryptionAlgorithm,
    List<RecipientEncryptedKey> recipientEncryptedKeys)
    implements RecipientInfo {

  public KeyAgreeRecipientInfo {
    Objects.requireNonNull(originator, "originator");
    Objects.requireNonNull(keyEncryptionAlgorithm, "keyEncryptionAlgorithm");
    recipientEncryptedKeys = List.copyOf(recipientEncryptedKeys);
  }

  /**
   * {@code OriginatorIdentifierOrKey ::= CHOICE { issuerAndSerialNumber, subjectKeyIdentifier [0],
   * originatorKey [1] OriginatorPublicKey }}.
   */
  public sealed interface Originator {}

  /** The originator's certificate by issuer and serial. */
  public record OriginatorIssuerSerial(IssuerAndSerialNumber value) implements Originator {}

  /** The originator's certificate by subjectKeyIdentifier. */
  public record OriginatorSubjectKeyId(Bytes keyIdentifier) implements Originator {}

  /**
   * {@code OriginatorPublicKey ::= SEQUENCE { algorithm AlgorithmIdentifier, publicKey BIT STRING
   * }}: usually an ephemeral key.
   */
  public record OriginatorPublicKey(AlgorithmIdentifier algorithm, Bytes publicKey)
      implements Originator {}

  /**
   * {@code RecipientEncryptedKey ::= SEQUENCE { rid KeyAgreeRecipientIdentifier, encryptedKey }}.
   *
   * @param rid issuerAndSerialNumber, or {@code rKeyId [0]} as a subjectKeyIdentifier
   * @param rKeyIdExtras for an rKeyId: its optional {@code date} and {@code other} fields as
   *     encoded (null when absent), kept so the entry re-encodes unchanged
   */
  public record RecipientEncryptedKey(
      RecipientIdentifier rid, Bytes rKeyIdExtras, Bytes encryptedKey) {
    public RecipientEncryptedKey {
      Objects.requireNonNull(rid, "rid");
      Objects.requireNonNull(encryptedKey, "encryptedKey");
    }
  }
}
