package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.error.KeySourceException;
import dev.envelope.x509.CertificateBuilder;
import dev.envelope.x509.Openssl;
import dev.envelope.x509.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateFilesTest {
  private static X509Certificate ca;
  private static X509Certificate leaf;

  @TempDir Path dir;

  @BeforeAll
  static void makeCertificates() throws Exception {
    KeyPair caKey = CertificateBuilder.generateKeyPair("ec-p256");
    ca = CertificateBuilder.forSubject("CN=Files CA").certificateAuthority(true).selfSigned(caKey);
    leaf =
        CertificateBuilder.forSubject("CN=Files Leaf")
            .issuedBy(
                CertificateBuilder.generateKeyPair("ec-p256").getPublic(), ca, caKey.getPrivate());
  }

  @Test
  void pemWithOneOrMoreCertificates() throws Exception {
    Path one = Files.writeString(dir.resolve("one.pem"), CertificateBuilder.toPem(leaf));
    assertThat(CertificateFiles.read(one)).containsExactly(leaf);
    Path chain =
        Files.writeString(
            dir.resolve("chain.pem"),
            "leaf first\r\n"
                + CertificateBuilder.toPem(leaf).replace("\n", "\r\n")
                + "then the CA\n"
                + CertificateBuilder.toPem(ca));
    assertThat(CertificateFiles.read(chain)).containsExactly(leaf, ca);
  }

  @Test
  void derAndPkcs7Bundle() throws Exception {
    Path der = Files.write(dir.resolve("leaf.cer"), leaf.getEncoded());
    assertThat(CertificateFiles.read(der)).containsExactly(leaf);

    Openssl.assumeAvailable();
    Files.writeString(
        dir.resolve("chain.pem"), CertificateBuilder.toPem(leaf) + CertificateBuilder.toPem(ca));
    Openssl.run(
            dir,
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            "chain.pem",
            "-outform",
            "DER",
            "-out",
            "bundle.p7b")
        .ok();
    assertThat(CertificateFiles.read(dir.resolve("bundle.p7b")))
        .containsExactlyInAnyOrder(leaf, ca);
  }

  @Test
  void opensslTextOutputIsRead() throws Exception {
    Openssl.assumeAvailable();
    Files.writeString(dir.resolve("c.pem"), CertificateBuilder.toPem(leaf));
    Openssl.run(dir, "x509", "-in", "c.pem", "-text", "-out", "text.pem").ok();
    assertThat(Files.readString(dir.resolve("text.pem"))).startsWith("Certificate:");
    assertThat(CertificateFiles.read(dir.resolve("text.pem"))).containsExactly(leaf);
  }

  static Stream<String> vectorCertificates() {
    return Stream.of(
        "rfc4134/BobRSASignByCarl.cer",
        "rfc4134/CarlRSASelf.cer",
        "dotnet-runtime/keys/RSAKeyTransfer1.cer",
        "dotnet-runtime/keys/RSAKeyTransfer1.cer.pem",
        "bc-java/ecdh-openssl/ecc.crt",
        "examples-cms/keys/lamps-dana.encrypt.crt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorCertificates")
  void vectorCertificates(String file) throws Exception {
    List<X509Certificate> certs = CertificateFiles.read(Vectors.file(file));
    assertThat(certs).hasSize(1);
  }

  record Bad(String name, String content, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> bad() {
    return Stream.of(
        new Bad("text", "hello\n", "not a certificate (neither PEM nor DER)"),
        new Bad("empty", "", "not a certificate"),
        new Bad("truncated PEM", "-----BEGIN CERTIFICATE-----\nMIIB\n", "truncated PEM"),
        new Bad(
            "only a key",
            "-----BEGIN PRIVATE KEY-----\nAQID\n-----END PRIVATE KEY-----\n",
            "holds no CERTIFICATE block (found: PRIVATE KEY)"),
        new Bad(
            "garbage in a block",
            "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n",
            "certificate 1 is not valid"),
        new Bad("DER garbage", "0\u0003\u0002\u0001\u0000", "not a valid DER certificate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void clearErrors(Bad bad) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.crt"), bad.content());
    assertThatThrownBy(() -> CertificateFiles.read(file))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining(bad.message())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void missingFile() {
    assertThatThrownBy(() -> CertificateFiles.read(dir.resolve("nope.pem")))
        .isInstanceOf(KeySourceException.class)
        .hasMessageEndingWith("nope.pem: no such file");
  }
}
