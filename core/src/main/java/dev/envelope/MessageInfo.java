package dev.envelope;

import java.util.List;
import java.util.Objects;

/**
 * What a message says about itself, readable without any key: for {@code envelope inspect} and for
 * deciding which key to fetch. Facts, not formatted text: every algorithm as its OID and, when
 * Envelope knows it, its name; sizes as numbers; identifiers structured. Immutable.
 *
 * @param type {@code EnvelopedData} or {@code AuthEnvelopedData}
 * @param version the CMSVersion as sent
 * @param contentType the inner content type
 * @param contentCipher the content-encryption algorithm and what its parameters say
 * @param encryptedContentLength bytes of encrypted content, -1 when absent (detached)
 * @param recipients every recipient entry, in message order
 * @param originatorCertificates the certificates carried in originatorInfo
 * @param originatorCrls how many revocation lists originatorInfo carries
 * @param attributes the attributes, unprotected (EnvelopedData) or auth then unauth
 *     (AuthEnvelopedData), in message order
 */
public record MessageInfo(
    String type,
    int version,
    ObjectId contentType,
    CipherInfo contentCipher,
    long encryptedContentLength,
    List<RecipientSummary> recipients,
    List<CertificateInfo> originatorCertificates,
    int originatorCrls,
    List<AttributeInfo> attributes) {

  public MessageInfo {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(contentCipher, "contentCipher");
    recipients = List.copyOf(recipients);
    originatorCertificates = List.copyOf(originatorCertificates);
    attributes = List.copyOf(attributes);
  }

  /** Whether the message carries its encrypted content (false: detached). */
  public boolean contentPresent() {
    return encryptedContentLength >= 0;
  }

  /**
   * An object identifier and the name Envelope knows it by.
   *
   * @param oid dotted decimal
   * @param name Envelope's name ({@code aes-256-gcm}, {@code sha256}, {@code data}), or null when
   *     the OID is not one Envelope knows
   */
  public record ObjectId(String oid, String name) {
    public ObjectId {
      Objects.requireNonNull(oid, "oid");
    }

    /** The name, else the OID. */
    public String display() {
      return name == null ? oid : name;
    }
  }

  /**
   * The content-encryption algorithm and what its parameters say.
   *
   * @param algorithm the OID; the name includes the key length where it varies ({@code rc2-40})
   * @param keyBits the content key's length in bits, -1 when the parameters do not say (RC4 without
   *     a salt, an unknown cipher)
   * @param ivLength IV or nonce length in bytes, -1 when the parameters could not be read
   * @param tagLength the authentication tag's length in bytes, 0 when not AEAD
   * @param rc2EffectiveBits RC2's effective key bits, -1 for other ciphers
   * @param aead whether the cipher authenticates (AES-GCM, AES-CCM, ChaCha20-Poly1305)
   * @param legacy whether Envelope counts it as old and weak (3DES, DES, RC2, RC4)
   * @param error why the parameters could not be read (unknown cipher, bad IV), else null; inspect
   *     describes, opening decides
   */
  public record CipherInfo(
      ObjectId algorithm,
      int keyBits,
      int ivLength,
      int tagLength,
      int rc2EffectiveBits,
      boolean aead,
      boolean legacy,
      String error) {
    public CipherInfo {
      Objects.requireNonNull(algorithm, "algorithm");
    }

    /** The cipher's name, else its OID. */
    public String name() {
      return algorithm.display();
    }
  }

  /**
   * A certificate of originatorInfo. When an element is not an X.509 certificate Envelope can read
   * (an attribute certificate, another format), only {@code sha256} is set.
   *
   * @param subject RFC 2253, or null
   * @param issuer RFC 2253, or null
   * @param serial lower-case hex of the DER INTEGER's value, or null
   * @param sha256 SHA-256 of the element as encoded, lower-case hex
   */
  public record CertificateInfo(String subject, String issuer, String serial, String sha256) {
    public CertificateInfo {
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** Where an attribute sits. */
  public enum AttributePlace {
    /** EnvelopedData's unprotectedAttrs. */
    UNPROTECTED,
    /** AuthEnvelopedData's authAttrs, covered by the tag. */
    AUTH,
    /** AuthEnvelopedData's unauthAttrs. */
    UNAUTH;

    /** {@code unprotected}, {@code auth} or {@code unauth}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One attribute; its values are counted, not decoded.
   *
   * @param type the attribute type, named when known ({@code contentType}, {@code signingTime})
   * @param values how many values its SET holds
   */
  public record AttributeInfo(AttributePlace place, ObjectId type, int values) {
    public AttributeInfo {
      Objects.requireNonNull(place, "place");
      Objects.requireNonNull(type, "type");
    }
  }
}
