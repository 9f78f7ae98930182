package dev.envelope.store;

import dev.envelope.error.KeySourceException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Which certificates a user means, as CAPICOM's {@code Certificates.Find} offered: by e-mail
 * address, by subject text, or by SHA-1 or SHA-256 thumbprint. {@link #parse} reads what a user
 * types; {@link #of(X509Certificate)} finds one known certificate (for a certificate file given on
 * the command line).
 *
 * <p>Values are immutable and thread-safe. Matching never throws.
 */
public sealed interface CertificateQuery {

  /** Whether the certificate is one this query means. */
  boolean matches(X509Certificate cert);

  /** The query as the user would type it, for messages. */
  String text();

  /**
   * Reads a query: hexadecimal of 40 digits is a SHA-1 thumbprint and of 64 digits a SHA-256 one
   * (any case; colons and spaces between the digits allowed), text with an {@code @} is an e-mail
   * address, anything else is subject text.
   *
   * @throws IllegalArgumentException when the text is blank
   */
  static CertificateQuery parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty certificate query");
    }
    String hex = t.replace(":", "").replace(" ", "");
    if (isHex(hex)) {
      if (hex.length() == 40) {
        return new Sha1(hex);
      }
      if (hex.length() == 64) {
        return new Sha256(hex);
      }
    }
    if (t.indexOf('@') >= 0) {
      return new Email(t);
    }
    return new SubjectText(t);
  }

  /** The query that matches exactly this certificate (by its SHA-256 thumbprint). */
  static CertificateQuery of(X509Certificate cert) {
    return new Sha256(CertificateFacts.sha256(cert));
  }

  /**
   * Checks the certificates a query matched: none is an error, and so are several unless {@code
   * all}. The message is one line and lists up to five candidates by subject and SHA-1 thumbprint.
   *
   * @param where names what was searched, for example {@code "the personal store"}
   * @throws KeySourceException when nothing matched, or several did and {@code all} is false
   */
  static void requireMatch(
      CertificateQuery query, List<X509Certificate> matches, boolean all, String where)
      throws KeySourceException {
    if (matches.isEmpty()) {
      throw new KeySourceException("no certificate matches \"" + query.text() + "\" in " + where);
    }
    if (matches.size() > 1 && !all) {
      StringBuilder b = new StringBuilder();
      b.append("query \"")
          .append(query.text())
          .append("\" matches ")
          .append(matches.size())
          .append(" certificates: ");
      int shown = Math.min(5, matches.size());
      for (int i = 0; i < shown; i++) {
        b.append(i == 0 ? "" : ", ").append(CertificateFacts.describe(matches.get(i)));
      }
      if (matches.size() > shown) {
        b.append(", and ").append(matches.size() - shown).append(" more");
      }
      b.append("; use a thumbprint or --all");
      throw new KeySourceException(b.toString());
    }
  }

  private static boolean isHex(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
  }

  /**
   * Matches a subjectAltName rfc822Name or an emailAddress attribute of the subject, ignoring case.
   */
  record Email(String address) implements CertificateQuery {
    public Email {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public boolean matches(X509Certificate cert) {
      return CertificateFacts.emails(cert).stream().anyMatch(address::equalsIgnoreCase);
    }

    @Override
    public String text() {
      return address;
    }
  }

  /**
   * Matches when the text occurs, ignoring case, in the subject as RFC 2253 text ({@code
   * CN=Alice,O=Example}) or as RFC 1779 text ({@code CN=Alice, O=Example}), or in its common name
   * unescaped.
   */
  record SubjectText(String text) implements CertificateQuery {
    public SubjectText {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public boolean matches(X509Certificate cert) {
      String needle = CertificateFacts.fold(text);
      String cn = CertificateFacts.commonName(cert);
      var subject = cert.getSubjectX500Principal();
      return CertificateFacts.fold(subject.getName()).contains(needle)
          || CertificateFacts.fold(subject.toString()).contains(needle)
          || (cn != null && CertificateFacts.fold(cn).contains(needle));
    }
  }

  /** Matches the SHA-1 hash of the certificate's DER encoding (Windows' "thumbprint"). */
  record Sha1(String hex) implements CertificateQuery {
    /**
     * @throws IllegalArgumentException unless 40 hex digits
     */
    public Sha1 {
      hex = normalize(hex, 20);
    }

    @Override
    public boolean matches(X509Certificate cert) {
      return CertificateFacts.sha1(cert).equals(hex);
    }

    @Override
    public String text() {
      return hex;
    }
  }

  /** Matches the SHA-256 hash of the certificate's DER encoding. */
  record Sha256(String hex) implements CertificateQuery {
    /**
     * @throws IllegalArgumentException unless 64 hex digits
     */
    public Sha256 {
      hex = normalize(hex, 32);
    }

    @Override
    public boolean matches(X509Certificate cert) {
      return CertificateFacts.sha256(cert).equals(hex);
    }

    @Override
    public String text() {
      return hex;
    }
  }

  /** Lower-case hex without separators, checked for length. */
  private static String normalize(String hex, int bytes) {
    Objects.requireNonNull(hex, "hex");
    String h = hex.replace(":", "").replace(" ", "");
    if (h.length() != bytes * 2 || !isHex(h)) {
      throw new IllegalArgumentException(
          "a thumbprint of " + bytes + " bytes needs " + (bytes * 2) + " hex digits: " + hex);
    }
    return HexFormat.of().formatHex(HexFormat.of().parseHex(h));
  }
}
