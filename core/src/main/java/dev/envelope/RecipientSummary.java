package dev.envelope;

import dev.envelope.MessageInfo.ObjectId;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * One recipient entry of a message as {@link Envelope#inspect} reads it (RFC 5652 6.2, RFC 9629):
 * one record per kind, with its identifier and algorithms as facts. Switch over the kinds
 * exhaustively. Immutable.
 *
 * <p>Local matches: when inspect is given {@link LocalKey}s, every identifier that names a
 * certificate (ktri, each recipientEncryptedKey of a kari, kemri) lists the local keys it names,
 * possibly none; without local keys the list is null (not checked).
 */
public sealed interface RecipientSummary {

  /** Position in the message's recipientInfos, from 0. */
  int index();

  /** The entry's CMSVersion; -1 for an ori of a type Envelope does not read. */
  int version();

  /** {@code ktri}, {@code kari}, {@code kekri}, {@code pwri}, {@code kemri} or {@code ori}. */
  String kind();

  /** How an entry names a certificate, a key-encryption key or an originator key. */
  sealed interface Identifier {}

  /**
   * issuerAndSerialNumber.
   *
   * @param issuer the issuer Name as RFC 2253 text ({@code (unreadable name)} when it is not a
   *     valid Name)
   * @param serial lower-case hex of the serial number's two's complement octets, as in the DER
   */
  record IssuerSerial(String issuer, String serial) implements Identifier {}

  /**
   * subjectKeyIdentifier (or a kari's rKeyId).
   *
   * @param ski lower-case hex
   */
  record SubjectKeyId(String ski) implements Identifier {}

  /**
   * A kekri's KEKIdentifier.
   *
   * @param keyIdentifier lower-case hex
   */
  record KekId(String keyIdentifier) implements Identifier {}

  /**
   * A kari's originatorKey: usually an ephemeral public key.
   *
   * @param algorithm {@code ec}, {@code x25519}, {@code x448} or another key type
   * @param curve the named curve ({@code p256}); for X25519 and X448 the algorithm itself; null
   *     when the parameters name none
   * @param publicKeyLength the public key's length in bytes
   */
  record OriginatorKey(ObjectId algorithm, ObjectId curve, int publicKeyLength)
      implements Identifier {}

  /**
   * A local key that a recipient identifier names.
   *
   * @param source where it was found, as the caller named it ({@code the personal store (...)})
   * @param subject the certificate's subject (RFC 2253), null for a key without a certificate
   * @param sha256 the certificate's SHA-256 thumbprint (lower-case hex), null without one
   */
  record LocalMatch(String source, String subject, String sha256) {}

  /**
   * RSAES-OAEP parameters (RFC 4055 3.1) as read.
   *
   * @param hash the hash function
   * @param maskGenHash MGF1's hash
   * @param label the pSpecified label in lower-case hex, empty for none
   */
  record Oaep(ObjectId hash, ObjectId maskGenHash, String label) {}

  /**
   * KeyTransRecipientInfo (RFC 5652 6.2.1).
   *
   * @param keyEncryption {@code pkcs1} (rsaEncryption) or {@code oaep} (id-RSAES-OAEP)
   * @param oaep the OAEP parameters, or null (not OAEP, or unreadable parameters)
   * @param matches the local keys {@code rid} names, or null when not checked
   */
  record KeyTransport(
      int index,
      int version,
      Identifier rid,
      ObjectId keyEncryption,
      Oaep oaep,
      List<LocalMatch> matches)
      implements RecipientSummary {
    public KeyTransport {
      Objects.requireNonNull(rid, "rid");
      Objects.requireNonNull(keyEncryption, "keyEncryption");
      matches = matches == null ? null : List.copyOf(matches);
    }

    @Override
    public String kind() {
      return "ktri";
    }
  }

  /**
   * One RecipientEncryptedKey of a kari.
   *
   * @param rid issuerAndSerialNumber, or rKeyId as a {@link SubjectKeyId}
   * @param matches the local keys {@code rid} names, or null when not checked
   */
  record RecipientKey(Identifier rid, List<LocalMatch> matches) {
    public RecipientKey {
      Objects.requireNonNull(rid, "rid");
      matches = matches == null ? null : List.copyOf(matches);
    }
  }

  /** Key agreement schemes: RFC 5753 standard and cofactor ECDH with the X9.63 KDF, RFC 8418. */
  enum AgreementScheme {
    /** dhSinglePass-stdDH-*kdf-scheme (RFC 5753 7.1.4). */
    STD_DH,
    /** dhSinglePass-cofactorDH-*kdf-scheme (RFC 5753 7.1.4). */
    COFACTOR_DH,
    /** dhSinglePass-stdDH-hkdf-* (RFC 8418 2, X25519 and X448). */
    HKDF;

    /** {@code stdDH}, {@code cofactorDH} or {@code hkdf}. */
    public String label() {
      return switch (this) {
        case STD_DH -> "stdDH";
        case COFACTOR_DH -> "cofactorDH";
        case HKDF -> "hkdf";
      };
    }
  }

  /**
   * KeyAgreeRecipientInfo (RFC 5652 6.2.2).
   *
   * @param originator the originator's key or certificate
   * @param ukm whether user keying material is present
   * @param keyAgreement the scheme identifier ({@code ecdh-std-sha256})
   * @param scheme the kind of scheme, or null when the identifier is not one Envelope knows
   * @param kdfHash the KDF's hash, or null when not known
   * @param wrap the key wrap from the scheme's parameters, or null when unreadable
   */
  record KeyAgreement(
      int index,
      int version,
      Identifier originator,
      boolean ukm,
      ObjectId keyAgreement,
      AgreementScheme scheme,
      ObjectId kdfHash,
      ObjectId wrap,
      List<RecipientKey> recipientEncryptedKeys)
      implements RecipientSummary {
    public KeyAgreement {
      Objects.requireNonNull(originator, "originator");
      Objects.requireNonNull(keyAgreement, "keyAgreement");
      recipientEncryptedKeys = List.copyOf(recipientEncryptedKeys);
    }

    @Override
    public String kind() {
      return "kari";
    }
  }

  /**
   * KEKRecipientInfo (RFC 5652 6.2.3).
   *
   * @param keyEncryption the key wrap ({@code aes256-wrap})
   */
  record Kek(int index, int version, KekId kekId, ObjectId keyEncryption)
      implements RecipientSummary {
    public Kek {
      Objects.requireNonNull(kekId, "kekId");
      Objects.requireNonNull(keyEncryption, "keyEncryption");
    }

    @Override
    public String kind() {
      return "kekri";
    }
  }

  /**
   * PBKDF2-params (RFC 8018 A.2).
   *
   * @param prf the PRF ({@code hmac-sha1} when the DEFAULT applies)
   * @param iterationCount as written
   * @param saltLength the salt's length in bytes
   * @param keyLength the keyLength field, -1 when absent
   */
  record Pbkdf2(ObjectId prf, BigInteger iterationCount, int saltLength, int keyLength) {
    public Pbkdf2 {
      Objects.requireNonNull(prf, "prf");
      Objects.requireNonNull(iterationCount, "iterationCount");
    }
  }

  /**
   * PasswordRecipientInfo (RFC 5652 6.2.4, RFC 3211).
   *
   * @param keyDerivation the KDF, or null when absent (the KEK is then given directly)
   * @param pbkdf2 its PBKDF2 parameters, or null (another KDF, absent or unreadable)
   * @param keyEncryption {@code pwri-kek} (id-alg-PWRI-KEK) or another
   * @param kekCipher the inner cipher of id-alg-PWRI-KEK ({@code aes-256-cbc}), or null
   */
  record Password(
      int index,
      int version,
      ObjectId keyDerivation,
      Pbkdf2 pbkdf2,
      ObjectId keyEncryption,
      ObjectId kekCipher)
      implements RecipientSummary {
    public Password {
      Objects.requireNonNull(keyEncryption, "keyEncryption");
    }

    @Override
    public String kind() {
      return "pwri";
    }
  }

  /**
   * KEMRecipientInfo (RFC 9629), an ori of type id-ori-kem.
   *
   * @param kem {@code ml-kem-512}, {@code ml-kem-768}, {@code ml-kem-1024} or another
   * @param kemCiphertextLength the kemct's length in bytes
   * @param kdf the KDF ({@code hkdf-sha256})
   * @param kekLength the KEK length in bytes, as written
   * @param ukm whether user keying material is present
   * @param wrap the key wrap
   * @param matches the local keys {@code rid} names, or null when not checked
   */
  record Kem(
      int index,
      int version,
      Identifier rid,
      ObjectId kem,
      int kemCiphertextLength,
      ObjectId kdf,
      int kekLength,
      boolean ukm,
      ObjectId wrap,
      List<LocalMatch> matches)
      implements RecipientSummary {
    public Kem {
      Objects.requireNonNull(rid, "rid");
      Objects.requireNonNull(kem, "kem");
      Objects.requireNonNull(kdf, "kdf");
      Objects.requireNonNull(wrap, "wrap");
      matches = matches == null ? null : List.copyOf(matches);
    }

    @Override
    public String kind() {
      return "kemri";
    }
  }

  /**
   * OtherRecipientInfo of a type Envelope does not read.
   *
   * @param oriType its type
   */
  record Other(int index, ObjectId oriType) implements RecipientSummary {
    public Other {
      Objects.requireNonNull(oriType, "oriType");
    }

    @Override
    public int version() {
      return -1;
    }

    @Override
    public String kind() {
      return "ori";
    }
  }
}
