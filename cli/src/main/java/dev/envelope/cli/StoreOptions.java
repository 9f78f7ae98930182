package dev.envelope.cli;

import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.store.CertificateFiles;
import dev.envelope.store.CertificateQuery;
import dev.envelope.store.CertificateStore;
import dev.envelope.store.StoreEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every {@code store} command shares: which store, and its password. */
final class StoreOptions {
  @Option(
      names = "--store",
      completionCandidates = Completions.StoreNames.class,
      paramLabel = "my|addressbook|PATH",
      description =
          "my (the personal store, with private keys), addressbook (other people's"
              + " certificates), or the path of a PKCS #12 file.")
  String store;

  @Option(
      names = "--storepass",
      paramLabel = "SPEC",
      converter = Converters.Password.class,
      description =
          "The store password (one for both files of $ENVELOPE_HOME); default: the variable"
              + " ENVELOPE_STORE_PASS, else a prompt.")
  PasswordSpec storepass;

  /** The store {@code --store} names, else the defaults ({@code my} and/or {@code addressbook}). */
  List<StoreAccess.Target> targets(Context ctx, String... defaults) {
    Path home = StoreAccess.home(ctx);
    if (store != null) {
      return List.of(StoreAccess.named(store, home));
    }
    List<StoreAccess.Target> out = new ArrayList<>();
    for (String d : defaults) {
      out.add(StoreAccess.named(d, home));
    }
    return out;
  }

  /** One certificate found in one store. */
  record Match(StoreAccess.Target target, CertificateStore store, StoreEntry entry) {}

  /**
   * A query as typed: an existing certificate file means exactly its (first) certificate; anything
   * else is an e-mail address, subject text or thumbprint.
   */
  static CertificateQuery query(String text) throws CliException {
    try {
      Path file = Path.of(text);
      if (Files.isRegularFile(file)) {
        X509Certificate cert = CertificateFiles.read(file).get(0);
        return CertificateQuery.of(cert);
      }
    } catch (java.nio.file.InvalidPathException e) {
      // not a file name: a query
    } catch (KeySourceException | LimitExceededException e) {
      throw CliException.input(e.getMessage(), e);
    }
    try {
      return CertificateQuery.parse(text);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** Every entry the query matches, store by store in the order opened. */
  static List<Match> find(StoreAccess.Opened opened, CertificateQuery query) {
    List<Match> out = new ArrayList<>();
    for (int i = 0; i < opened.stores().size(); i++) {
      CertificateStore s = opened.stores().get(i);
      for (StoreEntry e : s.find(query)) {
        out.add(new Match(opened.targets().get(i), s, e));
      }
    }
    return out;
  }

  /**
   * One match per certificate (the same certificate may be in both stores): the one with a private
   * key when there is one, else the first.
   */
  static List<Match> distinct(List<Match> matches) {
    java.util.Map<String, Match> byHash = new java.util.LinkedHashMap<>();
    for (Match m : matches) {
      byHash.merge(
          m.entry().sha256(),
          m,
          (a, b) -> !a.entry().hasPrivateKey() && b.entry().hasPrivateKey() ? b : a);
    }
    return List.copyOf(byHash.values());
  }

  /**
   * Checks the matches: none is an error, and so are several unless {@code all} (exit 2 with the
   * candidates).
   */
  static void requireMatch(CertificateQuery query, List<Match> matches, boolean all, String where)
      throws KeySourceException {
    CertificateQuery.requireMatch(
        query, distinct(matches).stream().map(m -> m.entry().certificate()).toList(), all, where);
  }

  /** Names the searched stores in messages. */
  static String where(List<StoreAccess.Target> targets) {
    return String.join(" or ", targets.stream().map(StoreAccess.Target::describe).toList());
  }
}
