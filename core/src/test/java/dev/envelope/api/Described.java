package dev.envelope.api;

import dev.envelope.RecipientSummary;

/**
 * Short one-line descriptions of inspected recipient entries, for assertions: {@code issuer=DN
 * serial=HEX}, {@code ski=HEX}, {@code rsa-oaep sha256 mgf1-sha256}, {@code rsa-pkcs1}.
 */
public final class Described {
  private Described() {}

  /** The identifier of a ktri, kemri, or a kari's first recipientEncryptedKey. */
  public static String identifier(RecipientSummary r) {
    return switch (r) {
      case RecipientSummary.KeyTransport k -> identifier(k.rid());
      case RecipientSummary.Kem k -> identifier(k.rid());
      case RecipientSummary.KeyAgreement k ->
          k.recipientEncryptedKeys().isEmpty()
              ? ""
              : identifier(k.recipientEncryptedKeys().get(0).rid());
      case RecipientSummary.Kek k -> identifier(k.kekId());
      case RecipientSummary.Password p -> "";
      case RecipientSummary.Other o -> "";
    };
  }

  public static String identifier(RecipientSummary.Identifier id) {
    return switch (id) {
      case RecipientSummary.IssuerSerial is -> "issuer=" + is.issuer() + " serial=" + is.serial();
      case RecipientSummary.SubjectKeyId s -> "ski=" + s.ski();
      case RecipientSummary.KekId k -> "kek-id=" + k.keyIdentifier();
      case RecipientSummary.OriginatorKey o -> "key=" + o.algorithm().display();
    };
  }

  /** A ktri's key transport: {@code rsa-pkcs1} or {@code rsa-oaep HASH mgf1-HASH [label=HEX]}. */
  public static String keyTransport(RecipientSummary r) {
    RecipientSummary.KeyTransport k = (RecipientSummary.KeyTransport) r;
    if (k.oaep() == null) {
      return "rsa-" + k.keyEncryption().display();
    }
    return "rsa-oaep "
        + k.oaep().hash().display()
        + " mgf1-"
        + k.oaep().maskGenHash().display()
        + (k.oaep().label().isEmpty() ? "" : " label=" + k.oaep().label());
  }
}
