package dev.envelope.store;

import static dev.envelope.store.KeyAssertions.assertKeyMatches;
import static dev.envelope.store.KeyAssertions.assertSameKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.error.KeySourceException;
import dev.envelope.x509.CertificateBuilder;
import dev.envelope.x509.CertificateIds;
import dev.envelope.x509.Openssl;
import dev.envelope.x509.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrivateKeyFilesTest {
  private static final char[] PASSWORD = {'x'};

  @TempDir Path dir;

  /**
   * One way OpenSSL writes a key: commands that make {@code orig.pem} (unencrypted) and then the
   * {@code input} file read back; the oracle is {@code orig.pem} as PKCS #8 DER through the JDK.
   */
  record Case(
      String name, String jcaAlgorithm, String input, char[] password, List<String[]> commands) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String[] RSA = {
    "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "orig.pem"
  };

  private static Case c(
      String name, String alg, String input, char[] password, String[]... commands) {
    return new Case(name, alg, input, password, List.of(commands));
  }

  private static String[] cmd(String line) {
    return line.split(" ");
  }

  static Stream<Case> openssl() {
    return Stream.of(
        c("genpkey RSA: PKCS #8 PEM", "RSA", "orig.pem", null, RSA),
        c(
            "PKCS #8 DER",
            "RSA",
            "in.der",
            null,
            RSA,
            cmd("pkcs8 -topk8 -nocrypt -in orig.pem -outform DER -out in.der")),
        c(
            "rsa -traditional: PKCS #1 PEM",
            "RSA",
            "in.pem",
            null,
            RSA,
            cmd("rsa -in orig.pem -traditional -out in.pem")),
        c(
            "rsa -traditional: PKCS #1 DER",
            "RSA",
            "in.der",
            null,
            RSA,
            cmd("rsa -in orig.pem -traditional -outform DER -out in.der")),
        c(
            "ecparam -genkey: EC PARAMETERS + EC PRIVATE KEY",
            "EC",
            "orig.pem",
            null,
            cmd("ecparam -name prime256v1 -genkey -out orig.pem")),
        c(
            "ecparam -genkey -noout: EC PRIVATE KEY",
            "EC",
            "orig.pem",
            null,
            cmd("ecparam -name secp384r1 -genkey -noout -out orig.pem")),
        c(
            "ec -outform DER: SEC 1 DER",
            "EC",
            "in.der",
            null,
            cmd("ecparam -name secp521r1 -genkey -noout -out orig.pem"),
            cmd("ec -in orig.pem -outform DER -out in.der")),
        c(
            "ec -no_public",
            "EC",
            "in.pem",
            null,
            cmd("ecparam -name prime256v1 -genkey -noout -out orig.pem"),
            cmd("ec -in orig.pem -no_public -out in.pem")),
        c(
            "genpkey EC: PKCS #8 PEM",
            "EC",
            "orig.pem",
            null,
            cmd("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out orig.pem")),
        c(
            "genpkey X25519",
            "XDH",
            "orig.pem",
            null,
            cmd("genpkey -algorithm X25519 -out orig.pem")),
        c("genpkey X448", "XDH", "orig.pem", null, cmd("genpkey -algorithm X448 -out orig.pem")),
        c(
            "genpkey Ed25519",
            "EdDSA",
            "orig.pem",
            null,
            cmd("genpkey -algorithm Ed25519 -out orig.pem")),
        c(
            "pkcs8 -v2 aes-256-cbc PEM",
            "RSA",
            "in.pem",
            PASSWORD,
            RSA,
            cmd("pkcs8 -topk8 -v2 aes-256-cbc -passout pass:x -in orig.pem -out in.pem")),
        c(
            "pkcs8 -v2 aes-256-cbc DER",
            "RSA",
            "in.der",
            PASSWORD,
            RSA,
            cmd(
                "pkcs8 -topk8 -v2 aes-256-cbc -passout pass:x -in orig.pem -outform DER -out in.der")),
        c(
            "pkcs8 -v2 aes-128-cbc -v2prf hmacWithSHA1, EC",
            "EC",
            "in.pem",
            PASSWORD,
            cmd("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out orig.pem"),
            cmd(
                "pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA1 -passout pass:x -in orig.pem -out in.pem")),
        c(
            "pkcs8 -v1 PBE-SHA1-3DES (PKCS #12 PBE)",
            "RSA",
            "in.pem",
            PASSWORD,
            RSA,
            cmd("pkcs8 -topk8 -v1 PBE-SHA1-3DES -passout pass:x -in orig.pem -out in.pem")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("openssl")
  void readsWhatOpensslWrites(Case c) throws Exception {
    Openssl.assumeAvailable();
    for (String[] command : c.commands()) {
      Openssl.run(dir, command).ok();
    }
    Openssl.run(dir, cmd("pkcs8 -topk8 -nocrypt -in orig.pem -outform DER -out oracle.der")).ok();
    PrivateKey expected =
        KeyFactory.getInstance(c.jcaAlgorithm())
            .generatePrivate(
                new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("oracle.der"))));
    char[] password = c.password() == null ? null : c.password().clone();

    PrivateKey key = PrivateKeyFiles.read(dir.resolve(c.input()), password);

    assertSameKey(key, expected);
    if (password != null) {
      assertThat(password).as("the caller's password is left alone").isEqualTo(c.password());
    }
    Openssl.run(dir, cmd("pkey -in orig.pem -pubout -outform DER -out pub.der")).ok();
    var pub =
        KeyFactory.getInstance(c.jcaAlgorithm())
            .generatePublic(
                new java.security.spec.X509EncodedKeySpec(
                    Files.readAllBytes(dir.resolve("pub.der"))));
    assertKeyMatches(key, pub);
  }

  @Test
  void aKeyBesideItsCertificateInOneFile() throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate cert = CertificateBuilder.forSubject("CN=Combined").selfSigned(kp);
    String pem =
        CertificateBuilder.toPem(cert)
            + "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Path file = Files.writeString(dir.resolve("both.pem"), pem);
    assertSameKey(PrivateKeyFiles.read(file, null), kp.getPrivate());
    assertThat(CertificateFiles.read(file)).containsExactly(cert);
  }

  @Test
  void aJdkMlKemKey() throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("ml-kem-768");
    Path file = Files.write(dir.resolve("mlkem.der"), kp.getPrivate().getEncoded());
    assertSameKey(PrivateKeyFiles.read(file, null), kp.getPrivate());
  }

  /** SEC 1 without its own [0] parameters: the curve must come from EC PARAMETERS. */
  @Test
  void ecParametersBlockSuppliesTheCurve() throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("ec-p384");
    byte[] sec1 = withoutCurve(kp.getPrivate().getEncoded());
    String params = pem("EC PARAMETERS", DerWriter.encode(w -> w.addOid(Oid.of("1.3.132.0.34"))));
    Path ok = Files.writeString(dir.resolve("ok.pem"), params + pem("EC PRIVATE KEY", sec1));
    assertSameKey(PrivateKeyFiles.read(ok, null), kp.getPrivate());

    Path none = Files.writeString(dir.resolve("none.pem"), pem("EC PRIVATE KEY", sec1));
    assertThatThrownBy(() -> PrivateKeyFiles.read(none, null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("names no curve");
  }

  @Test
  void ecParametersThatContradictTheKeyAreRejected() throws Exception {
    Openssl.assumeAvailable();
    Openssl.run(dir, cmd("ecparam -name prime256v1 -genkey -noout -out k.pem")).ok();
    Openssl.run(dir, cmd("ecparam -name secp384r1 -out p.pem")).ok();
    Path file =
        Files.writeString(
            dir.resolve("both.pem"),
            Files.readString(dir.resolve("p.pem")) + Files.readString(dir.resolve("k.pem")));
    assertThatThrownBy(() -> PrivateKeyFiles.read(file, null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("name different curves");
  }

  /** The ECPrivateKey inside a JDK PKCS #8 key, rebuilt without its parameters. */
  private static byte[] withoutCurve(byte[] pkcs8) throws Exception {
    DerReader info = DerReader.der(pkcs8).readSequence("pki");
    info.readSmallInt("version");
    info.readSequence("alg");
    DerReader ec = DerReader.der(info.readOctetString("key")).readSequence("ec");
    ec.readSmallInt("version");
    byte[] d = ec.readOctetString("d");
    return DerWriter.encode(w -> w.addSequence(s -> s.addInteger(1).addOctetString(d)));
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  // ---- the vectors

  static Stream<Arguments> vectorKeys() {
    return Stream.of(
        Arguments.of("rfc4134/BobPrivRSAEncrypt.pri", "rfc4134/BobRSASignByCarl.cer"),
        Arguments.of("rfc4134/AlicePrivRSASign.pri", "rfc4134/AliceRSASignByCarl.cer"),
        Arguments.of("rfc4134/DianePrivRSASignEncrypt.pri", "rfc4134/DianeRSASignByCarl.cer"),
        Arguments.of("bc-java/ecdh-openssl/ecc.key", "bc-java/ecdh-openssl/ecc.crt"),
        Arguments.of(
            "dotnet-runtime/keys/RSAKeyTransfer1.key.pem",
            "dotnet-runtime/keys/RSAKeyTransfer1.cer"),
        Arguments.of(
            "dotnet-runtime/keys/RSAKeyTransferCapi1.key.pem",
            "dotnet-runtime/keys/RSAKeyTransferCapi1.cer"),
        Arguments.of(
            "dotnet-runtime/keys/RSASha256KeyTransfer1.key.pem",
            "dotnet-runtime/keys/RSASha256KeyTransfer1.cer"),
        Arguments.of(
            "dotnet-runtime/keys/RSASha384KeyTransfer1.key.pem",
            "dotnet-runtime/keys/RSASha384KeyTransfer1.cer"),
        Arguments.of(
            "dotnet-runtime/keys/RSASha512KeyTransfer1.key.pem",
            "dotnet-runtime/keys/RSASha512KeyTransfer1.cer"),
        Arguments.of(
            "examples-cms/keys/lamps-bob.decrypt.p8.pem",
            "examples-cms/keys/lamps-bob.encrypt.crt"),
        Arguments.of(
            "examples-cms/keys/lamps-dana.decrypt.p8.pem",
            "examples-cms/keys/lamps-dana.encrypt.crt"),
        Arguments.of("examples-cms/keys/lamps-alice.p8.pem", "examples-cms/keys/lamps-alice.crt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorKeys")
  void vectorKeysMatchTheirCertificates(String keyFile, String certFile) throws Exception {
    PrivateKey key = PrivateKeyFiles.read(Vectors.file(keyFile), null);
    X509Certificate cert = CertificateFiles.read(Vectors.file(certFile)).get(0);
    assertKeyMatches(key, cert);
    // where the public half is computable (RSA CRT, EC with its point), it is the certificate's
    CertificateIds.publicKeyOf(key)
        .ifPresent(pub -> assertThat(pub).isEqualTo(cert.getPublicKey()));
    if (key.getAlgorithm().equals("RSA") || keyFile.endsWith("ecc.key")) {
      assertThat(CertificateIds.publicKeyOf(key)).isPresent();
    }
  }
}
