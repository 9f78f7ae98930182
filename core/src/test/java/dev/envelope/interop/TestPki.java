package dev.envelope.interop;

import dev.envelope.KeySource;
import dev.envelope.vectors.KeyFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test identities: RSA keys with self-signed certificates, made by Java (BC) or by openssl. */
public final class TestPki {
  private TestPki() {}

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

  /** A private key and its certificate. */
  public record Identity(X509Certificate certificate, PrivateKey privateKey) {
    public KeySource keySource() {
      return KeySource.of(certificate, privateKey);
    }

    /** The key alone, as {@code envelope decrypt --key} without {@code --cert} gives it. */
    public KeySource keyOnly() {
      return KeySource.of(privateKey);
    }
  }

  /** A fresh RSA key with a self-signed certificate carrying a subjectKeyIdentifier (method 1). */
  public static Identity rsa(int bits, String commonName) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return selfSigned(g.generateKeyPair(), commonName, true);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh EC P-256 key with a self-signed certificate (a key kind RSA recipients cannot use). */
  public static Identity ec(String commonName) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      return selfSigned(g.generateKeyPair(), commonName, true);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate for an existing RSA CRT private key (Wycheproof keys, for example). */
  public static Identity forKey(PrivateKey key, String commonName) {
    try {
      RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
      PublicKey pub =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      return selfSigned(new KeyPair(pub, key), commonName, true);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A self-signed certificate.
   *
   * @param withSki whether to add the subjectKeyIdentifier extension (RFC 5280 method 1)
   */
  public static Identity selfSigned(KeyPair kp, String commonName, boolean withSki)
      throws GeneralSecurityException {
    try {
      X500Name name = new X500Name("CN=" + commonName + ",O=Envelope tests");
      long now = System.currentTimeMillis();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              new Date(now - 3_600_000L),
              new Date(now + 3_650L * 86_400_000L),
              name,
              kp.getPublic());
      if (withSki) {
        b.addExtension(
            Extension.subjectKeyIdentifier,
            false,
            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(kp.getPublic()));
      }
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(
                      new JcaContentSignerBuilder(
                              kp.getPrivate().getAlgorithm().equals("RSA")
                                  ? "SHA256withRSA"
                                  : "SHA256withECDSA")
                          .build(kp.getPrivate())));
      return new Identity(cert, kp.getPrivate());
    } catch (org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.cert.CertIOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /**
   * {@code openssl req -x509 -newkey rsa:BITS -nodes} in {@code dir}: files {@code NAME.key.pem}
   * and {@code NAME.cert.pem}, read back with Bouncy Castle.
   */
  public static Identity openssl(Path dir, String name, int bits) {
    Openssl.run(
            dir,
            "req",
            "-x509",
            "-newkey",
            "rsa:" + bits,
            "-nodes",
            "-keyout",
            name + ".key.pem",
            "-out",
            name + ".cert.pem",
            "-subj",
            "/CN=" + name + "/O=Envelope interop",
            "-days",
            "30")
        .orThrow();
    try {
      return new Identity(
          KeyFiles.certificate(dir.resolve(name + ".cert.pem")),
          KeyFiles.privateKey(dir.resolve(name + ".key.pem")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a key or certificate as PEM (for openssl). */
  public static Path writePem(Path file, Object keyOrCertificate) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(keyOrCertificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return Files.writeString(file, sw.toString(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
