package dev.envelope;

import java.util.List;

/**
 * What a message says about itself, readable without any key: for {@code envelope inspect} and for
 * deciding which key to fetch.
 *
 * @param type {@code EnvelopedData} or {@code AuthEnvelopedData}
 * @param version the CMSVersion as sent
 * @param contentType the inner content type, dotted OID
 * @param contentCipher the cipher's name ({@code aes-256-gcm}) or, when unknown, its OID
 * @param ivLength IV or nonce length in bytes, -1 when the parameters could not be read
 * @param tagLength authentication tag length, 0 for EnvelopedData
 * @param encryptedContentLength bytes of encrypted content, -1 when absent (detached)
 * @param recipients every recipient entry, in message order
 * @param originatorCertificates certificates carried in originatorInfo
 * @param attributes attribute types present, each as {@code unprotected|auth|unauth:OID}
 */
public record MessageInfo(
    String type,
    int version,
    String contentType,
    String contentCipher,
    int ivLength,
    int tagLength,
    long encryptedContentLength,
    List<RecipientSummary> recipients,
    int originatorCertificates,
    List<String> attributes) {

  public MessageInfo {
    recipients = List.copyOf(recipients);
    attributes = List.copyOf(attributes);
  }

  /**
   * One recipient entry.
   *
   * @param index position in the message, from 0
   * @param kind {@code ktri}, {@code kari}, {@code kekri}, {@code pwri}, {@code kemri} or {@code
   *     ori}
   * @param version the entry's CMSVersion (-1 for an unknown ori)
   * @param identifier how the entry names its recipient: {@code issuer=DN serial=HEX}, {@code
   *     ski=HEX}, {@code kek-id=HEX}, or empty
   * @param algorithm the key-encryption (or agreement, derivation) algorithm, described
   */
  public record RecipientSummary(
      int index, String kind, int version, String identifier, String algorithm) {}
}
