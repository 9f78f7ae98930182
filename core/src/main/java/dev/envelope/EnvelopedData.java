package dev.envelope;

import dev.envelope.error.EnvelopeException;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.store.Stores;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The shape of CAPICOM's {@code EnvelopedData} object, for code being ported from it or from .NET's
 * {@code EnvelopedCms}: set {@link #setContent content}, choose an {@link #algorithm()}, add {@link
 * #recipients()}, call {@link #encrypt}; on the other side {@link #decrypt} and read the content
 * back.
 *
 * <p>Like CAPICOM: {@code String} content is encrypted as UTF-16LE without a byte-order mark (the
 * bytes of a BSTR) and decrypted content is read back the same way; the defaults are those of .NET
 * (AES-256-CBC in EnvelopedData, RSA PKCS #1 v1.5, issuerAndSerialNumber); {@link Encoding#BASE64}
 * output is in 64-column lines ended by CRLF.
 *
 * <p>A mutable object, as CAPICOM's was: not safe for use by several threads at once. New code
 * should prefer {@link Envelope}.
 */
public final class EnvelopedData {

  /** CAPICOM_ENCODING_TYPE. */
  public enum Encoding {
    /** CAPICOM_ENCODE_BASE64 (0): Base64, 64 columns, CRLF. */
    BASE64,
    /** CAPICOM_ENCODE_BINARY (1): the DER bytes (as a string: one char per byte). */
    BINARY
  }

  /** CAPICOM_ENCRYPTION_ALGORITHM. */
  public enum AlgorithmName {
    /** CAPICOM_ENCRYPTION_ALGORITHM_RC2 (0): RC2-CBC, 40, 56 or 128 bits (MAXIMUM: 128). */
    RC2,
    /** CAPICOM_ENCRYPTION_ALGORITHM_RC4 (1): RC4, 40, 56 or 128 bits (MAXIMUM: 128). */
    RC4,
    /** CAPICOM_ENCRYPTION_ALGORITHM_DES (2): single DES-CBC. */
    DES,
    /** CAPICOM_ENCRYPTION_ALGORITHM_3DES (3). */
    TRIPLE_DES,
    /**
     * CAPICOM_ENCRYPTION_ALGORITHM_AES (4): 128, 192 or 256 bits (MAXIMUM: 256); CAPICOM allowed it
     * for EncryptedData only, the facade for enveloped messages too (the default).
     */
    AES
  }

  /** CAPICOM_ENCRYPTION_KEY_LENGTH. */
  public enum KeyLength {
    /** CAPICOM_ENCRYPTION_KEY_LENGTH_MAXIMUM (0): the longest the algorithm has. */
    MAXIMUM,
    BITS_40,
    BITS_56,
    BITS_128,
    BITS_192,
    BITS_256
  }

  /** CAPICOM's {@code Algorithm} object: a name and a key length. */
  public static final class Algorithm {
    private AlgorithmName name = AlgorithmName.AES;
    private KeyLength keyLength = KeyLength.BITS_256;

    Algorithm() {}

    public AlgorithmName getName() {
      return name;
    }

    public void setName(AlgorithmName name) {
      this.name = Objects.requireNonNull(name);
    }

    public KeyLength getKeyLength() {
      return keyLength;
    }

    public void setKeyLength(KeyLength keyLength) {
      this.keyLength = Objects.requireNonNull(keyLength);
    }

    ContentCipher toCipher() throws UnsupportedAlgorithmException {
      return switch (name) {
        case AES ->
            switch (keyLength) {
              case BITS_128 -> ContentCipher.AES_128_CBC;
              case BITS_192 -> ContentCipher.AES_192_CBC;
              case BITS_256, MAXIMUM -> ContentCipher.AES_256_CBC;
              default ->
                  throw new UnsupportedAlgorithmException(
                      "AES has no " + keyLength + " key length (128, 192, 256)");
            };
        case TRIPLE_DES -> ContentCipher.DES_EDE3_CBC;
        case DES -> ContentCipher.DES_CBC;
        // CAPICOM's RC2 and RC4 key lengths; MAXIMUM is 128 bits (RC2-128 is --profile capicom)
        case RC2 ->
            switch (keyLength) {
              case BITS_40 -> ContentCipher.RC2_40;
              case BITS_56 -> ContentCipher.RC2_56;
              case BITS_128, MAXIMUM -> ContentCipher.RC2_128;
              default ->
                  throw new UnsupportedAlgorithmException(
                      "RC2 has no " + keyLength + " key length (40, 56, 128)");
            };
        case RC4 ->
            switch (keyLength) {
              case BITS_40 -> ContentCipher.RC4_40;
              case BITS_56 -> ContentCipher.RC4_56;
              case BITS_128, MAXIMUM -> ContentCipher.RC4_128;
              default ->
                  throw new UnsupportedAlgorithmException(
                      "RC4 has no " + keyLength + " key length (40, 56, 128)");
            };
      };
    }
  }

  /** CAPICOM's {@code Recipients} collection; {@link #item} is 1-based as CAPICOM's was. */
  public static final class Recipients {
    private final List<X509Certificate> certificates = new ArrayList<>();

    Recipients() {}

    public void add(X509Certificate certificate) {
      Recipient.of(certificate); // fails now, not at encrypt, for a key that cannot be used
      certificates.add(certificate);
    }

    public int count() {
      return certificates.size();
    }

    /** The certificate at {@code index}, counting from 1. */
    public X509Certificate item(int index) {
      return certificates.get(index - 1);
    }

    /**
     * Adds the one certificate that {@code query} finds in the address book or the personal store
     * (e-mail, subject text, or SHA-1/SHA-256 thumbprint), as CAPICOM's {@code Certificates.Find}
     * fed {@code Recipients.Add}. The stores' password comes from {@code ENVELOPE_STORE_PASS}.
     *
     * @throws KeySourceException when the stores cannot be opened, or the query finds no
     *     certificate or several
     */
    public void addFromStore(String query) throws EnvelopeException {
      char[] password = storePassword();
      try (Stores stores = Stores.openDefault(password)) {
        for (X509Certificate c : stores.resolveRecipient(query, false)) {
          add(c);
        }
      } finally {
        Arrays.fill(password, '\0');
      }
    }

    /** Removes the certificate at {@code index}, counting from 1. */
    public void remove(int index) {
      certificates.remove(index - 1);
    }

    public void clear() {
      certificates.clear();
    }
  }

  private byte[] content = new byte[0];
  private final Algorithm algorithm = new Algorithm();
  private final Recipients recipients = new Recipients();

  /** An empty object: no content, AES-256, no recipients. */
  public EnvelopedData() {}

  /** The content as text: UTF-16LE bytes read back as a string. */
  public String getContent() {
    return new String(content, StandardCharsets.UTF_16LE);
  }

  /** Sets text content, to be encrypted as UTF-16LE without a byte-order mark (as CAPICOM did). */
  public void setContent(String text) {
    content = text.getBytes(StandardCharsets.UTF_16LE);
  }

  /** The content as bytes (a copy). */
  public byte[] getContentBytes() {
    return content.clone();
  }

  /** Sets binary content, encrypted as is. */
  public void setContent(byte[] bytes) {
    content = bytes.clone();
  }

  public Algorithm algorithm() {
    return algorithm;
  }

  public Recipients recipients() {
    return recipients;
  }

  /**
   * Encrypts the content for every recipient.
   *
   * @return Base64 (64 columns, CRLF) or the DER bytes one char per byte (ISO-8859-1), as CAPICOM's
   *     binary strings were
   */
  public String encrypt(Encoding encoding) throws GeneralSecurityException {
    byte[] der = encryptToBytes();
    return switch (encoding) {
      case BASE64 -> new String(OutputFormat.BASE64.encode(der), StandardCharsets.US_ASCII);
      case BINARY -> new String(der, StandardCharsets.ISO_8859_1);
    };
  }

  /** Encrypts the content for every recipient and returns the DER bytes. */
  public byte[] encryptToBytes() throws GeneralSecurityException {
    if (recipients.count() == 0) {
      throw new IllegalStateException("no recipient: add one to recipients() first");
    }
    Sealer sealer = Envelope.sealer().withCipher(algorithm.toCipher());
    for (X509Certificate c : recipients.certificates) {
      // RSA as CAPICOM and .NET wrote it (PKCS #1 v1.5); other keys get their kind's defaults
      Recipient r = Recipient.of(c);
      sealer =
          sealer.withRecipient(
              r instanceof Recipient.KeyTransport
                  ? new Recipient.KeyTransport(c, RsaPadding.PKCS1, OaepHash.SHA256)
                  : r);
    }
    return sealer.seal(content);
  }

  /**
   * Decrypts a message (Base64, PEM, DER, or a binary string as {@link #encrypt} returns it) and
   * makes its content this object's content.
   */
  public void decrypt(String message, KeySource keys) throws EnvelopeException {
    decrypt(message.getBytes(StandardCharsets.ISO_8859_1), keys);
  }

  /**
   * Decrypts a message with whichever key of the personal store ({@code $ENVELOPE_HOME}, default
   * {@code ~/.envelope}) matches one of its recipients, as CAPICOM's {@code Decrypt} searched the
   * MY store. The store's password comes from {@code ENVELOPE_STORE_PASS}.
   *
   * @throws KeySourceException when the personal store cannot be opened
   */
  public void decrypt(String message) throws EnvelopeException {
    char[] password = storePassword();
    try (Stores stores = Stores.openDefault(password)) {
      decrypt(message, stores.keySource());
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static char[] storePassword() throws KeySourceException {
    return Stores.passwordFromEnvironment()
        .orElseThrow(
            () ->
                new KeySourceException(
                    "the personal store needs its password in "
                        + Stores.PASSWORD_VARIABLE
                        + ", or pass a KeySource"));
  }

  /** Decrypts a message given as bytes in any supported encoding. */
  public void decrypt(byte[] message, KeySource keys) throws EnvelopeException {
    Decrypted d = Envelope.decrypt(message, keys);
    content = d.content();
    d.clear();
  }
}
