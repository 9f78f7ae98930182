package dev.envelope;

import dev.envelope.armor.Armor;
import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.BerInput;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.EncryptedContentInfo;
import dev.envelope.cms.EnvelopeReader;
import dev.envelope.cms.EnvelopedData;
import dev.envelope.error.EnvelopeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

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

  /**
   * Starts, on a daemon thread, the one-time set-up that a new JVM's first opening with an RSA key
   * pays: the JCA look-ups and the first compilation of the RSA arithmetic. Optional, and worth it
   * only in a short-lived program that opens one message and has other start-up work to overlap it
   * with (the {@code envelope decrypt} command calls it before parsing its arguments). Does nothing
   * on a machine with one processor. Returns at once.
   */
  public static void prepareInBackground() {
    if (Runtime.getRuntime().availableProcessors() < 2) {
      return;
    }
    Thread t = new Thread(dev.envelope.crypto.Warmup::run, "envelope-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /**
   * Re-addresses messages: adds recipients for a message's existing content key, removes recipient
   * entries, and copies everything else unchanged; see {@link Readdress}.
   */
  public static Readdress readdress() {
    return Readdress.DEFAULT;
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

  /**
   * Describes a message read from a stream of any size, in constant memory: the encrypted content
   * is counted and skipped. The stream is read to its end, not closed.
   *
   * @throws EnvelopeException when it is malformed or exceeds a limit
   * @throws IOException when the stream cannot be read
   */
  public static MessageInfo inspect(InputStream in) throws EnvelopeException, IOException {
    return describe(in, null);
  }

  /**
   * As {@link #inspect(InputStream)}, and tells for each recipient identifier which of {@code
   * local} it names ({@link RecipientSummary.LocalMatch}), with the matching opening uses: issuer
   * and serial number, subjectKeyIdentifier (extension, RFC 5280 method 1 or Windows' form). Only
   * identifiers are compared; no private key is used.
   *
   * @param local the keys to compare with; may be empty (then every match list is empty)
   * @throws EnvelopeException when it is malformed or exceeds a limit
   * @throws IOException when the stream cannot be read
   */
  public static MessageInfo inspect(InputStream in, List<LocalKey> local)
      throws EnvelopeException, IOException {
    return describe(in, List.copyOf(local));
  }

  /**
   * @param local null for no matching
   */
  private static MessageInfo describe(InputStream in, List<LocalKey> local)
      throws EnvelopeException, IOException {
    try {
      EnvelopeReader r = EnvelopeReader.open(Armor.decoding(in), Limits.DEFAULT.cms());
      EnvelopeReader.Header h = r.header();
      long n = r.encryptedContent().transferTo(OutputStream.nullOutputStream());
      EnvelopeReader.Trailer t = r.finish();
      EncryptedContentInfo eci =
          new EncryptedContentInfo(h.contentType(), h.contentEncryptionAlgorithm(), null);
      CmsMessage m =
          h.authEnveloped()
              ? new AuthEnvelopedData(
                  h.originatorInfo(),
                  h.recipientInfos(),
                  eci,
                  t.authAttrs(),
                  t.mac(),
                  t.unauthAttrs())
              : new EnvelopedData(
                  h.originatorInfo(), h.recipientInfos(), eci, t.unprotectedAttrs());
      return Inspection.describe(m, h.contentPresent() ? n : -1, local);
    } catch (Asn1Exception e) {
      throw DecryptingInputStream.formatError(e);
    } catch (BerInput.MalformedInputException e) {
      throw DecryptingInputStream.formatError(e.asn1());
    }
  }
}
