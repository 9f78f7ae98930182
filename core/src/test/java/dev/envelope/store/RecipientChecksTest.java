package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.error.KeySourceException;
import dev.envelope.store.StoreFixtures.Identity;
import dev.envelope.x509.CertificateBuilder;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecipientChecksTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final Instant YEAR_AGO = NOW.minus(Duration.ofDays(365));
  private static final Instant IN_A_YEAR = NOW.plus(Duration.ofDays(365));

  private static KeyPair caKeys;
  private static X509Certificate ca;
  private static KeyPair otherCaKeys;
  private static X509Certificate otherCa;

  @BeforeAll
  static void authorities() throws Exception {
    caKeys = CertificateBuilder.generateKeyPair("ec-p256");
    ca = CertificateBuilder.forSubject("CN=Test CA").certificateAuthority(true).selfSigned(caKeys);
    otherCaKeys = CertificateBuilder.generateKeyPair("ec-p256");
    otherCa =
        CertificateBuilder.forSubject("CN=Other CA")
            .certificateAuthority(true)
            .selfSigned(otherCaKeys);
  }

  @Test
  void aFitCertificateHasNoProblems() throws Exception {
    for (String spec : List.of("rsa2048", "ec-p256", "x25519", "ml-kem-768")) {
      KeyPair kp = CertificateBuilder.generateKeyPair(spec);
      X509Certificate cert =
          CertificateBuilder.forSubject("CN=" + spec)
              .issuedBy(kp.getPublic(), ca, caKeys.getPrivate());
      assertThat(RecipientChecks.check(cert, Instant.now())).as(spec).isEmpty();
    }
  }

  @Test
  void expired() throws Exception {
    Identity id =
        StoreFixtures.custom(
            "ec-p256", "CN=Old", YEAR_AGO, NOW.minusSeconds(1), KeyUsage.keyAgreement, null);
    assertThat(RecipientChecks.check(id.cert(), NOW))
        .containsExactly("expired on " + NOW.minusSeconds(1));
    assertThat(RecipientChecks.check(id.cert(), NOW.minusSeconds(2))).isEmpty();
  }

  @Test
  void notYetValid() throws Exception {
    Identity id =
        StoreFixtures.custom(
            "rsa2048", "CN=Future", NOW.plusSeconds(60), IN_A_YEAR, KeyUsage.keyEncipherment, null);
    assertThat(RecipientChecks.check(id.cert(), NOW))
        .containsExactly("not valid before " + NOW.plusSeconds(60));
  }

  @Test
  void rsaKeyUsageWithoutKeyEncipherment() throws Exception {
    Identity id =
        StoreFixtures.custom(
            "rsa2048", "CN=Signer", YEAR_AGO, IN_A_YEAR, KeyUsage.digitalSignature, null);
    assertThat(RecipientChecks.check(id.cert(), NOW))
        .containsExactly("keyUsage lacks keyEncipherment, which RSA key transport needs");
    assertThatThrownBy(() -> RecipientChecks.requireUsable(id.cert(), NOW))
        .isInstanceOf(KeySourceException.class)
        .hasMessage(
            "cannot encrypt for CN=Signer (sha1 "
                + CertificateFacts.sha1(id.cert())
                + "): keyUsage lacks keyEncipherment, which RSA key transport needs");
  }

  @Test
  void ecKeyUsageWithoutKeyAgreement() throws Exception {
    Identity id =
        StoreFixtures.custom(
            "ec-p256",
            "CN=EC Signer",
            YEAR_AGO,
            IN_A_YEAR,
            KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
            null);
    assertThat(RecipientChecks.check(id.cert(), NOW))
        .containsExactly("keyUsage lacks keyAgreement, which EC key agreement needs");
  }

  @Test
  void noKeyUsageAllowsEverything() throws Exception {
    Identity id = StoreFixtures.custom("rsa2048", "CN=Any", YEAR_AGO, IN_A_YEAR, -1, null);
    assertThat(RecipientChecks.check(id.cert(), NOW)).isEmpty();
    RecipientChecks.requireUsable(id.cert(), NOW);
  }

  @Test
  void severalProblemsAtOnce() throws Exception {
    Identity id =
        StoreFixtures.custom(
            "rsa2048", "CN=Bad", YEAR_AGO, NOW.minusSeconds(5), KeyUsage.digitalSignature, null);
    assertThat(RecipientChecks.check(id.cert(), NOW)).hasSize(2);
  }

  @Test
  void pathToATrustAnchor() throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate leaf =
        CertificateBuilder.forSubject("CN=Leaf").issuedBy(kp.getPublic(), ca, caKeys.getPrivate());

    assertThat(RecipientChecks.checkPath(leaf, List.of(ca))).isEmpty();
    assertThat(RecipientChecks.checkPath(leaf, List.of(otherCa, ca))).isEmpty();
    assertThat(RecipientChecks.checkPath(ca, List.of(ca))).isEmpty();

    assertThat(RecipientChecks.checkPath(leaf, List.of(otherCa)))
        .hasValueSatisfying(
            r -> assertThat(r).contains("trust anchor").contains("NO_TRUST_ANCHOR"));
    assertThat(RecipientChecks.checkPath(leaf, List.of())).hasValue("no trust anchors given");
    // at a time the leaf is not valid yet
    assertThat(
            RecipientChecks.checkPath(
                leaf, List.of(), List.of(ca), Instant.now().minus(Duration.ofDays(2))))
        .hasValueSatisfying(r -> assertThat(r).contains("CN=Leaf").contains("NOT_YET_VALID"));
  }

  @Test
  void pathThroughAnIntermediate() throws Exception {
    KeyPair subKeys = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate sub =
        CertificateBuilder.forSubject("CN=Sub CA")
            .certificateAuthority(true)
            .issuedBy(subKeys.getPublic(), ca, caKeys.getPrivate());
    KeyPair kp = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate leaf =
        CertificateBuilder.forSubject("CN=Leaf")
            .issuedBy(kp.getPublic(), sub, subKeys.getPrivate());

    assertThat(RecipientChecks.checkPath(leaf, List.of(sub), List.of(ca), Instant.now())).isEmpty();
    assertThat(RecipientChecks.checkPath(leaf, List.of(sub), List.of(otherCa), Instant.now()))
        .isPresent();
    assertThat(RecipientChecks.checkPath(leaf, List.of(ca))).isPresent();
  }

  @Test
  void expiredLeafFailsThePathWithTheReason() throws Exception {
    Identity old =
        StoreFixtures.custom(
            "ec-p256",
            "CN=Expired Self",
            YEAR_AGO,
            NOW.minusSeconds(1),
            KeyUsage.keyAgreement,
            null);
    // self-signed and trusted itself, but expired
    assertThat(RecipientChecks.checkPath(old.cert(), List.of(), List.of(old.cert()), NOW))
        .hasValueSatisfying(r -> assertThat(r).contains("validity"));
  }
}
