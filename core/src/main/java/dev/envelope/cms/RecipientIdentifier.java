package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import java.util.Objects;

/**
 * {@code RecipientIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber,
 * subjectKeyIdentifier [0] SubjectKeyIdentifier }} (RFC 5652 6.2.1).
 */
public sealed interface RecipientIdentifier {

  /** The certificate named by issuer and serial number. */
  record IssuerSerial(IssuerAndSerialNumber value) implements RecipientIdentifier {
    public IssuerSerial {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The certificate named by its subjectKeyIdentifier.
   *
   * @param keyIdentifier the identifier's octets
   */
  record SubjectKeyId(Bytes keyIdentifier) implements RecipientIdentifier {
    public SubjectKeyId {
      Objects.requireNonNull(keyIdentifier, "keyIdentifier");
    }
  }
}
