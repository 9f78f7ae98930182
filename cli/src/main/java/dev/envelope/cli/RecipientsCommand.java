package dev.envelope.cli;

import dev.envelope.KeySource;
import dev.envelope.OutputFormat;
import dev.envelope.Readdress;
import dev.envelope.error.RecipientChangeException;
import dev.envelope.io.AtomicOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code envelope recipients}: changes who can open an existing message without encrypting its
 * content again; the work is in {@code add} and {@code remove}.
 */
@Command(
    name = "recipients",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Re-addresses a message: add wraps its existing content-encryption key for new recipients"
          + " (it needs a key that opens the message), remove drops recipient entries (it needs"
          + " no key). The encrypted content, its algorithm, the originator information and the"
          + " attributes are copied byte for byte; only the recipient entries change.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  envelope recipients add report.p7m -o report2.p7m --to carol.pem",
      "  envelope recipients remove report.p7m -o report2.p7m --recipient bob@example.com",
      "  envelope inspect report.p7m        (the entries and their numbers)"
    })
final class RecipientsCommand implements Callable<Integer> {

  @ParentCommand EnvelopeCommand root;

  @Override
  public Integer call() throws CliException {
    throw CliException.usage("missing command: add or remove");
  }

  static CommandLine commandLine(Context ctx) {
    CommandLine cl = new CommandLine(new RecipientsCommand());
    cl.addSubcommand(RecipientsAddCommand.commandLine(ctx));
    cl.addSubcommand(RecipientsRemoveCommand.commandLine(ctx));
    return cl;
  }

  boolean quiet() {
    return root != null && root.quiet;
  }

  /**
   * Applies {@code change} to the message {@code in} and writes the result to {@code target} (whole
   * or not at all) or, when null, to standard output (nothing before every check passed).
   *
   * @param format the output encoding, or null for the input's (PEM to a terminal)
   * @param removals how each removal was asked for, to name the one that matched nothing
   */
  static void apply(
      Readdress change,
      String in,
      Path target,
      boolean force,
      OutputFormat format,
      KeySource keys,
      List<String> removals,
      boolean quiet,
      Context ctx)
      throws Exception {
    if (format != null) {
      change = change.withOutputFormat(format);
    } else if (target == null && ctx.terminal().stdoutIsTerminal()) {
      change = change.withOutputFormat(OutputFormat.PEM);
    }
    String where = target == null ? "standard output" : target.toString();
    try (Io.Input input = Io.openInput(in, ctx.in())) {
      // S/MIME input is read like decrypt reads it; the output is what --format says
      InputStream message = Io.message(Progress.wrap(input, quiet, ctx), input.name());
      if (target == null) {
        change.apply(message, Io.stdout(ctx.out()), keys);
      } else {
        try (AtomicOutput file = AtomicOutput.create(target, force)) {
          change.apply(message, file.stream(), keys);
          file.commit();
        }
      }
    } catch (RecipientChangeException e) {
      int i = e.removal();
      throw CliException.usage(
          i >= 0 && i < removals.size()
              ? "--recipient " + removals.get(i) + ": " + e.getMessage()
              : e.getMessage());
    } catch (IOException e) {
      throw Io.streamFailure(e, where);
    }
  }
}
