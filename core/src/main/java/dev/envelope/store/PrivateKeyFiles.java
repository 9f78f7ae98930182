package dev.envelope.store;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.Tag;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reads one private key from what people have on disk (DESIGN.md {@code --key}):
 *
 * <ul>
 *   <li>PKCS #8, PEM {@code PRIVATE KEY} or DER;
 *   <li>encrypted PKCS #8, PEM {@code ENCRYPTED PRIVATE KEY} or DER, with a password (PBES2 with
 *       PBKDF2, or the PKCS #12 schemes the JDK knows);
 *   <li>PKCS #1 {@code RSA PRIVATE KEY}, PEM or DER;
 *   <li>SEC 1 {@code EC PRIVATE KEY}, PEM or DER, the curve named in the key or in a preceding
 *       {@code EC PARAMETERS} block.
 * </ul>
 *
 * <p>Other PEM blocks in the file (certificates of a combined file, a public key) are skipped.
 * OpenSSL's legacy encrypted PEM ({@code Proc-Type: 4,ENCRYPTED}), OpenSSH keys and explicit curve
 * parameters are refused with the command that converts them.
 *
 * <p>Guarantees: the key bytes read, decoded and converted here are zeroed before returning (the
 * JCA keeps its own copy in the returned key); the caller's password array is not modified, and
 * neither key bytes nor passwords appear in messages. Errors are {@link KeySourceException}s with
 * one line naming the file, the cause attached; an iteration count over the limit is a {@link
 * LimitExceededException}. Stateless and thread-safe.
 */
public final class PrivateKeyFiles {
  private static final String EC_PARAMETERS = "EC PARAMETERS";

  private PrivateKeyFiles() {}

  /**
   * The key as unencrypted PKCS #8 {@code PRIVATE KEY} PEM (RFC 7468 section 10), as bytes the
   * caller can zero.
   *
   * @throws IllegalArgumentException when the key has no PKCS #8 encoding (a token key)
   */
  public static byte[] toPem(PrivateKey key) {
    byte[] der = key.getEncoded();
    if (der == null || !"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("the key has no PKCS #8 encoding");
    }
    byte[] begin = "-----BEGIN PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
    byte[] end = "\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
    byte[] body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der);
    Arrays.fill(der, (byte) 0);
    byte[] pem = new byte[begin.length + body.length + end.length];
    System.arraycopy(begin, 0, pem, 0, begin.length);
    System.arraycopy(body, 0, pem, begin.length, body.length);
    System.arraycopy(end, 0, pem, begin.length + body.length, end.length);
    Arrays.fill(body, (byte) 0);
    return pem;
  }

  /**
   * The private key in a file, with the default limits.
   *
   * @param password for an encrypted key; may be null otherwise
   * @throws KeySourceException when the file cannot be read, holds no key, holds an unsupported
   *     one, or the password is missing or wrong
   * @throws LimitExceededException when the file or the PBKDF2 iteration count exceeds {@link
   *     StoreLimits#DEFAULT}
   */
  public static PrivateKey read(Path file, char[] password)
      throws KeySourceException, LimitExceededException {
    return read(file, password, StoreLimits.DEFAULT);
  }

  /**
   * The private key in a file.
   *
   * @see #read(Path, char[])
   */
  public static PrivateKey read(Path file, char[] password, StoreLimits limits)
      throws KeySourceException, LimitExceededException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(limits, "limits");
    byte[] data = SourceFiles.read(file, limits);
    try {
      return parse(data, file.toString(), password, limits);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /**
   * The private key in PEM or DER data. The data is not modified; the caller zeroes it.
   *
   * @param source names the data in error messages (a file name)
   * @param password for an encrypted key; may be null otherwise
   * @see #read(Path, char[])
   */
  public static PrivateKey parse(byte[] data, String source, char[] password, StoreLimits limits)
      throws KeySourceException, LimitExceededException {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(limits, "limits");
    if (Pem.isPem(data)) {
      return fromPem(data, source, password, limits);
    }
    return fromDer(data, source, password, limits);
  }

  private static PrivateKey fromPem(byte[] data, String source, char[] password, StoreLimits limits)
      throws KeySourceException, LimitExceededException {
    List<Pem.Block> blocks = Pem.parse(data, source);
    try {
      List<Pem.Block> keys = new ArrayList<>();
      Pem.Block ecParameters = null;
      Set<String> others = new LinkedHashSet<>();
      for (Pem.Block b : blocks) {
        if (b.label().endsWith("PRIVATE KEY")) {
          keys.add(b);
        } else if (b.label().equals(EC_PARAMETERS) && ecParameters == null) {
          ecParameters = b;
        } else {
          others.add(b.label());
        }
      }
      if (keys.isEmpty()) {
        throw new KeySourceException(
            source
                + ": holds no private key"
                + (others.isEmpty() ? "" : " (found: " + String.join(", ", others) + ")"));
      }
      if (keys.size() > 1) {
        throw new KeySourceException(
            source + ": holds " + keys.size() + " private keys; give one key per file");
      }
      Pem.Block key = keys.get(0);
      String procType = key.headers().getOrDefault("Proc-Type", "");
      if (procType.toUpperCase(Locale.ROOT).contains("ENCRYPTED")) {
        throw new KeySourceException(
            source
                + ": legacy OpenSSL PEM encryption (Proc-Type: 4,ENCRYPTED) is not supported;"
                + " convert with openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out KEY.p8");
      }
      return switch (key.label()) {
        case "PRIVATE KEY" -> Pkcs8.toPrivateKey(key.der(), source);
        case "ENCRYPTED PRIVATE KEY" -> decrypt(key.der(), source, password, limits);
        case "RSA PRIVATE KEY" -> converted(Pkcs8.fromPkcs1(key.der()), source);
        case "EC PRIVATE KEY" ->
            converted(
                Pkcs8.fromSec1(key.der(), ecParameters == null ? null : ecParameters.der(), source),
                source);
        case "OPENSSH PRIVATE KEY" ->
            throw new KeySourceException(
                source
                    + ": OpenSSH private keys are not supported; convert with"
                    + " ssh-keygen -p -m PKCS8 -f KEY");
        default ->
            throw new KeySourceException(
                source
                    + ": "
                    + key.label()
                    + " is not supported; convert to PKCS #8 with openssl pkcs8 -topk8");
      };
    } finally {
      blocks.forEach(Pem.Block::clear);
    }
  }

  /**
   * DER has no label, so the shape tells: the first two elements of the outer SEQUENCE are
   * (INTEGER, SEQUENCE) for PKCS #8, (SEQUENCE, OCTET STRING) for encrypted PKCS #8, (INTEGER,
   * INTEGER) for PKCS #1 and (INTEGER, OCTET STRING) for SEC 1.
   */
  private static PrivateKey fromDer(byte[] data, String source, char[] password, StoreLimits limits)
      throws KeySourceException, LimitExceededException {
    Tag first;
    Tag second;
    try {
      DerReader top = DerReader.ber(data);
      DerReader seq = top.readSequence("key");
      first = seq.peekTag();
      if (first == null) {
        throw new KeySourceException(source + ": not a private key (empty SEQUENCE)");
      }
      seq.readElement("key");
      second = seq.peekTag();
    } catch (Asn1Exception e) {
      throw new KeySourceException(
          source + ": not a private key (neither PEM nor DER): " + e.getMessage(), e);
    }
    if (first.equals(Tag.INTEGER) && Tag.SEQUENCE.equals(second)) {
      return Pkcs8.toPrivateKey(data, source);
    }
    if (first.equals(Tag.SEQUENCE) && Tag.OCTET_STRING.equals(second)) {
      return decrypt(data, source, password, limits);
    }
    if (first.equals(Tag.INTEGER) && Tag.INTEGER.equals(second)) {
      return converted(Pkcs8.fromPkcs1(data), source);
    }
    if (first.equals(Tag.INTEGER) && Tag.OCTET_STRING.equals(second)) {
      return converted(Pkcs8.fromSec1(data, null, source), source);
    }
    throw new KeySourceException(
        source + ": not a private key (no PKCS #8, PKCS #1 or SEC 1 structure)");
  }

  private static PrivateKey decrypt(byte[] der, String source, char[] password, StoreLimits limits)
      throws KeySourceException, LimitExceededException {
    return converted(EncryptedPkcs8.decrypt(der, password, limits, source), source);
  }

  /** Reads a PrivateKeyInfo made here, then zeroes it. */
  private static PrivateKey converted(byte[] pkcs8, String source) throws KeySourceException {
    try {
      return Pkcs8.toPrivateKey(pkcs8, source);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }
}
