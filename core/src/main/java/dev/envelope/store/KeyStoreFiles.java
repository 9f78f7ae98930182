package dev.envelope.store;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.Tag;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Loads a key store file (DESIGN.md {@code --keystore}): PKCS #12 / PFX or the JDK's JKS and JCEKS,
 * the type told from the content, not the file name: PKCS #12 is a DER SEQUENCE (0x30), JKS starts
 * with the magic number 0xFEEDFEED and JCEKS with 0xCECECECE.
 *
 * <p>Guarantees: a loaded {@link KeyStore}, integrity-checked with the password when one is given
 * (a PKCS #12 file opened with a null password is loaded without its MAC check, as the JDK does); a
 * PKCS #12 MAC iteration count over the limit is rejected before any work. The caller's password
 * array is not modified and never appears in messages. Errors are {@link KeySourceException}s with
 * one line naming the file ("wrong password for key store FILE"). Stateless and thread-safe.
 */
public final class KeyStoreFiles {
  private static final int JKS_MAGIC = 0xFEEDFEED;
  private static final int JCEKS_MAGIC = 0xCECECECE;

  private KeyStoreFiles() {}

  /**
   * Loads the key store in a file, with the default limits.
   *
   * @param password the store password; may be null or empty
   * @throws KeySourceException when the file cannot be read, is not a key store, is damaged, or the
   *     password is wrong
   * @throws LimitExceededException when the file size or the MAC iteration count exceeds {@link
   *     StoreLimits#DEFAULT}
   */
  public static KeyStore load(Path file, char[] password)
      throws KeySourceException, LimitExceededException {
    return load(file, password, StoreLimits.DEFAULT);
  }

  /**
   * Loads the key store in a file.
   *
   * @see #load(Path, char[])
   */
  public static KeyStore load(Path file, char[] password, StoreLimits limits)
      throws KeySourceException, LimitExceededException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(limits, "limits");
    byte[] data = SourceFiles.read(file, limits);
    try {
      return load(data, file.toString(), password, limits);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /**
   * Loads a key store from its bytes. The data is not modified; the caller zeroes it.
   *
   * @param source names the data in error messages (a file name)
   * @see #load(Path, char[])
   */
  public static KeyStore load(byte[] data, String source, char[] password, StoreLimits limits)
      throws KeySourceException, LimitExceededException {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(limits, "limits");
    String type = detectType(data, source);
    if (type.equals("PKCS12")) {
      checkMacIterations(data, limits, source);
    }
    try {
      KeyStore store = KeyStore.getInstance(type);
      store.load(new ByteArrayInputStream(data), password);
      return store;
    } catch (IOException e) {
      // the JDK reports a wrong password (PKCS #12 MAC, JKS digest) as an IOException caused by
      // UnrecoverableKeyException; a damaged file cannot be told apart from it, by design
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new KeySourceException("wrong password for key store " + source, e);
      }
      throw new KeySourceException(
          source + ": cannot read the " + type + " key store: " + CertificateFiles.reason(e), e);
    } catch (GeneralSecurityException | RuntimeException e) {
      // RuntimeException: the JDK's parser fails unchecked on some malformed files
      throw new KeySourceException(
          source + ": malformed " + type + " key store: " + CertificateFiles.reason(e), e);
    }
  }

  /**
   * The JCA key store type of the data: {@code PKCS12}, {@code JKS} or {@code JCEKS}.
   *
   * @throws KeySourceException when the data is none of them
   */
  public static String detectType(byte[] data, String source) throws KeySourceException {
    if (data.length >= 4) {
      int magic =
          ((data[0] & 0xFF) << 24)
              | ((data[1] & 0xFF) << 16)
              | ((data[2] & 0xFF) << 8)
              | (data[3] & 0xFF);
      if (magic == JKS_MAGIC) {
        return "JKS";
      }
      if (magic == JCEKS_MAGIC) {
        return "JCEKS";
      }
    }
    if (data.length > 0 && data[0] == 0x30) {
      return "PKCS12";
    }
    if (Pem.isPem(data)) {
      throw new KeySourceException(
          source + ": PEM text, not a key store; read it as a key or certificate file");
    }
    throw new KeySourceException(source + ": not a key store (neither PKCS #12 nor JKS)");
  }

  /**
   *
   *
   * <pre>
   * PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
   * MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
   * </pre>
   *
   * (RFC 7292 section 4.) Checked here because the count drives the work done before the password
   * is known to be right. The JDK caps it as well, but at its own limit and only after parsing.
   */
  private static void checkMacIterations(byte[] data, StoreLimits limits, String source)
      throws KeySourceException, LimitExceededException {
    BigInteger iterations = BigInteger.ONE;
    try {
      DerReader pfx = DerReader.ber(data).readSequence("PFX");
      pfx.readSmallInt("version");
      pfx.readElement(Tag.SEQUENCE, "authSafe");
      DerReader mac = pfx.readOptional(Tag.SEQUENCE, "macData");
      if (mac == null) {
        return;
      }
      mac.readElement(Tag.SEQUENCE, "mac");
      mac.readElement(Tag.OCTET_STRING, "macSalt");
      if (mac.peek(Tag.INTEGER)) {
        iterations = mac.readInteger("iterations", 8);
      }
    } catch (Asn1Exception e) {
      throw new KeySourceException(source + ": not a PKCS #12 key store: " + e.getMessage(), e);
    }
    if (iterations.compareTo(BigInteger.valueOf(limits.maxPbkdf2Iterations())) > 0) {
      throw new LimitExceededException(
          "limit exceeded: PKCS #12 MAC iteration count "
              + iterations
              + " exceeds limit "
              + limits.maxPbkdf2Iterations()
              + " (maxPbkdf2Iterations) in "
              + source);
    }
  }
}
