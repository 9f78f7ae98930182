package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.store.StoreFixtures.Identity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateSummaryTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "rsa2048, RSA 2048",
    "ec-p256, EC P-256",
    "ec-p384, EC P-384",
    "ec-p521, EC P-521",
    "x25519, X25519",
    "x448, X448",
    "ml-kem-768, ML-KEM-768",
  })
  void keyTypes(String spec, String expected) throws Exception {
    var pair = dev.envelope.x509.CertificateBuilder.generateKeyPair(spec);
    var issuerPair = dev.envelope.x509.CertificateBuilder.generateKeyPair("ec-p256");
    var ca =
        dev.envelope.x509.CertificateBuilder.forSubject("CN=CA")
            .certificateAuthority(true)
            .selfSigned(issuerPair);
    var cert =
        dev.envelope.x509.CertificateBuilder.forSubject("CN=Key")
            .issuedBy(pair.getPublic(), ca, issuerPair.getPrivate());
    assertThat(CertificateSummary.of(cert, false).keyType()).isEqualTo(expected);
  }

  @Test
  void fieldsOfACertificate() throws Exception {
    Identity id = StoreFixtures.identity("rsa2048", "CN=Alice, O=Example", "alice@example.com");

    CertificateSummary s = CertificateSummary.of(id.cert(), true);

    assertThat(s.subject()).isEqualTo("CN=Alice,O=Example");
    assertThat(s.issuer()).isEqualTo("CN=Alice,O=Example");
    assertThat(s.emails()).containsExactly("alice@example.com");
    assertThat(s.serial())
        .isEqualTo(HexFormat.of().formatHex(id.cert().getSerialNumber().toByteArray()));
    assertThat(s.sha1()).hasSize(40).isEqualTo(CertificateFacts.sha1(id.cert()));
    assertThat(s.sha256()).hasSize(64).isEqualTo(CertificateFacts.sha256(id.cert()));
    assertThat(s.notBefore()).isEqualTo(id.cert().getNotBefore().toInstant());
    assertThat(s.notAfter()).isEqualTo(id.cert().getNotAfter().toInstant());
    assertThat(s.keyType()).isEqualTo("RSA 2048");
    assertThat(s.keyUsage()).containsExactly("digitalSignature", "keyEncipherment");
    assertThat(s.hasPrivateKey()).isTrue();
  }

  @Test
  void jsonIsOneStableObject() throws Exception {
    Instant nb = Instant.parse("2025-01-02T03:04:05Z");
    Identity id =
        StoreFixtures.custom(
            "ec-p256",
            "CN=Q,O=Example",
            nb,
            nb.plus(30, ChronoUnit.DAYS),
            KeyUsage.keyAgreement | KeyUsage.digitalSignature,
            "q@example.com");
    CertificateSummary s = CertificateSummary.of(id.cert(), false);

    assertThat(s.toJson())
        .isEqualTo(
            "{\"subject\":"
                + CertificateSummary.quote(s.subject())
                + ",\"emails\":[\"q@example.com\"],\"issuer\":"
                + CertificateSummary.quote(s.issuer())
                + ",\"serial\":\""
                + s.serial()
                + "\",\"sha1\":\""
                + s.sha1()
                + "\",\"sha256\":\""
                + s.sha256()
                + "\",\"notBefore\":\"2025-01-02T03:04:05Z\",\"notAfter\":\"2025-02-01T03:04:05Z\""
                + ",\"keyType\":\"EC P-256\",\"keyUsage\":[\"digitalSignature\",\"keyAgreement\"]"
                + ",\"hasPrivateKey\":false}");
    assertThat(s.subject()).isEqualTo("O=Example,CN=Q");
  }

  @Test
  void jsonEscaping() {
    assertThat(CertificateSummary.quote("a\"b\\c\n\u0001\u2028é"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028é\"");
  }

  @Test
  void noKeyUsageIsAnEmptyList() throws Exception {
    Instant now = Instant.now();
    Identity id = StoreFixtures.custom("ec-p256", "CN=N", now, now.plusSeconds(60), -1, null);
    assertThat(CertificateSummary.of(id.cert(), false).keyUsage()).isEqualTo(List.of());
    assertThat(CertificateSummary.of(id.cert(), false).emails()).isEmpty();
  }
}
