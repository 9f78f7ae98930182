package dev.envelope.vectors;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the keys and certificates tests need, with Bouncy Castle's PEM parser (test scope), so that
 * the tests do not depend on Envelope's own key store code. Keys come out as the JDK's own key
 * classes (the converter uses the default providers).
 */
public final class KeyFiles {
  private KeyFiles() {}

  /**
   * A private key from PEM ({@code PRIVATE KEY}, {@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY},
   * with or without a leading {@code EC PARAMETERS}) or DER PKCS #8.
   */
  public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    return privateKey(Files.readAllBytes(file));
  }

  public static PrivateKey privateKey(byte[] data) throws IOException, GeneralSecurityException {
    if (!startsWithPem(data)) {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(data);
      String alg =
          switch (info.getPrivateKeyAlgorithm().getAlgorithm().getId()) {
            case "1.2.840.113549.1.1.1" -> "RSA";
            case "1.2.840.10045.2.1" -> "EC";
            default -> info.getPrivateKeyAlgorithm().getAlgorithm().getId();
          };
      return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(data));
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (Reader r =
            new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.US_ASCII);
        PEMParser p = new PEMParser(r)) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof PEMKeyPair kp) {
          return converter.getKeyPair(kp).getPrivate();
        }
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        // EC PARAMETERS and anything else before the key: skip
      }
    }
    throw new IOException("no private key in the file");
  }

  /** A certificate, PEM or DER. */
  public static X509Certificate certificate(Path file)
      throws IOException, GeneralSecurityException {
    return certificate(Files.readAllBytes(file));
  }

  public static X509Certificate certificate(byte[] data) throws GeneralSecurityException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(data));
  }

  private static boolean startsWithPem(byte[] data) {
    String head = new String(data, 0, Math.min(data.length, 64), StandardCharsets.ISO_8859_1);
    return head.stripLeading().startsWith("-----BEGIN");
  }
}
