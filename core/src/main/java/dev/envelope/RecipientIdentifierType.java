package dev.envelope;

/** How a recipient entry names the certificate it was made for (RFC 5652 6.2.1). */
public enum RecipientIdentifierType {
  /** Issuer name and serial number: version 0 entries, understood by every peer. The default. */
  ISSUER_AND_SERIAL_NUMBER,
  /**
   * The certificate's subjectKeyIdentifier (its extension, else RFC 5280 method 1): version 2
   * entries, and what {@code openssl cms -keyid} writes.
   */
  SUBJECT_KEY_IDENTIFIER
}
