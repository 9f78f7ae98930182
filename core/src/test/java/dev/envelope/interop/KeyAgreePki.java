package dev.envelope.interop;

import dev.envelope.interop.TestPki.Identity;
import dev.envelope.vectors.KeyFiles;
import dev.envelope.x509.CertificateBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * Key agreement test identities: EC (P-256, P-384, P-521) keys with self-signed certificates, and
 * X25519/X448 keys (which cannot sign) with certificates issued by a throw-away EC CA, all made by
 * {@link CertificateBuilder}; or EC identities made by {@code openssl req}.
 */
public final class KeyAgreePki {
  private KeyAgreePki() {}

  private static Identity ca;

  /**
   * A fresh identity.
   *
   * @param spec a {@link CertificateBuilder#KEY_SPECS} name: {@code ec-p256}, {@code ec-p384},
   *     {@code ec-p521}, {@code x25519}, {@code x448}
   */
  public static Identity identity(String spec, String commonName) {
    try {
      KeyPair kp = CertificateBuilder.generateKeyPair(spec);
      CertificateBuilder b =
          CertificateBuilder.forSubject("CN=" + commonName + ", O=Envelope tests");
      if (spec.startsWith("ec-")) {
        return new Identity(b.selfSigned(kp), kp.getPrivate());
      }
      Identity issuer = ca();
      X509Certificate cert = b.issuedBy(kp.getPublic(), issuer.certificate(), issuer.privateKey());
      return new Identity(cert, kp.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a " + spec + " identity", e);
    }
  }

  private static synchronized Identity ca() throws Exception {
    if (ca == null) {
      KeyPair kp = CertificateBuilder.generateKeyPair("ec-p256");
      X509Certificate cert =
          CertificateBuilder.forSubject("CN=Key agreement test CA, O=Envelope tests")
              .certificateAuthority(true)
              .selfSigned(kp);
      ca = new Identity(cert, kp.getPrivate());
    }
    return ca;
  }

  /**
   * An EC identity made by {@code openssl req -x509 -newkey ec}, written to {@code
   * dir/name.key.pem} and {@code dir/name.cert.pem}.
   *
   * @param curve {@code P-256}, {@code P-384} or {@code P-521}
   */
  public static Identity openssl(Path dir, String name, String curve) {
    Path key = dir.resolve(name + ".key.pem");
    Path cert = dir.resolve(name + ".cert.pem");
    Openssl.run(
            dir,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:" + curve.toUpperCase(Locale.ROOT),
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString(),
            "-subj",
            "/CN=" + name + "/O=Envelope tests",
            "-days",
            "30")
        .orThrow();
    try {
      return new Identity(KeyFiles.certificate(Files.readAllBytes(cert)), KeyFiles.privateKey(key));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read what openssl made for " + name, e);
    }
  }
}
