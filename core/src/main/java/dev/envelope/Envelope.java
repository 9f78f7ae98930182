package dev.envelope;

import dev.envelope.error.EnvelopeException;

/**
 * Entry point: seal content for recipients, open messages with your keys, look inside without a
 * key.
 *
 * <pre>{@code
 * byte[] message = Envelope.sealer().withRecipient(Recipient.of(cert)).seal(content);
 * Decrypted opened = Envelope.decrypt(message, KeySource.of(cert, privateKey));
 * }</pre>
 *
 * <p>Messages are CMS (RFC 5652) EnvelopedData or, for AEAD ciphers, AuthEnvelopedData (RFC 5083),
 * and interoperate with OpenSSL, Bouncy Castle and .NET.
 */
public final class Envelope {
  private Envelope() {}

  /** A sealer with the defaults (AES-256-GCM, RSA-OAEP SHA-256, issuerAndSerialNumber). */
  public static Sealer sealer() {
    return Sealer.DEFAULT;
  }

  /** An opener with the default limits and policy. */
  public static Opener opener() {
    return Opener.DEFAULT;
  }

  /** Opens a message with the default limits and policy; see {@link Opener#decrypt}. */
  public static Decrypted decrypt(byte[] message, KeySource keys) throws EnvelopeException {
    return Opener.DEFAULT.decrypt(message, keys);
  }

  /**
   * Describes a message (DER, BER, PEM or Base64) without decrypting it.
   *
   * @throws EnvelopeException when it is malformed or exceeds a limit
   */
  public static MessageInfo inspect(byte[] message) throws EnvelopeException {
    return Inspection.describe(Opener.decode(message, Limits.DEFAULT));
  }
}
