package dev.envelope.cli;

import dev.envelope.store.CertificateQuery;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envelope store find}: the certificates a query matches. */
@Command(
    name = "find",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Shows every certificate QUERY matches in the personal store and the address book (or the"
          + " store --store names), as store list does. No match is exit 2.",
      ""
    },
    footer = {
      "",
      "QUERY: an e-mail address, subject text, a SHA-1 or SHA-256 thumbprint (hex, any case,"
          + " colons allowed), or a certificate file.",
      "",
      "Examples:",
      "  envelope store find bob@example.com",
      "  envelope store find \"Example Corp\" --json",
      "  envelope store find 3A:7F:...:C2    (a thumbprint)"
    })
final class StoreFindCommand implements Callable<Integer> {
  private final Context ctx;

  @Parameters(index = "0", paramLabel = "QUERY", description = "What to look for.")
  String query;

  @Mixin StoreOptions options;

  @Option(names = "--json", description = "A JSON array, one object per certificate.")
  boolean json;

  StoreFindCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    CertificateQuery q = StoreOptions.query(query);
    List<StoreAccess.Target> targets = options.targets(ctx, "my", "addressbook");
    List<StoreOptions.Match> matches;
    try (StoreAccess.Opened opened = StoreAccess.open(targets, true, options.storepass, ctx)) {
      matches = StoreOptions.find(opened, q);
    }
    StoreOptions.requireMatch(q, matches, true, StoreOptions.where(targets));
    if (json) {
      Summaries.json(ctx.out(), matches);
    } else {
      Summaries.text(ctx.out(), matches);
    }
    return Exit.OK;
  }
}
