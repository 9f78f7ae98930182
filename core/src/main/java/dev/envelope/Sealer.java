package dev.envelope;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.Oid;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.CmsOids;
import dev.envelope.cms.EncryptedContentInfo;
import dev.envelope.cms.EnvelopeWriter;
import dev.envelope.cms.EnvelopedData;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.ContentStreams;
import dev.envelope.error.LimitExceededException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Seals content for recipients: an immutable specification, built with {@code with} methods, that
 * can seal any number of messages (and be shared between threads).
 *
 * <pre>{@code
 * byte[] message = Envelope.sealer()
 *     .withRecipient(Recipient.of(aliceCert))
 *     .withRecipient(Recipient.of(bobCert))
 *     .seal(content);
 * }</pre>
 *
 * <p>Each seal draws a fresh content-encryption key and IV, encrypts the content once, and encrypts
 * the key for every recipient. Defaults: AES-256-GCM in AuthEnvelopedData, issuerAndSerialNumber
 * identifiers, RSA-OAEP with SHA-256 for RSA recipients. Receivers that only read EnvelopedData
 * (.NET, Outlook, older OpenSSL) need {@link ContentCipher#AES_256_CBC}.
 */
public final class Sealer {
  static final Sealer DEFAULT =
      new Sealer(
          ContentCipher.AES_256_GCM,
          List.of(),
          RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER,
          CmsOids.DATA,
          Limits.DEFAULT.maxInMemory());

  private final ContentCipher cipher;
  private final List<Recipient> recipients;
  private final RecipientIdentifierType identifierType;
  private final Oid contentType;
  private final long maxInMemory;

  private Sealer(
      ContentCipher cipher,
      List<Recipient> recipients,
      RecipientIdentifierType identifierType,
      Oid contentType,
      long maxInMemory) {
    this.cipher = cipher;
    this.recipients = List.copyOf(recipients);
    this.identifierType = identifierType;
    this.contentType = contentType;
    this.maxInMemory = maxInMemory;
  }

  public Sealer withCipher(ContentCipher cipher) {
    return new Sealer(
        Objects.requireNonNull(cipher), recipients, identifierType, contentType, maxInMemory);
  }

  /** Adds a recipient. */
  public Sealer withRecipient(Recipient recipient) {
    List<Recipient> all = new ArrayList<>(recipients);
    all.add(Objects.requireNonNull(recipient));
    return new Sealer(cipher, all, identifierType, contentType, maxInMemory);
  }

  /** Adds recipients. */
  public Sealer withRecipients(List<? extends Recipient> more) {
    List<Recipient> all = new ArrayList<>(recipients);
    all.addAll(more);
    return new Sealer(cipher, all, identifierType, contentType, maxInMemory);
  }

  /** How recipient entries name their certificates. */
  public Sealer withRecipientIdentifier(RecipientIdentifierType type) {
    return new Sealer(cipher, recipients, Objects.requireNonNull(type), contentType, maxInMemory);
  }

  /**
   * The type of the content being sealed, as a dotted OID (default id-data, 1.2.840.113549.1.7.1; a
   * SignedData ContentInfo body uses 1.2.840.113549.1.7.2).
   */
  public Sealer withContentType(String dottedOid) {
    return new Sealer(cipher, recipients, identifierType, Oid.of(dottedOid), maxInMemory);
  }

  /** The most content {@link #seal} takes (default 64 MiB). */
  public Sealer withMaxInMemory(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxInMemory must be positive");
    }
    return new Sealer(cipher, recipients, identifierType, contentType, bytes);
  }

  public ContentCipher cipher() {
    return cipher;
  }

  public List<Recipient> recipients() {
    return recipients;
  }

  /**
   * Seals {@code content} and returns the DER-encoded ContentInfo.
   *
   * @throws IllegalStateException when no recipient was given
   * @throws LimitExceededException when the content is larger than the in-memory limit
   * @throws GeneralSecurityException when a recipient's key cannot be used (too small, or a
   *     provider refuses it)
   */
  public byte[] seal(byte[] content) throws GeneralSecurityException {
    Limits.requireInMemory(content.length, maxInMemory);
    // the streaming writer in its DER form: one path for both, and the content is copied once
    // rather than through every nesting level of an in-memory encoder
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 4096);
    try (OutputStream sealing = openEncrypting(out, content.length)) {
      sealing.write(content);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Seals a stream of any size in constant memory: write the content to the returned stream and
   * close it. The message goes to {@code out} as it is made, in BER with indefinite lengths (the
   * encrypted content as a constructed OCTET STRING of 64 KiB segments), which OpenSSL, Bouncy
   * Castle and .NET read. Closing the returned stream writes the end of the message and closes
   * {@code out}.
   *
   * @throws IllegalStateException when no recipient was given
   * @throws dev.envelope.error.UnsupportedAlgorithmException for AES-CCM, which needs the content
   *     length before the first byte: use {@link #openEncrypting(OutputStream, long)}
   * @throws GeneralSecurityException when a recipient's key cannot be used
   * @throws IOException when writing the start of the message to {@code out} fails
   */
  public OutputStream openEncrypting(OutputStream out)
      throws GeneralSecurityException, IOException {
    return openEncrypting(out, -1);
  }

  /**
   * Like {@link #openEncrypting(OutputStream)}, but for content of a length known in advance (a
   * file), and then in DER: exactly {@code contentLength} bytes must be written before close, which
   * otherwise fails.
   *
   * @param contentLength the exact content length, or -1 for unknown (BER)
   */
  public OutputStream openEncrypting(OutputStream out, long contentLength)
      throws GeneralSecurityException, IOException {
    try (Prepared p = prepare()) {
      var alg = p.spec.algorithm();
      EncryptedContentInfo eci =
          new EncryptedContentInfo(contentType, p.spec.toAlgorithmIdentifier(), null);
      CmsMessage template =
          alg.isAead()
              ? new AuthEnvelopedData(
                  null, p.infos, eci, List.of(), Bytes.of(new byte[alg.tagBytes()]), List.of())
              : new EnvelopedData(null, p.infos, eci, List.of());
      long ciphertextLength = -1;
      if (contentLength >= 0) {
        int block = alg.ivBytes(); // CBC pads to whole blocks, always adding at least one byte
        // AEAD and RC4 (a stream cipher, no IV) do not pad
        ciphertextLength =
            alg.isAead() || block == 0 ? contentLength : (contentLength / block + 1) * block;
      }
      // AES-CCM needs the length up front: refused here, before anything is written, without it
      ContentStreams.Encryptor encryptor = ContentStreams.encryptor(p.spec, p.cek, contentLength);
      return new SealingOutputStream(
          EnvelopeWriter.start(out, template, ciphertextLength),
          encryptor,
          out,
          alg.isAead() && !p.spec.isCcm()); // CCM's own bound is checked by its encryptor
    }
  }

  /** A fresh content key, IV and the recipient entries; the key is zeroed on close. */
  private record Prepared(byte[] cek, ContentSpec spec, List<RecipientInfo> infos)
      implements AutoCloseable {
    @Override
    public void close() {
      Arrays.fill(cek, (byte) 0);
    }
  }

  private Prepared prepare() throws GeneralSecurityException {
    if (recipients.isEmpty()) {
      throw new IllegalStateException("no recipient: add at least one with withRecipient");
    }
    SecureRandom random = new SecureRandom();
    var alg = cipher.algorithm();
    byte[] cek = new byte[cipher.keyBytes()]; // RC2 and RC4 come in several key lengths
    byte[] iv = new byte[alg.ivBytes()];
    random.nextBytes(cek);
    random.nextBytes(iv);
    try {
      List<RecipientInfo> infos = new ArrayList<>(recipients.size());
      for (Recipient r : recipients) {
        infos.add(RecipientEntries.of(r, cek, identifierType, random));
      }
      return new Prepared(cek, ContentSpec.fresh(alg, cipher.keyBytes(), iv), infos);
    } catch (GeneralSecurityException | RuntimeException e) {
      Arrays.fill(cek, (byte) 0);
      throw e;
    }
  }
}
