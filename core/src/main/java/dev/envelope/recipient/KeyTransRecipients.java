package dev.envelope.recipient;

import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.OaepParams;
import dev.envelope.crypto.RsaKeyTransport;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/** Key transport recipients (RFC 5652 6.2.1): RSA PKCS #1 v1.5 and RSAES-OAEP. */
public final class KeyTransRecipients {
  private KeyTransRecipients() {}

  /**
   * The entry for {@code certificate}.
   *
   * @param oaep null for PKCS #1 v1.5
   */
  public static KeyTransRecipientInfo seal(
      X509Certificate certificate,
      RecipientIdentifier rid,
      OaepParams oaep,
      byte[] cek,
      SecureRandom random)
      throws GeneralSecurityException {
    byte[] ek = RsaKeyTransport.wrap(certificate.getPublicKey(), oaep, cek, random);
    // rsaEncryption takes NULL parameters (RFC 3370 4.2.1), as every peer writes them
    AlgorithmIdentifier alg =
        oaep == null
            ? AlgorithmIdentifier.withNull(Algorithm.RSA_PKCS1.oid())
            : oaep.toAlgorithmIdentifier();
    return new KeyTransRecipientInfo(rid, alg, Bytes.of(ek));
  }

  /**
   * The key-encryption scheme of an entry, checked before any private-key operation.
   *
   * @return the OAEP parameters, or null for PKCS #1 v1.5
   */
  public static OaepParams scheme(KeyTransRecipientInfo ri)
      throws MalformedMessageException, UnsupportedAlgorithmException {
    AlgorithmIdentifier alg = ri.keyEncryptionAlgorithm();
    Algorithm a =
        Algorithm.byOid(alg.algorithm())
            .filter(x -> x.kind() == Algorithm.Kind.KEY_TRANSPORT)
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "unsupported key transport algorithm " + alg.algorithm()));
    if (a == Algorithm.RSA_OAEP) {
      return OaepParams.parse(alg);
    }
    if (!alg.parametersAbsentOrNull()) {
      throw new MalformedMessageException(
          "malformed keyEncryptionAlgorithm: rsaEncryption parameters must be NULL");
    }
    return null;
  }

  /**
   * The content key from this entry: the real one, or a deterministic substitute of the same length
   * when the key is wrong or the padding bad (see {@link RsaKeyTransport#unwrap}).
   */
  public static byte[] unwrap(
      KeyTransRecipientInfo ri, OaepParams scheme, PrivateKey key, int cekLength) {
    return RsaKeyTransport.unwrap(
        key, scheme, ri.encryptedKey().toByteArray(), cekLength, context(ri.rid()));
  }

  /** Public bytes binding a substitute key to the entry's identifier. */
  private static byte[] context(RecipientIdentifier rid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (rid) {
      case RecipientIdentifier.IssuerSerial is -> {
        out.writeBytes(is.value().issuer().toByteArray());
        out.writeBytes(is.value().serialNumber().toByteArray());
      }
      case RecipientIdentifier.SubjectKeyId ski ->
          out.writeBytes(ski.keyIdentifier().toByteArray());
    }
    return out.toByteArray();
  }
}
