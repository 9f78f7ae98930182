package dev.envelope.cli;

import dev.envelope.io.JsonWriter;
import dev.envelope.store.CertificateSummary;
import dev.envelope.store.StoreEntry;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/** How {@code store list} and {@code store find} print certificates: text blocks, or JSON. */
final class Summaries {
  private Summaries() {}

  /** One block per certificate, separated by blank lines. */
  static void text(PrintStream out, List<StoreOptions.Match> matches) {
    Instant now = Instant.now();
    boolean first = true;
    for (StoreOptions.Match m : matches) {
      if (!first) {
        out.println();
      }
      first = false;
      CertificateSummary s = m.entry().summary();
      line(out, "subject", s.subject());
      line(out, "e-mail", s.emails().isEmpty() ? "-" : String.join(", ", s.emails()));
      line(out, "issuer", s.issuer());
      line(out, "serial", s.serial());
      line(out, "sha1", s.sha1());
      line(out, "sha256", s.sha256());
      line(out, "valid", s.notBefore() + " to " + s.notAfter() + validity(s, now));
      line(out, "key", s.keyType());
      line(out, "key usage", s.keyUsage().isEmpty() ? "(any)" : String.join(", ", s.keyUsage()));
      line(out, "private key", s.hasPrivateKey() ? "yes" : "no");
      line(out, "store", m.target().describe());
    }
  }

  /**
   * A JSON array, one object per certificate on its own line: the members of {@link
   * CertificateSummary#toJson} preceded by {@code "store"} (the store file).
   */
  static void json(PrintStream out, List<StoreOptions.Match> matches) {
    out.println("[");
    for (int i = 0; i < matches.size(); i++) {
      StoreOptions.Match m = matches.get(i);
      String summary = m.entry().summary().toJson();
      out.println(
          "{\"store\":"
              + JsonWriter.quote(m.target().file().toString())
              + ","
              + summary.substring(1)
              + (i + 1 < matches.size() ? "," : ""));
    }
    out.println("]");
  }

  /** One line naming an entry in messages: subject, SHA-1 thumbprint, store. */
  static String oneLine(StoreEntry e) {
    CertificateSummary s = e.summary();
    return s.subject() + " (sha1 " + s.sha1() + (e.hasPrivateKey() ? ", with private key)" : ")");
  }

  /** One line naming a certificate: subject and SHA-1 thumbprint. */
  static String describe(java.security.cert.X509Certificate cert) {
    CertificateSummary s = CertificateSummary.of(cert, false);
    return s.subject() + " (sha1 " + s.sha1() + ")";
  }

  private static String validity(CertificateSummary s, Instant now) {
    if (now.isAfter(s.notAfter())) {
      return " (EXPIRED)";
    }
    if (now.isBefore(s.notBefore())) {
      return " (NOT YET VALID)";
    }
    return "";
  }

  private static void line(PrintStream out, String name, String value) {
    out.printf("%-12s %s%n", name + ":", ErrorReport.oneLine(value));
  }
}
