package dev.envelope.store;

import dev.envelope.io.JsonWriter;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What {@code envelope store list} and {@code find} show of a certificate: names, issuer, serial
 * number, thumbprints, validity, key type, key usage and whether the store holds its private key.
 *
 * @param subject the subject as RFC 2253 text
 * @param emails the subjectAltName rfc822Names, then the subject's emailAddress values
 * @param issuer the issuer as RFC 2253 text
 * @param serial the serial number in lower-case hex (two's complement, as in the DER)
 * @param sha1 the SHA-1 thumbprint in lower-case hex
 * @param sha256 the SHA-256 thumbprint in lower-case hex
 * @param keyType for example {@code "RSA 2048"}, {@code "EC P-256"}, {@code "X25519"}, {@code
 *     "ML-KEM-768"}
 * @param keyUsage the RFC 5280 names of the keyUsage bits set ({@code "keyEncipherment"}), empty
 *     when the certificate has no keyUsage extension
 */
public record CertificateSummary(
    String subject,
    List<String> emails,
    String issuer,
    String serial,
    String sha1,
    String sha256,
    Instant notBefore,
    Instant notAfter,
    String keyType,
    List<String> keyUsage,
    boolean hasPrivateKey) {

  public CertificateSummary {
    Objects.requireNonNull(subject, "subject");
    emails = List.copyOf(emails);
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(sha1, "sha1");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(keyType, "keyType");
    keyUsage = List.copyOf(keyUsage);
  }

  /** The summary of a certificate. */
  public static CertificateSummary of(X509Certificate cert, boolean hasPrivateKey) {
    Objects.requireNonNull(cert, "cert");
    return new CertificateSummary(
        CertificateFacts.subject(cert),
        CertificateFacts.emails(cert),
        cert.getIssuerX500Principal().getName(),
        HexFormat.of().formatHex(cert.getSerialNumber().toByteArray()),
        CertificateFacts.sha1(cert),
        CertificateFacts.sha256(cert),
        cert.getNotBefore().toInstant(),
        cert.getNotAfter().toInstant(),
        CertificateFacts.keyType(cert),
        CertificateFacts.keyUsage(cert),
        hasPrivateKey);
  }

  /**
   * One JSON object on one line, the members in the order of this record's components, times in ISO
   * 8601 UTC ({@code 2026-01-31T12:00:00Z}). The member names are stable.
   */
  public String toJson() {
    JsonWriter w = JsonWriter.compact().beginObject();
    w.name("subject").value(subject);
    array(w.name("emails"), emails);
    w.name("issuer").value(issuer);
    w.name("serial").value(serial);
    w.name("sha1").value(sha1);
    w.name("sha256").value(sha256);
    w.name("notBefore").value(notBefore.toString());
    w.name("notAfter").value(notAfter.toString());
    w.name("keyType").value(keyType);
    array(w.name("keyUsage"), keyUsage);
    w.name("hasPrivateKey").value(hasPrivateKey);
    return w.endObject().toString();
  }

  private static void array(JsonWriter w, List<String> values) {
    w.beginArray();
    values.forEach(w::value);
    w.endArray();
  }

  /** A JSON string (RFC 8259 section 7), as {@link JsonWriter#quote(String)} writes it. */
  static String quote(String s) {
    return JsonWriter.quote(s);
  }
}
