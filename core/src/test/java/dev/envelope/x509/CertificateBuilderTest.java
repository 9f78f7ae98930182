package dev.envelope.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.error.KeySourceException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateBuilderTest {
  // key generation dominates the run time: one pair per spec for the whole class
  private static final Map<String, KeyPair> KEYS = new HashMap<>();

  static synchronized KeyPair key(String spec) throws Exception {
    KeyPair kp = KEYS.get(spec);
    if (kp == null) {
      kp = CertificateBuilder.generateKeyPair(spec);
      KEYS.put(spec, kp);
    }
    return kp;
  }

  /** Expected keyUsage of an end-entity certificate, as BC encodes it. */
  static int expectedUsage(String spec) {
    if (spec.startsWith("rsa")) {
      return KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
    }
    if (spec.startsWith("ec-")) {
      return KeyUsage.digitalSignature | KeyUsage.keyAgreement;
    }
    if (spec.startsWith("x")) {
      return KeyUsage.keyAgreement;
    }
    return KeyUsage.keyEncipherment; // ml-kem
  }

  static String expectedSignatureOid(String issuerSpec) {
    return switch (issuerSpec) {
      case "rsa2048", "rsa3072", "rsa4096" -> "1.2.840.113549.1.1.11";
      case "ec-p256" -> "1.2.840.10045.4.3.2";
      case "ec-p384" -> "1.2.840.10045.4.3.3";
      case "ec-p521" -> "1.2.840.10045.4.3.4";
      default -> throw new IllegalArgumentException(issuerSpec);
    };
  }

  /** (CA key, end-entity key): every issuer kind with every subject kind at least once. */
  static Stream<Arguments> chains() {
    return Stream.of(
        Arguments.of("rsa2048", "rsa2048"),
        Arguments.of("rsa2048", "ec-p256"),
        Arguments.of("ec-p256", "rsa2048"),
        Arguments.of("ec-p256", "x25519"),
        Arguments.of("ec-p384", "ec-p384"),
        Arguments.of("ec-p521", "x448"),
        Arguments.of("ec-p256", "ml-kem-768"));
  }

  @ParameterizedTest(name = "CA {0} issues {1}")
  @MethodSource("chains")
  void issuedCertificateParsesVerifiesAndCarriesTheExtensions(String caSpec, String leafSpec)
      throws Exception {
    KeyPair ca = key(caSpec);
    KeyPair leaf = key(leafSpec);
    X509Certificate caCert =
        CertificateBuilder.forSubject("CN=Test CA " + caSpec + ", O=Envelope")
            .certificateAuthority(true)
            .selfSigned(ca);
    X509Certificate cert =
        CertificateBuilder.forSubject("CN=Alice, O=Envelope")
            .email("alice@example.com")
            .validDays(30)
            .issuedBy(leaf.getPublic(), caCert, ca.getPrivate());

    // the JDK: parses (done by the builder), verifies, reads the fields
    cert.verify(ca.getPublic());
    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getIssuerX500Principal()).isEqualTo(caCert.getSubjectX500Principal());
    assertThat(cert.getSigAlgOID()).isEqualTo(expectedSignatureOid(caSpec));
    assertThat(cert.getSerialNumber().signum()).isPositive();
    assertThat(cert.getSerialNumber().bitLength()).isLessThanOrEqualTo(127);
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getPublicKey()).isEqualTo(leaf.getPublic());

    // Bouncy Castle: an independent parser and verifier
    X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
    assertThat(holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(caCert)))
        .isTrue();
    Extensions ext = holder.getExtensions();
    assertThat(KeyUsage.fromExtensions(ext).getEncoded())
        .isEqualTo(new KeyUsage(expectedUsage(leafSpec)).getEncoded());
    assertThat(ext.getExtension(Extension.keyUsage).isCritical()).isTrue();
    assertThat(ext.getExtension(Extension.basicConstraints)).isNull();
    assertThat(SubjectKeyIdentifier.fromExtensions(ext).getKeyIdentifier())
        .isEqualTo(
            new JcaX509ExtensionUtils()
                .createSubjectKeyIdentifier(leaf.getPublic())
                .getKeyIdentifier());
    assertThat(AuthorityKeyIdentifier.fromExtensions(ext).getKeyIdentifier())
        .isEqualTo(SubjectKeyIdentifier.fromExtensions(caExtensions(caCert)).getKeyIdentifier());
    GeneralName[] names =
        GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName).getNames();
    assertThat(names).hasSize(1);
    assertThat(names[0].getTagNo()).isEqualTo(GeneralName.rfc822Name);
    assertThat(names[0].getName().toString()).isEqualTo("alice@example.com");
  }

  private static Extensions caExtensions(X509Certificate caCert) throws Exception {
    return new X509CertificateHolder(caCert.getEncoded()).getExtensions();
  }

  @ParameterizedTest(name = "self-signed CA {0}")
  @MethodSource("signingSpecs")
  void selfSignedCaHasCriticalBasicConstraintsAndCertSignUsage(String spec) throws Exception {
    KeyPair kp = key(spec);
    X509Certificate cert =
        CertificateBuilder.forSubject("CN=Root " + spec).certificateAuthority(true).selfSigned(kp);

    cert.verify(kp.getPublic());
    assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
    assertThat(cert.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    assertThat(cert.getSigAlgOID()).isEqualTo(expectedSignatureOid(spec));
    Extensions ext = caExtensions(cert);
    assertThat(ext.getExtension(Extension.basicConstraints).isCritical()).isTrue();
    assertThat(BasicConstraints.fromExtensions(ext).isCA()).isTrue();
    assertThat(KeyUsage.fromExtensions(ext).getEncoded())
        .isEqualTo(new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).getEncoded());
    // RFC 5280 4.2.1.1: may be omitted when self-signed; we omit it
    assertThat(ext.getExtension(Extension.authorityKeyIdentifier)).isNull();
    var params =
        new X509CertificateHolder(cert.getEncoded()).getSignatureAlgorithm().getParameters();
    if (spec.startsWith("rsa")) {
      // sha256WithRSAEncryption carries NULL parameters (RFC 4055 5)
      assertThat(params).isEqualTo(org.bouncycastle.asn1.DERNull.INSTANCE);
    } else {
      assertThat(params).isNull(); // ECDSA: absent (RFC 5758 3.2)
    }
  }

  static Stream<String> signingSpecs() {
    return Stream.of("rsa2048", "ec-p256", "ec-p384", "ec-p521");
  }

  @Test
  void selfSignedEndEntityIsNotACa() throws Exception {
    X509Certificate cert = CertificateBuilder.forSubject("CN=Bob").selfSigned(key("rsa2048"));
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getKeyUsage()).startsWith(true, false, true, false, false, false);
    assertThat(cert.getSubjectAlternativeNames()).isNull();
  }

  @Test
  void validityStartsOneMinuteAgoAndUsesUtcTimeBefore2050() throws Exception {
    Instant before = Instant.now();
    X509Certificate cert =
        CertificateBuilder.forSubject("CN=Validity").validDays(10).selfSigned(key("ec-p256"));
    Instant after = Instant.now();

    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    assertThat(notBefore)
        .isBetween(before.minusSeconds(61), after.minusSeconds(59))
        .isEqualTo(notBefore.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(Duration.between(notBefore, notAfter)).isEqualTo(Duration.ofDays(10).plusMinutes(1));
    TBSCertificate tbs =
        new X509CertificateHolder(cert.getEncoded()).toASN1Structure().getTBSCertificate();
    assertThat(tbs.getStartDate().toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
    assertThat(tbs.getEndDate().toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
  }

  @Test
  void notAfterFrom2050IsGeneralizedTime() throws Exception {
    int days =
        (int) Duration.between(Instant.now(), Instant.parse("2051-01-01T00:00:00Z")).toDays();
    X509Certificate cert =
        CertificateBuilder.forSubject("CN=Long").validDays(days).selfSigned(key("ec-p256"));
    TBSCertificate tbs =
        new X509CertificateHolder(cert.getEncoded()).toASN1Structure().getTBSCertificate();
    assertThat(tbs.getStartDate().toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
    assertThat(tbs.getEndDate().toASN1Primitive()).isInstanceOf(ASN1GeneralizedTime.class);
    assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.parse("2050-12-30T00:00:00Z"));
  }

  @Test
  void serialNumbersAreRandom() throws Exception {
    CertificateBuilder b = CertificateBuilder.forSubject("CN=Serial");
    X509Certificate one = b.selfSigned(key("ec-p256"));
    X509Certificate two = b.selfSigned(key("ec-p256"));
    assertThat(one.getSerialNumber()).isNotEqualTo(two.getSerialNumber());
  }

  @Test
  void opensslAcceptsTheCertificatesAndVerifiesTheChain(@TempDir Path dir) throws Exception {
    Openssl.assumeAvailable();
    for (String caSpec : List.of("rsa2048", "ec-p384")) {
      KeyPair ca = key(caSpec);
      X509Certificate caCert =
          CertificateBuilder.forSubject("CN=OpenSSL CA, O=Envelope, C=DE")
              .certificateAuthority(true)
              .selfSigned(ca);
      Files.writeString(dir.resolve("ca.pem"), CertificateBuilder.toPem(caCert));
      for (String leafSpec : List.of("rsa2048", "ec-p256", "x25519")) {
        X509Certificate leaf =
            CertificateBuilder.forSubject("CN=Leaf " + leafSpec)
                .email("leaf@example.org")
                .issuedBy(key(leafSpec).getPublic(), caCert, ca.getPrivate());
        Files.writeString(dir.resolve("leaf.pem"), CertificateBuilder.toPem(leaf));

        String text = Openssl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-text").ok().stdout();
        assertThat(text)
            .contains("Version: 3 (0x2)")
            .contains("email:leaf@example.org")
            .contains("X509v3 Key Usage: critical")
            .contains("X509v3 Authority Key Identifier")
            .contains("X509v3 Subject Key Identifier");
        Openssl.run(dir, "x509", "-in", "ca.pem", "-noout", "-text").ok();
        String verify = Openssl.run(dir, "verify", "-CAfile", "ca.pem", "leaf.pem").ok().stdout();
        assertThat(verify).as("%s issues %s", caSpec, leafSpec).contains("leaf.pem: OK");
      }
    }
  }

  @Test
  void opensslComputesTheSameSubjectKeyIdentifier(@TempDir Path dir) throws Exception {
    Openssl.assumeAvailable();
    KeyPair kp = key("rsa2048");
    X509Certificate cert = CertificateBuilder.forSubject("CN=Ski").selfSigned(kp);
    Files.writeString(dir.resolve("c.pem"), CertificateBuilder.toPem(cert));
    // openssl: "X509v3 Subject Key Identifier: \n    AB:CD:..."
    String out =
        Openssl.run(dir, "x509", "-in", "c.pem", "-noout", "-ext", "subjectKeyIdentifier")
            .ok()
            .stdout();
    String hex = out.lines().skip(1).findFirst().orElseThrow().strip().replace(":", "");
    assertThat(hex)
        .isEqualToIgnoringCase(
            java.util.HexFormat.of().formatHex(CertificateIds.rfc5280KeyId(kp.getPublic())));
  }

  @Test
  void toPemIsReadBackByTheJdk() throws Exception {
    X509Certificate cert = CertificateBuilder.forSubject("CN=Pem").selfSigned(key("ec-p256"));
    String pem = CertificateBuilder.toPem(cert);
    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(pem.lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 64);
    X509Certificate back =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    assertThat(back).isEqualTo(cert);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allSpecs")
  void generateKeyPairMakesTheNamedKey(String spec) throws Exception {
    KeyPair kp =
        spec.startsWith("rsa") && !spec.equals("rsa2048")
            ? CertificateBuilder.generateKeyPair(spec.toUpperCase(java.util.Locale.ROOT))
            : key(spec);
    PublicKey pub = kp.getPublic();
    switch (spec) {
      case "rsa2048", "rsa3072", "rsa4096" ->
          assertThat(((RSAKey) pub).getModulus().bitLength())
              .isEqualTo(Integer.parseInt(spec.substring(3)));
      case "ec-p256", "ec-p384", "ec-p521" ->
          assertThat(((ECKey) pub).getParams().getCurve().getField().getFieldSize())
              .isEqualTo(Integer.parseInt(spec.substring(4)));
      case "x25519", "x448" -> assertThat(pub.getAlgorithm()).isIn("XDH", spec.toUpperCase());
      default -> assertThat(pub.getAlgorithm()).startsWith("ML-KEM");
    }
  }

  static Stream<String> allSpecs() {
    return CertificateBuilder.KEY_SPECS.stream();
  }

  @Test
  void unknownKeySpecIsRejectedWithTheList() {
    assertThatThrownBy(() -> CertificateBuilder.generateKeyPair("dsa1024"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dsa1024")
        .hasMessageContaining("rsa3072");
  }

  @Test
  void anIssuerThatIsNotACaIsRejected() throws Exception {
    KeyPair kp = key("ec-p256");
    X509Certificate notCa = CertificateBuilder.forSubject("CN=Not a CA").selfSigned(kp);
    assertThatThrownBy(
            () ->
                CertificateBuilder.forSubject("CN=Leaf")
                    .issuedBy(key("rsa2048").getPublic(), notCa, kp.getPrivate()))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("not a CA");
  }

  @Test
  void anIssuerKeyThatDoesNotMatchItsCertificateIsRejected() throws Exception {
    X509Certificate caCert =
        CertificateBuilder.forSubject("CN=CA")
            .certificateAuthority(true)
            .selfSigned(key("ec-p256"));
    KeyPair other = CertificateBuilder.generateKeyPair("ec-p256");
    assertThatThrownBy(
            () ->
                CertificateBuilder.forSubject("CN=Leaf")
                    .issuedBy(key("rsa2048").getPublic(), caCert, other.getPrivate()))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void keysThatCannotSignAreRefusedAsIssuersAndAsCas() throws Exception {
    assertThatThrownBy(() -> CertificateBuilder.forSubject("CN=X").selfSigned(key("x25519")))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageContaining("cannot sign");
    X509Certificate caCert =
        CertificateBuilder.forSubject("CN=CA")
            .certificateAuthority(true)
            .selfSigned(key("ec-p256"));
    assertThatThrownBy(
            () ->
                CertificateBuilder.forSubject("CN=Sub CA")
                    .certificateAuthority(true)
                    .issuedBy(key("x25519").getPublic(), caCert, key("ec-p256").getPrivate()))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageContaining("a CA needs an RSA or EC key");
  }

  @Test
  void badBuilderInputsAreIllegalArguments() {
    assertThatThrownBy(() -> CertificateBuilder.forSubject("not a name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot parse the subject name");
    assertThatThrownBy(() -> CertificateBuilder.forSubject(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    CertificateBuilder b = CertificateBuilder.forSubject("CN=A");
    for (String bad :
        List.of(
            "alice",
            "@example.com",
            "alice@",
            "a@b@c",
            "al ice@example.com",
            "jürgen@example.de")) {
      assertThatThrownBy(() -> b.email(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> b.validDays(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.validDays(36601)).isInstanceOf(IllegalArgumentException.class);
  }
}
