package dev.envelope;

import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * An opened message: the content, and which recipient entry and key opened it. Content is only ever
 * handed out after it was fully decrypted and, for AuthEnvelopedData, authenticated.
 */
public final class Decrypted {
  private final byte[] content;
  private final String contentType;
  private final int recipientIndex;
  private final KeyEntry key;
  private final ContentCipher cipher;

  Decrypted(
      byte[] content, String contentType, int recipientIndex, KeyEntry key, ContentCipher cipher) {
    this.content = content;
    this.contentType = contentType;
    this.recipientIndex = recipientIndex;
    this.key = key;
    this.cipher = cipher;
  }

  /** A copy of the content. */
  public byte[] content() {
    return content.clone();
  }

  /** The content type of the sealed content, as a dotted OID (id-data is 1.2.840.113549.1.7.1). */
  public String contentType() {
    return contentType;
  }

  /** The position (from 0) of the recipient entry that opened the message, as it was sent. */
  public int recipientIndex() {
    return recipientIndex;
  }

  /** The key that opened it, with its certificate when known. */
  public KeyEntry key() {
    return key;
  }

  /** The certificate of that key, or null when the key was given without one. */
  public X509Certificate certificate() {
    return key.certificate();
  }

  public ContentCipher cipher() {
    return cipher;
  }

  /**
   * Whether the content was authenticated (AuthEnvelopedData). EnvelopedData with CBC is malleable:
   * a modified message can decrypt to modified content without any error (Efail).
   */
  public boolean authenticated() {
    return cipher.isAuthenticated();
  }

  /** Clears the held copy of the content. */
  public void clear() {
    Arrays.fill(content, (byte) 0);
  }

  @Override
  public String toString() {
    return "Decrypted["
        + content.length
        + " bytes, recipient "
        + recipientIndex
        + ", "
        + cipher
        + "]";
  }
}
