package dev.envelope.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code envelope} command. {@link #main} exits the JVM with the exit code of the command-line
 * contract; {@link #run} does the same work in-process and returns the code.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if ("decrypt".equals(subcommandNamed(args))) {
      // the first RSA opening's one-time costs, on the second core while picocli parses
      dev.envelope.Envelope.prepareInBackground();
    }
    System.exit(run(args, System.in, System.out, System.err, Terminal.system()));
  }

  /**
   * Runs one command as if from a shell with no terminal attached.
   *
   * @return the exit code
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, Terminal.none());
  }

  static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Terminal terminal) {
    return run(args, new Context(in, out, err, terminal));
  }

  /** Runs one command against a context (its streams, terminal and environment). */
  static int run(String[] args, Context ctx) {
    PrintStream err = ctx.err();
    EnvelopeCommand root = new EnvelopeCommand();
    CommandLine cl = commandLine(root, ctx, args);
    // --debug is parsed as part of the command line, which may be what failed to parse
    boolean debugArg = Arrays.asList(args).contains("--debug");
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          if (debugArg) {
            ex.printStackTrace(err);
          }
          return ErrorReport.usage(
              usageMessage(ex), ex.getCommandLine().getCommandSpec().qualifiedName(), err);
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof CliException c && c.exitCode() == Exit.USAGE) {
            return ErrorReport.usage(c.getMessage(), cmd.getCommandSpec().qualifiedName(), err);
          }
          return ErrorReport.report(ex, root.debug || debugArg, err);
        });
    try {
      return cl.execute(args);
    } catch (RuntimeException | Error e) {
      // picocli's own failures outside the handlers: still one line and no stack trace
      return ErrorReport.report(e, debugArg, err);
    }
  }

  /** The whole command tree, wired to one context. */
  static CommandLine commandLine(EnvelopeCommand root, Context ctx) {
    return commandLine(root, ctx, new String[0]);
  }

  /**
   * The command tree for {@code args}: when they name a subcommand, only that one is built. Picocli
   * reads every command's annotations reflectively when it is added, and for the whole tree that
   * was most of a short run's time (about 0.2 s of 0.3 s, mostly interpreted code); listing, help
   * and unknown names still get the whole tree.
   */
  static CommandLine commandLine(EnvelopeCommand root, Context ctx, String[] args) {
    CommandLine cl = new CommandLine(EnvelopeCommand.spec(root));
    String only = subcommandNamed(args);
    if (VERSION.equals(only)) {
      // the version needs no subcommand (building them all took most of its 0.25 s)
      cl.setOut(new PrintWriter(ctx.out(), true));
      cl.setErr(new PrintWriter(ctx.err(), true));
      return cl;
    }
    if (only == null || only.equals("encrypt")) {
      cl.addSubcommand(new EncryptCommand(ctx));
    }
    if (only == null || only.equals("decrypt")) {
      cl.addSubcommand(DecryptCommand.commandLine(ctx, root));
    }
    if (only == null || only.equals("inspect")) {
      cl.addSubcommand(new InspectCommand(ctx));
    }
    if (only == null || only.equals("recipients")) {
      cl.addSubcommand(RecipientsCommand.commandLine(ctx));
    }
    if (only == null || only.equals("store")) {
      cl.addSubcommand(StoreCommand.commandLine(ctx));
    }
    if (only == null || only.equals("cert")) {
      cl.addSubcommand(CertCommand.commandLine(ctx));
    }
    if (only == null || only.equals("demo")) {
      cl.addSubcommand(new DemoCommand(ctx));
    }
    if (only == null || only.equals("completion")) {
      cl.addSubcommand(new CompletionCommand(ctx));
    }
    cl.setOut(new PrintWriter(ctx.out(), true));
    cl.setErr(new PrintWriter(ctx.err(), true));
    return cl;
  }

  private static final List<String> SUBCOMMANDS =
      List.of("encrypt", "decrypt", "inspect", "recipients", "store", "cert", "demo", "completion");

  /** What {@link #subcommandNamed} returns for a lone version request. */
  private static final String VERSION = "--version";

  /**
   * The subcommand the first non-option argument names, {@link #VERSION} for {@code -V} or {@code
   * --version} as the only other argument, or null (then all are built).
   */
  private static String subcommandNamed(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--debug") || a.equals("-q") || a.equals("--quiet")) {
        continue;
      }
      if ((a.equals("-V") || a.equals("--version")) && i == args.length - 1) {
        return VERSION;
      }
      return SUBCOMMANDS.contains(a) ? a : null;
    }
    return null;
  }

  private static String usageMessage(ParameterException ex) {
    String message = ex.getMessage();
    if (ex instanceof UnmatchedArgumentException u) {
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) {
        message += "; did you mean " + String.join(" or ", suggestions) + "?";
      }
    }
    return message;
  }
}
