package dev.envelope;

import dev.envelope.asn1.Bytes;
import dev.envelope.cms.IssuerAndSerialNumber;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.crypto.OaepParams;
import dev.envelope.error.KeySourceException;
import dev.envelope.recipient.KekRecipients;
import dev.envelope.recipient.KemRecipients;
import dev.envelope.recipient.KeyAgreeRecipients;
import dev.envelope.recipient.KeyTransRecipients;
import dev.envelope.recipient.PasswordRecipients;
import dev.envelope.x509.CertificateIds;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/**
 * One recipient entry per {@link Recipient}: the content key wrapped for it by its kind. Shared by
 * {@link Sealer} (a fresh key) and {@link Readdress} (a message's existing key).
 */
final class RecipientEntries {
  private RecipientEntries() {}

  static RecipientInfo of(
      Recipient r, byte[] cek, RecipientIdentifierType identifierType, SecureRandom random)
      throws GeneralSecurityException {
    return switch (r) {
      case Recipient.KeyTransport kt ->
          KeyTransRecipients.seal(
              kt.certificate(),
              identifier(kt.certificate(), identifierType),
              kt.padding() == RsaPadding.PKCS1 ? null : OaepParams.of(kt.oaepHash().digest()),
              cek,
              random);
      case Recipient.KeyAgreement ka ->
          KeyAgreeRecipients.seal(
              ka.certificate(),
              identifier(ka.certificate(), identifierType),
              ka.kdfHash().digest(),
              ka.wrap().algorithm(),
              cek,
              random);
      case Recipient.Kem kem ->
          KemRecipients.seal(
              kem.certificate(),
              identifier(kem.certificate(), identifierType),
              kem.wrap().algorithm(),
              cek,
              random);
      case Recipient.Kek kek -> KekRecipients.seal(kek.keyIdentifier(), kek.key(), cek);
      case Recipient.Password pw ->
          PasswordRecipients.seal(pw.password(), pw.prf().prf(), pw.iterations(), cek, random);
    };
  }

  private static RecipientIdentifier identifier(X509Certificate cert, RecipientIdentifierType type)
      throws KeySourceException {
    return switch (type) {
      case ISSUER_AND_SERIAL_NUMBER ->
          new RecipientIdentifier.IssuerSerial(
              new IssuerAndSerialNumber(
                  Bytes.of(cert.getIssuerX500Principal().getEncoded()), cert.getSerialNumber()));
      case SUBJECT_KEY_IDENTIFIER ->
          new RecipientIdentifier.SubjectKeyId(
              Bytes.of(CertificateIds.of(cert).preferredSubjectKeyId()));
    };
  }
}
