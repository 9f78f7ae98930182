package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.error.KeySourceException;
import dev.envelope.store.StoreFixtures.Identity;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateQueryTest {
  private static Identity alice;
  private static Identity bob;
  private static Identity carol;

  @BeforeAll
  static void identities() throws Exception {
    alice =
        StoreFixtures.identity("ec-p256", "CN=Alice Example, O=Example Corp", "alice@example.com");
    bob = StoreFixtures.identity("ec-p256", "CN=Bob\\, Jr., O=Example Corp", null);
    Instant now = Instant.now();
    // e-mail only in the subject's emailAddress attribute, as older CAs wrote it
    carol =
        StoreFixtures.custom(
            "ec-p256",
            "CN=Carol,E=Carol@Example.ORG,O=Other",
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(10)),
            KeyUsage.keyAgreement,
            null);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alice@example.com | Email",
        "Alice | SubjectText",
        "CN=Alice | SubjectText",
        "0123456789abcdef0123456789ABCDEF01234567 | Sha1",
        "01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67 | Sha1",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | Sha256",
        "deadbeef | SubjectText",
        "0123456789abcdef0123456789abcdef0123456 | SubjectText",
      })
  void parseTellsTheKind(String text, String kind) {
    assertThat(CertificateQuery.parse(text).getClass().getSimpleName()).isEqualTo(kind);
  }

  @Test
  void blankQueryIsRejected() {
    assertThatThrownBy(() -> CertificateQuery.parse("  "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emailMatchesSubjectAltNameIgnoringCase() {
    CertificateQuery q = CertificateQuery.parse("ALICE@example.com");
    assertThat(q.matches(alice.cert())).isTrue();
    assertThat(q.matches(bob.cert())).isFalse();
    // exact, not a substring
    assertThat(CertificateQuery.parse("lice@example.com").matches(alice.cert())).isFalse();
  }

  @Test
  void emailMatchesTheSubjectEmailAddressAttribute() {
    assertThat(CertificateQuery.parse("carol@example.org").matches(carol.cert())).isTrue();
    assertThat(CertificateFacts.emails(carol.cert())).containsExactly("Carol@Example.ORG");
  }

  @Test
  void subjectTextIsACaseInsensitiveSubstring() {
    assertThat(CertificateQuery.parse("alice ex").matches(alice.cert())).isTrue();
    assertThat(CertificateQuery.parse("o=example corp").matches(alice.cert())).isTrue();
    assertThat(CertificateQuery.parse("CN=Alice Example, O=Example").matches(alice.cert()))
        .isTrue();
    assertThat(CertificateQuery.parse("example corp").matches(carol.cert())).isFalse();
    // the common name unescaped, as people type it
    assertThat(CertificateQuery.parse("bob, jr.").matches(bob.cert())).isTrue();
  }

  @Test
  void thumbprintsMatchInAnyCaseWithColons() {
    String sha1 = CertificateFacts.sha1(alice.cert());
    String sha256 = CertificateFacts.sha256(alice.cert());
    for (String q :
        List.of(
            sha1,
            sha1.toUpperCase(Locale.ROOT),
            colons(sha1),
            colons(sha256).toUpperCase(Locale.ROOT),
            sha256,
            spaces(sha256))) {
      assertThat(CertificateQuery.parse(q).matches(alice.cert())).as(q).isTrue();
      assertThat(CertificateQuery.parse(q).matches(bob.cert())).as(q).isFalse();
    }
    assertThat(CertificateQuery.of(bob.cert()).matches(bob.cert())).isTrue();
    assertThat(CertificateQuery.of(bob.cert()).matches(alice.cert())).isFalse();
  }

  @Test
  void thumbprintRecordsNormalize() {
    String sha1 = CertificateFacts.sha1(alice.cert());
    assertThat(new CertificateQuery.Sha1(colons(sha1).toUpperCase(Locale.ROOT)).hex())
        .isEqualTo(sha1);
    assertThatThrownBy(() -> new CertificateQuery.Sha256(sha1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requireMatchListsCandidatesOnOneLine() throws Exception {
    CertificateQuery q = CertificateQuery.parse("example");
    List<X509Certificate> two = List.of(alice.cert(), bob.cert());

    assertThatThrownBy(() -> CertificateQuery.requireMatch(q, two, false, "the store"))
        .isInstanceOf(KeySourceException.class)
        .hasMessage(
            "query \"example\" matches 2 certificates: CN=Alice Example,O=Example Corp (sha1 "
                + CertificateFacts.sha1(alice.cert())
                + "), CN=Bob\\, Jr.,O=Example Corp (sha1 "
                + CertificateFacts.sha1(bob.cert())
                + "); use a thumbprint or --all")
        .satisfies(e -> assertThat(((KeySourceException) e).exitCode()).isEqualTo(2));
    CertificateQuery.requireMatch(q, two, true, "the store");
    CertificateQuery.requireMatch(q, List.of(alice.cert()), false, "the store");
    assertThatThrownBy(() -> CertificateQuery.requireMatch(q, List.of(), true, "the store"))
        .hasMessage("no certificate matches \"example\" in the store");
  }

  @Test
  void requireMatchShowsAtMostFive() {
    List<X509Certificate> seven =
        IntStream.range(0, 7).mapToObj(i -> alice.cert()).collect(Collectors.toList());
    assertThatThrownBy(
            () -> CertificateQuery.requireMatch(CertificateQuery.parse("a"), seven, false, "x"))
        .hasMessageContaining("matches 7 certificates")
        .hasMessageContaining(", and 2 more; use a thumbprint or --all")
        .message()
        .doesNotContain("\n");
  }

  private static String colons(String hex) {
    return String.join(":", hex.split("(?<=\\G..)"));
  }

  private static String spaces(String hex) {
    return String.join(" ", hex.split("(?<=\\G..)"));
  }
}
