package dev.envelope.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * The top command: global options; the work is done by the subcommands. Its model is built in code
 * ({@link #spec}; see {@link CodeSpecs}).
 */
final class EnvelopeCommand implements Callable<Integer> {
  boolean debug;
  boolean quiet;

  /** The command's picocli model, bound to {@code root}. */
  static CommandSpec spec(EnvelopeCommand root) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(root);
    spec.name("envelope").versionProvider(new Version());
    spec.usageMessage()
        .synopsisSubcommandLabel("COMMAND")
        .description(
            "Encrypts files for the holders of certificates, and decrypts them, as CMS enveloped"
                + " messages (RFC 5652 EnvelopedData, RFC 5083 AuthEnvelopedData) that openssl"
                + " cms, Bouncy Castle and .NET read.",
            "")
        .footer(
            "",
            "Try it:  envelope demo",
            "",
            "Examples:",
            "  envelope cert create --subject \"CN=Alice\" --email alice@example.com",
            "  envelope encrypt report.pdf -o report.p7m --to alice@example.com",
            "  envelope decrypt report.p7m -o report.pdf",
            "  envelope inspect report.p7m",
            "  envelope encrypt --help                      (each command has examples)",
            "  source <(envelope completion bash)           (TAB completion)",
            "",
            "Exit codes: 0 ok, 1 usage, 2 an input, key, key store, certificate or password could"
                + " not be read, 3 malformed or unsupported message or a limit exceeded, 4"
                + " decryption or authentication failed, 5 output could not be written, 130"
                + " interrupted.");
    CodeSpecs.Binding debug = CodeSpecs.binding(() -> root.debug, v -> root.debug = (Boolean) v);
    spec.addOption(
        OptionSpec.builder("--debug")
            .type(boolean.class)
            .initialValue(false)
            .scopeType(ScopeType.INHERIT)
            .description("On failure, print the stack trace and cause chain after the error line.")
            .setter(debug)
            .getter(debug)
            .build());
    CodeSpecs.Binding quiet = CodeSpecs.binding(() -> root.quiet, v -> root.quiet = (Boolean) v);
    spec.addOption(
        OptionSpec.builder("-q", "--quiet")
            .type(boolean.class)
            .initialValue(false)
            .scopeType(ScopeType.INHERIT)
            .description("Print no warnings (errors are still printed).")
            .setter(quiet)
            .getter(quiet)
            .build());
    CodeSpecs.addStandardHelpOptions(spec);
    return spec;
  }

  @Override
  public Integer call() throws CliException {
    throw CliException.usage(
        "missing command: encrypt, decrypt, inspect, recipients, store, cert, demo or completion");
  }

  /** The version from the jar's manifest; a build from the class folder has none. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EnvelopeCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "envelope " + (v == null ? "(development build)" : v),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")"
      };
    }
  }
}
