package dev.envelope;

/**
 * What opening a message to a stream or file did: which recipient entry and key opened it, with
 * which cipher, and how many bytes of content were written.
 *
 * @param recipientIndex the entry's position in the message, from 0
 * @param key the key that opened it
 * @param contentType the sealed content's type, dotted OID
 * @param bytes content bytes written
 */
public record Opened(
    int recipientIndex, KeyEntry key, ContentCipher cipher, String contentType, long bytes) {

  static Opened of(DecryptingInputStream s, long bytes) {
    return new Opened(s.recipientIndex(), s.key(), s.cipher(), s.contentType(), bytes);
  }

  /** Whether the content was authenticated (AuthEnvelopedData); CBC content is malleable. */
  public boolean authenticated() {
    return cipher.isAuthenticated();
  }
}
