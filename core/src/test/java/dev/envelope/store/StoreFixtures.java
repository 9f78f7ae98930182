package dev.envelope.store;

import dev.envelope.x509.CertificateBuilder;
import dev.envelope.x509.Openssl;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Identities, PKCS #12 files and odd certificates for the store tests. */
final class StoreFixtures {
  static final String STORE_PASSWORD = "store-pass";
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xFFFFFFFL);

  private StoreFixtures() {}

  /** A certificate with its private key. */
  record Identity(X509Certificate cert, PrivateKey key) {}

  static char[] storePassword() {
    return STORE_PASSWORD.toCharArray();
  }

  /** A self-signed certificate from {@link CertificateBuilder} (keyUsage that fits the key). */
  static Identity identity(String keySpec, String subject, String email) throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair(keySpec);
    CertificateBuilder b = CertificateBuilder.forSubject(subject);
    if (email != null) {
      b = b.email(email);
    }
    return new Identity(b.selfSigned(kp), kp.getPrivate());
  }

  /**
   * A self-signed certificate made with Bouncy Castle, for what {@link CertificateBuilder} will not
   * make: any validity period, any keyUsage (or none: {@code keyUsage < 0}), an optional SAN.
   */
  static Identity custom(
      String keySpec, String subject, Instant notBefore, Instant notAfter, int keyUsage, String san)
      throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair(keySpec);
    X500Name name = new X500Name(subject);
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(notBefore),
            Date.from(notAfter),
            name,
            kp.getPublic());
    if (keyUsage >= 0) {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
    }
    if (san != null) {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.rfc822Name, san)));
    }
    String alg = kp.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(kp.getPrivate())));
    return new Identity(cert, kp.getPrivate());
  }

  /** A PKCS #12 file written by the JDK with its defaults. */
  static Path jdkPfx(Path dir, String name, String password, Identity... ids) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    for (int i = 0; i < ids.length; i++) {
      ks.setKeyEntry(
          name + "-" + i, ids[i].key(), password.toCharArray(), new Certificate[] {ids[i].cert()});
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ks.store(out, password.toCharArray());
    Path file = dir.resolve(name + ".p12");
    Files.write(file, out.toByteArray());
    return file;
  }

  /** {@code openssl pkcs12 -export} of a key and certificate, with {@code -legacy} if asked. */
  static Path opensslPfx(Path dir, String name, Identity id, String password, boolean legacy)
      throws Exception {
    Files.writeString(dir.resolve(name + ".key.pem"), pem("PRIVATE KEY", id.key().getEncoded()));
    Files.writeString(dir.resolve(name + ".cert.pem"), CertificateBuilder.toPem(id.cert()));
    List<String> args =
        new ArrayList<>(
            List.of(
                "pkcs12",
                "-export",
                "-inkey",
                name + ".key.pem",
                "-in",
                name + ".cert.pem",
                "-name",
                name,
                "-out",
                name + ".p12",
                "-passout",
                "pass:" + password));
    if (legacy) {
      args.add("-legacy");
    }
    Openssl.run(dir, args.toArray(new String[0])).ok();
    return dir.resolve(name + ".p12");
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
