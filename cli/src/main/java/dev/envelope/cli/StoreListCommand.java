package dev.envelope.cli;

import dev.envelope.store.StoreEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code envelope store list}: every certificate of one store. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Lists the certificates of the personal store, or of the store --store names: subject,"
          + " e-mail, issuer, serial number, SHA-1 and SHA-256 thumbprints, validity, key type,"
          + " key usage and whether the private key is there.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  envelope store list",
      "  envelope store list --store addressbook --json"
    })
final class StoreListCommand implements Callable<Integer> {
  private final Context ctx;

  @Mixin StoreOptions options;

  @Option(names = "--json", description = "A JSON array, one object per certificate.")
  boolean json;

  StoreListCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    List<StoreAccess.Target> targets = options.targets(ctx, "my");
    List<StoreOptions.Match> all = new ArrayList<>();
    try (StoreAccess.Opened opened = StoreAccess.open(targets, true, options.storepass, ctx)) {
      for (int i = 0; i < opened.stores().size(); i++) {
        for (StoreEntry e : opened.stores().get(i).entries()) {
          all.add(new StoreOptions.Match(opened.targets().get(i), opened.stores().get(i), e));
        }
      }
    }
    if (json) {
      Summaries.json(ctx.out(), all);
    } else if (all.isEmpty()) {
      ctx.out().println(targets.get(0).describe() + " is empty");
    } else {
      Summaries.text(ctx.out(), all);
    }
    return Exit.OK;
  }
}
