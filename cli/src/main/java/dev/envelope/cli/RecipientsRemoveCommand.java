package dev.envelope.cli;

import dev.envelope.Envelope;
import dev.envelope.OutputFormat;
import dev.envelope.Readdress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code envelope recipients remove}: drops recipient entries from a message; needs no key. */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Writes IN (DER, BER, PEM or Base64, detected) without the recipient entries each"
          + " --recipient names; everything else is copied unchanged, and no key is needed. A"
          + " --recipient that matches no entry, and removing every entry, are refused (exit 1)."
          + " The holders of the removed entries can no longer open the new message; whoever kept"
          + " the old one still can.",
      "The output is DER when the input had definite lengths, else BER; it keeps the input's PEM"
          + " or Base64 armor unless --format says otherwise. Nothing is written unless the whole"
          + " input was read; an existing file is never replaced without --force.",
      ""
    },
    footer = {
      "",
      "QUERY: #N, the entry numbered N by envelope inspect (from 0); kek:HEX, the KEK entries"
          + " with that key identifier; a certificate file; or a query in the address book and"
          + " the personal store (e-mail, subject text, SHA-1 or SHA-256 thumbprint), whose"
          + " certificate's entries go.",
      "",
      "Examples:",
      "  envelope recipients remove report.p7m -o report2.p7m --recipient bob.pem",
      "  envelope recipients remove report.p7m -o report2.p7m --recipient bob@example.com \\",
      "      --recipient '#2'",
      "  envelope recipients remove report.p7m -o report2.p7m --recipient kek:c0fee0",
      "  envelope inspect report.p7m        (lists the entries with their numbers)"
    })
final class RecipientsRemoveCommand implements Callable<Integer> {
  private final Context ctx;

  @ParentCommand RecipientsCommand parent;

  final InOutOptions io = new InOutOptions(); // mixed in by commandLine, in code

  @Option(
      names = "--recipient",
      paramLabel = "QUERY",
      required = true,
      description = "An entry to remove: #N, kek:HEX, a certificate file or a query. Repeatable.")
  List<String> recipients = new ArrayList<>();

  @Option(
      names = "--storepass",
      paramLabel = "SPEC",
      converter = Converters.Password.class,
      description =
          "The password of the address book and personal store, for --recipient queries;"
              + " default: ENVELOPE_STORE_PASS, else a prompt.")
  PasswordSpec storepass;

  @Option(
      names = "--format",
      paramLabel = "der|pem|base64",
      converter = Converters.Format.class,
      description = "Output encoding (default: the input's; pem to a terminal).")
  OutputFormat format;

  private RecipientsRemoveCommand(Context ctx) {
    this.ctx = ctx;
  }

  /** The command, with the input and output options shared with decrypt mixed in. */
  static CommandLine commandLine(Context ctx) {
    RecipientsRemoveCommand command = new RecipientsRemoveCommand(ctx);
    CommandLine cl = new CommandLine(command);
    cl.getCommandSpec().addMixin("io", command.io.mixin());
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    Path target = Io.checkOutput(io.out, io.in, io.force);
    Readdress change = Envelope.readdress();
    List<String> labels = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    for (String q : recipients) {
      String s = q.strip();
      if (s.startsWith("#")) {
        change = change.withoutRecipientAt(index(s));
        labels.add(q);
      } else if (s.regionMatches(true, 0, "kek:", 0, 4)) {
        change = change.withoutKek(Secrets.kekId(s.substring(4)));
        labels.add(q);
      } else {
        queries.add(q);
      }
    }
    // certificates last, in their order: each query is one removal (ambiguous ones are exit 2)
    for (Recipients.Resolved r : new Recipients(ctx, storepass, false).resolve(queries)) {
      change = change.withoutRecipient(r.certificate());
      labels.add(r.source());
    }
    boolean quiet = parent != null && parent.quiet();
    RecipientsCommand.apply(change, io.in, target, io.force, format, null, labels, quiet, ctx);
    return Exit.OK;
  }

  private static int index(String s) throws CliException {
    try {
      int n = Integer.parseInt(s.substring(1).strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw CliException.usage(
        "--recipient " + s + ": #N takes an entry number from envelope inspect (0, 1, ...)");
  }
}
