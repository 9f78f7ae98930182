package dev.envelope.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code envelope cert}: certificates; the work is in subcommands. */
@Command(
    name = "cert",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {"Creates certificates with their keys.", ""},
    footer = {
      "",
      "Example:",
      "  envelope cert create --subject \"CN=Alice\" --email alice@example.com"
    })
final class CertCommand implements Callable<Integer> {

  @Override
  public Integer call() throws CliException {
    throw CliException.usage("missing command: create");
  }

  static CommandLine commandLine(Context ctx) {
    CommandLine cl = new CommandLine(new CertCommand());
    cl.addSubcommand(new CertCreateCommand(ctx));
    return cl;
  }
}
