package dev.envelope.cli;

import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.store.CertificateFiles;
import dev.envelope.store.CertificateQuery;
import dev.envelope.store.RecipientChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code encrypt --to} means: an existing file is a certificate file; anything else is a query
 * in the address book, then the personal store. Each certificate is then checked (validity period,
 * keyUsage, and with {@code --trust} a PKIX path).
 */
final class Recipients {
  private final Context ctx;
  private final PasswordSpec storepass;
  private final boolean all;
  private StoreAccess.Opened stores;

  /** A recipient certificate with the certificates that may lead to its issuer. */
  record Resolved(
      X509Certificate certificate, List<X509Certificate> intermediates, String source) {}

  Recipients(Context ctx, PasswordSpec storepass, boolean all) {
    this.ctx = ctx;
    this.storepass = storepass;
    this.all = all;
  }

  /**
   * The certificates of every {@code --to}, in order (a certificate named twice is a recipient
   * twice, as before queries existed; one query's matches are distinct).
   */
  List<Resolved> resolve(List<String> to) throws Exception {
    List<Resolved> out = new ArrayList<>();
    try {
      for (String arg : to) {
        out.addAll(resolveOne(arg));
      }
    } finally {
      if (stores != null) {
        stores.close();
      }
    }
    return out;
  }

  private List<Resolved> resolveOne(String arg) throws Exception {
    Path file = fileOrNull(arg);
    if (file != null) {
      List<X509Certificate> certs = CertificateFiles.read(file);
      return List.of(new Resolved(certs.get(0), certs.subList(1, certs.size()), arg));
    }
    CertificateQuery query = StoreOptions.query(arg);
    StoreAccess.Opened opened = stores(arg);
    List<StoreOptions.Match> matches = StoreOptions.distinct(StoreOptions.find(opened, query));
    StoreOptions.requireMatch(
        query, matches, all, "the address book or the personal store in " + home());
    List<Resolved> out = new ArrayList<>();
    for (StoreOptions.Match m : matches) {
      List<X509Certificate> chain = m.entry().chain();
      out.add(new Resolved(m.entry().certificate(), chain.subList(1, chain.size()), arg));
    }
    return out;
  }

  private static Path fileOrNull(String arg) {
    try {
      Path p = Path.of(arg);
      return Files.exists(p) && !Files.isDirectory(p) ? p : null;
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  private Path home() {
    return StoreAccess.home(ctx);
  }

  /** The address book and the personal store, opened on the first query. */
  private StoreAccess.Opened stores(String arg)
      throws CliException, KeySourceException, LimitExceededException {
    if (stores == null) {
      Path home = home();
      List<StoreAccess.Target> targets =
          List.of(StoreAccess.addressBook(home), StoreAccess.my(home));
      StoreAccess.Opened opened = StoreAccess.open(targets, true, storepass, ctx);
      if (opened.isEmpty()) {
        throw CliException.input(
            "--to "
                + arg
                + ": no such certificate file, and no address book or personal store in "
                + home
                + " to look it up in (envelope store import adds certificates)",
            null);
      }
      stores = opened;
    }
    return stores;
  }

  /**
   * Refuses certificates that are expired, not yet valid, or whose keyUsage excludes what their key
   * does, unless {@code allowInvalid} (then a warning); with trust anchors, also those without a
   * valid path to one (always).
   */
  static void check(
      List<Resolved> recipients,
      boolean allowInvalid,
      List<X509Certificate> anchors,
      Context ctx,
      boolean quiet)
      throws CliException {
    Instant now = Instant.now();
    for (Resolved r : recipients) {
      List<String> problems = RecipientChecks.check(r.certificate(), now);
      if (!problems.isEmpty()) {
        String text =
            "cannot encrypt for "
                + Summaries.describe(r.certificate())
                + ": "
                + String.join("; ", problems);
        if (!allowInvalid) {
          throw CliException.input(text + " (--allow-invalid-recipient to encrypt anyway)", null);
        }
        if (!quiet) {
          ctx.err()
              .println("envelope: warning: " + ErrorReport.oneLine(text) + "; encrypting anyway");
        }
      }
      if (!anchors.isEmpty()) {
        Optional<String> failure =
            RecipientChecks.checkPath(r.certificate(), r.intermediates(), anchors, now);
        if (failure.isPresent()) {
          throw CliException.input(
              "cannot encrypt for "
                  + Summaries.describe(r.certificate())
                  + ": no trusted path to a --trust certificate: "
                  + failure.get(),
              null);
        }
      }
    }
  }
}
