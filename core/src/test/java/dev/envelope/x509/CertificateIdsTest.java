package dev.envelope.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateIdsTest {
  private static final HexFormat HEX = HexFormat.of();

  static X509Certificate readCert(Path p) throws Exception {
    try (InputStream in = Files.newInputStream(p)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void windowsKeyIdOfTheDotnetVectorIsTheOneInTheSkiMessage() throws Exception {
    X509Certificate cert = readCert(Vectors.file("dotnet-runtime/keys/RSAKeyTransfer1.cer"));
    CertificateIds ids = CertificateIds.of(cert);

    assertThat(ids.subjectKeyIdExtension()).isEmpty();
    String windows = HEX.formatHex(ids.windowsKeyId());
    // vectors/README.md gives the value as f2008aa9...dcc3
    assertThat(windows).hasSize(40).startsWith("f2008aa9").endsWith("dcc3");
    assertThat(windows)
        .isEqualTo(
            HEX.formatHex(
                java.security.MessageDigest.getInstance("SHA-1")
                    .digest(cert.getPublicKey().getEncoded())));

    // and it is what .NET on Windows wrote in the message's recipient identifier
    byte[] message =
        Files.readAllBytes(Vectors.file("dotnet-runtime/messages/TestDecryptSimpleAes256_Ski.der"));
    RecipientInformation ri =
        new CMSEnvelopedData(message).getRecipientInfos().getRecipients().iterator().next();
    byte[] rid = ((KeyTransRecipientId) ri.getRID()).getSubjectKeyIdentifier();
    assertThat(HEX.formatHex(rid)).isEqualTo(windows);
    assertThat(ids.matchesSubjectKeyId(rid)).isTrue();
    assertThat(CertificateIds.matchesSubjectKeyId(cert.getPublicKey(), rid)).isTrue();

    // without the extension a sealer writes RFC 5280 method 1, as BC computes it
    byte[] method1 =
        new JcaX509ExtensionUtils()
            .createSubjectKeyIdentifier(cert.getPublicKey())
            .getKeyIdentifier();
    assertThat(ids.rfc5280KeyId()).isEqualTo(method1);
    assertThat(ids.preferredSubjectKeyId()).isEqualTo(method1);
    assertThat(ids.matchesSubjectKeyId(method1)).isTrue();
    assertThat(CertificateIds.rfc5280KeyId(cert.getPublicKey())).isEqualTo(method1);
  }

  static Stream<String> certificatesWithSki() {
    return Stream.of(
        "rfc4134/BobRSASignByCarl.cer",
        "rfc4134/CarlRSASelf.cer",
        "examples-cms/keys/lamps-bob.encrypt.crt",
        "examples-cms/keys/lamps-dana.encrypt.crt",
        "bc-java/ecdh-openssl/ecc.crt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("certificatesWithSki")
  void extensionIsReadAndPreferred(String file, @TempDir Path dir) throws Exception {
    Path path = Vectors.file(file);
    X509Certificate cert = readCert(path);
    CertificateIds ids = CertificateIds.of(cert);

    Openssl.assumeAvailable();
    String out =
        Openssl.run(
                dir,
                "x509",
                "-in",
                path.toString(),
                "-inform",
                file.endsWith(".cer") ? "DER" : "PEM",
                "-noout",
                "-ext",
                "subjectKeyIdentifier")
            .ok()
            .stdout();
    String expected = out.lines().skip(1).findFirst().orElseThrow().strip().replace(":", "");
    assertThat(ids.subjectKeyIdExtension())
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(HEX.parseHex(expected.toLowerCase())));
    assertThat(ids.preferredSubjectKeyId()).isEqualTo(HEX.parseHex(expected.toLowerCase()));
    assertThat(ids.matchesSubjectKeyId(HEX.parseHex(expected.toLowerCase()))).isTrue();
    assertThat(ids.matchesSubjectKeyId(ids.windowsKeyId())).isTrue();
    assertThat(ids.matchesSubjectKeyId(ids.rfc5280KeyId())).isTrue();
    assertThat(ids.rfc5280KeyId())
        .isEqualTo(
            new JcaX509ExtensionUtils()
                .createSubjectKeyIdentifier(cert.getPublicKey())
                .getKeyIdentifier());

    assertThat(ids.issuer()).isEqualTo(cert.getIssuerX500Principal().getEncoded());
    assertThat(ids.serialNumber()).isEqualTo(cert.getSerialNumber());
    assertThat(
            ids.matchesIssuerAndSerial(
                cert.getIssuerX500Principal().getEncoded(), cert.getSerialNumber()))
        .isTrue();
    assertThat(
            ids.matchesIssuerAndSerial(
                cert.getSubjectX500Principal().getEncoded(), cert.getSerialNumber()))
        .isEqualTo(cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()));
    assertThat(
            ids.matchesIssuerAndSerial(
                cert.getIssuerX500Principal().getEncoded(),
                cert.getSerialNumber().add(BigInteger.ONE)))
        .isFalse();
  }

  @Test
  void anExtensionThatIsNotMethodOneIsStillPreferredAndAllThreeMatch() throws Exception {
    // BC's truncated identifier (RFC 7093 style) differs from method 1
    KeyPair kp = CertificateBuilder.generateKeyPair("ec-p256");
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    byte[] truncated =
        utils
            .createTruncatedSubjectKeyIdentifier(
                SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()))
            .getKeyIdentifier();
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new X509v3CertificateBuilder(
                        new X500Name("CN=BC"),
                        BigInteger.TEN,
                        new java.util.Date(),
                        new java.util.Date(System.currentTimeMillis() + 86_400_000L),
                        new X500Name("CN=BC"),
                        SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()))
                    .addExtension(
                        Extension.subjectKeyIdentifier,
                        false,
                        new org.bouncycastle.asn1.x509.SubjectKeyIdentifier(truncated))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));

    CertificateIds ids = CertificateIds.of(cert);
    assertThat(ids.subjectKeyIdExtension())
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(truncated));
    assertThat(ids.preferredSubjectKeyId()).isEqualTo(truncated);
    assertThat(ids.rfc5280KeyId()).isNotEqualTo(truncated);
    for (byte[] b : List.of(truncated, ids.rfc5280KeyId(), ids.windowsKeyId())) {
      assertThat(ids.matchesSubjectKeyId(b)).isTrue();
    }
    assertThat(ids.matchesSubjectKeyId(new byte[20])).isFalse();
    assertThat(ids.matchesSubjectKeyId(new byte[0])).isFalse();
    assertThat(ids.matchesSubjectKeyId(null)).isFalse();
  }

  @Test
  void generatedCertificatesCarryMethodOne() throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("ec-p384");
    X509Certificate cert = CertificateBuilder.forSubject("CN=Gen").selfSigned(kp);
    CertificateIds ids = CertificateIds.of(cert);
    assertThat(ids.subjectKeyIdExtension())
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(ids.rfc5280KeyId()));
    assertThat(CertificateIds.rfc5280KeyId(kp.getPublic())).isEqualTo(ids.rfc5280KeyId());
    assertThat(CertificateIds.windowsKeyId(kp.getPublic())).isEqualTo(ids.windowsKeyId());
  }

  @Test
  void bareKeyMatching() throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("ec-p256");
    byte[] m1 = CertificateIds.rfc5280KeyId(kp.getPublic());
    byte[] win = CertificateIds.windowsKeyId(kp.getPublic());
    assertThat(CertificateIds.matchesSubjectKeyId(kp.getPublic(), m1)).isTrue();
    assertThat(CertificateIds.matchesSubjectKeyId(kp.getPublic(), win)).isTrue();
    assertThat(CertificateIds.matchesSubjectKeyId(kp.getPublic(), new byte[20])).isFalse();
    assertThat(CertificateIds.matchesSubjectKeyId(null, m1)).isFalse();
  }

  @Test
  void publicKeyOfAnRsaCrtKey() throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("rsa2048");
    assertThat(CertificateIds.publicKeyOf(kp.getPrivate())).contains(kp.getPublic());
  }

  @Test
  void publicKeyOfAnEcKeyNeedsThePublicKeyInItsEncoding(@TempDir Path dir) throws Exception {
    Openssl.assumeAvailable();
    // OpenSSL keeps the public point in the PKCS #8 ECPrivateKey; the JDK keeps that encoding
    Openssl.run(
            dir,
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-384",
            "-out",
            "k.pem")
        .ok();
    Openssl.run(
            dir, "pkcs8", "-topk8", "-nocrypt", "-in", "k.pem", "-outform", "DER", "-out", "k.der")
        .ok();
    Openssl.run(dir, "pkey", "-in", "k.pem", "-pubout", "-outform", "DER", "-out", "pub.der").ok();
    PrivateKey priv =
        KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("k.der"))));
    Optional<PublicKey> pub = CertificateIds.publicKeyOf(priv);
    assertThat(pub).isPresent();
    assertThat(pub.get().getEncoded()).isEqualTo(Files.readAllBytes(dir.resolve("pub.der")));

    // a JDK-generated key has no public point in its encoding, so it is not computable
    KeyPair jdk = CertificateBuilder.generateKeyPair("ec-p256");
    assertThat(CertificateIds.publicKeyOf(jdk.getPrivate())).isEmpty();
    assertThat(
            CertificateIds.publicKeyOf(CertificateBuilder.generateKeyPair("x25519").getPrivate()))
        .isEmpty();
    assertThat(CertificateIds.publicKeyOf(null)).isEmpty();
  }
}
