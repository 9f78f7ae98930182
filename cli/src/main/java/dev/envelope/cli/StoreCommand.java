package dev.envelope.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code envelope store}: the personal store and the address book; the work is in subcommands. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Manages the personal store (my: your certificates with their private keys, where decrypt"
          + " looks for a key) and the address book (addressbook: other people's certificates,"
          + " where encrypt --to looks), two PKCS #12 files in $ENVELOPE_HOME (default"
          + " ~/.envelope), made on first use.",
      "One store password protects both: --storepass SPEC, else ENVELOPE_STORE_PASS, else a"
          + " prompt with no echo. Reading a store that does not exist yet needs no password.",
      ""
    },
    footer = {
      "",
      "QUERY: an e-mail address, subject text, a SHA-1 or SHA-256 thumbprint (hex, any case,"
          + " colons allowed), or a certificate file.",
      "",
      "Examples:",
      "  envelope store import alice.p12 --password env:P12_PASS",
      "  envelope store import bob.pem",
      "  envelope store list --store addressbook --json",
      "  envelope store find bob@example.com",
      "  envelope store export alice@example.com -o alice.pem",
      "  envelope store remove bob@example.com"
    })
final class StoreCommand implements Callable<Integer> {

  @Override
  public Integer call() throws CliException {
    throw CliException.usage("missing command: import, list, find, export or remove");
  }

  static CommandLine commandLine(Context ctx) {
    CommandLine cl = new CommandLine(new StoreCommand());
    cl.addSubcommand(new StoreImportCommand(ctx));
    cl.addSubcommand(new StoreListCommand(ctx));
    cl.addSubcommand(new StoreFindCommand(ctx));
    cl.addSubcommand(new StoreExportCommand(ctx));
    cl.addSubcommand(new StoreRemoveCommand(ctx));
    return cl;
  }
}
