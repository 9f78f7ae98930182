package dev.envelope.cli;

import dev.envelope.store.CertificateQuery;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envelope store remove}: takes certificates (and their keys) out of a store. */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Removes the certificate QUERY matches, with its private key, from the personal store and"
          + " the address book (or the store --store names). A query that matches several"
          + " certificates is exit 2 unless --all.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  envelope store remove bob@example.com",
      "  envelope store remove \"Old Corp\" --all --store addressbook"
    })
final class StoreRemoveCommand implements Callable<Integer> {
  private final Context ctx;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The certificates to remove.")
  String query;

  @Option(names = "--all", description = "Remove every certificate the query matches.")
  boolean all;

  @Mixin StoreOptions options;

  StoreRemoveCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    CertificateQuery q = StoreOptions.query(query);
    List<StoreAccess.Target> targets = options.targets(ctx, "my", "addressbook");
    try (StoreAccess.Opened opened = StoreAccess.open(targets, true, options.storepass, ctx)) {
      List<StoreOptions.Match> matches = StoreOptions.find(opened, q);
      StoreOptions.requireMatch(q, matches, all, StoreOptions.where(targets));
      for (StoreOptions.Match m : matches) {
        if (m.store().remove(m.entry())) {
          ctx.out()
              .println(
                  "removed from " + m.target().describe() + ": " + Summaries.oneLine(m.entry()));
        }
      }
    }
    return Exit.OK;
  }
}
