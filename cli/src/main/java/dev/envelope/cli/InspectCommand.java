package dev.envelope.cli;

import dev.envelope.Envelope;
import dev.envelope.LocalKey;
import dev.envelope.MessageInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code envelope inspect}: what a message says about itself, without any key. The facts come from
 * {@link Envelope#inspect}; {@link InspectText} and {@link InspectJson} print them.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Shows the structure of a message (DER, BER, PEM, Base64, or an S/MIME e-mail): its type, content type,"
          + " content cipher with its parameters, the size of the encrypted content, every"
          + " recipient entry with the identifier that tells which key opens it and its"
          + " key-encryption, key-agreement or key-derivation algorithms, originator certificates"
          + " and attributes. Needs no key; nothing is decrypted.",
      "When local keys are at hand, each identifier also shows which of them it names: those of"
          + " --key/--cert and --keystore, else the personal store's ($ENVELOPE_HOME/my.p12) when"
          + " its password is given (--storepass or ENVELOPE_STORE_PASS). Inspect never prompts:"
          + " without a password the personal store is not read, and nothing is matched.",
      ""
    },
    footer = {
      "",
      "--json prints one JSON document whose members docs/inspect.md explains and",
      "docs/inspect.schema.json (JSON Schema 2020-12) defines.",
      "",
      "Examples:",
      "  envelope inspect report.p7m",
      "  envelope inspect report.p7m --json | jq '.recipients[].identifier'",
      "  ENVELOPE_STORE_PASS=... envelope inspect report.p7m     (my matching keys)",
      "  envelope inspect report.p7m --key alice.key --cert alice.pem",
      "  envelope inspect report.p7m --keystore alice.p12 --storepass env:P12_PASS",
      "  envelope inspect mail.eml                                (a whole S/MIME e-mail)",
      "  openssl cms -encrypt -aes256 -outform PEM -in a.txt bob.pem | envelope inspect"
    })
final class InspectCommand implements Callable<Integer> {
  private final Context ctx;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "IN",
      description = "The message; '-' or nothing for standard input.")
  String in;

  @Option(
      names = "--json",
      description = "Print JSON (docs/inspect.schema.json) instead of the tree.")
  boolean json;

  /** One {@code --key} and the {@code --cert} that follows it. */
  static final class KeyArgs {
    @Option(
        names = "--key",
        paramLabel = "KEY",
        required = true,
        description =
            "A private key file to match recipient identifiers with (by its certificate, else by"
                + " its public half); it is read, never used. Repeatable.")
    Path key;

    @Option(
        names = "--cert",
        paramLabel = "CERT",
        description = "The certificate of the preceding --key.")
    Path cert;
  }

  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<KeyArgs> keys = new ArrayList<>();

  @Option(
      names = "--keypass",
      paramLabel = "SPEC",
      converter = Converters.Password.class,
      description = "The password of encrypted --key files (inspect does not prompt).")
  PasswordSpec keypass;

  /** One {@code --keystore} and the {@code --storepass} that follows it. */
  static final class StoreArgs {
    @Option(
        names = "--keystore",
        paramLabel = "FILE",
        description =
            "A PKCS #12 or JKS key store whose key entries' certificates are matched. Repeatable.")
    Path file;

    @Option(
        names = "--storepass",
        paramLabel = "SPEC",
        converter = Converters.Password.class,
        description =
            "The password of the preceding --keystore; without --keystore, of the personal store"
                + " (default: ENVELOPE_STORE_PASS; no prompt).")
    PasswordSpec password;
  }

  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<StoreArgs> stores = new ArrayList<>();

  InspectCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    List<LocalKey> local = localKeys();
    MessageInfo info;
    try (Io.Input input = Io.openInput(in, ctx.in())) {
      InputStream message = Io.message(input.stream(), input.name());
      info = local == null ? Envelope.inspect(message) : Envelope.inspect(message, local);
    } catch (IOException e) {
      throw Io.streamFailure(e, "standard output");
    }
    PrintStream out = ctx.out();
    out.print(json ? InspectJson.render(info) : InspectText.render(info));
    out.flush();
    if (out.checkError()) {
      throw CliException.output("cannot write to standard output", null);
    }
    return Exit.OK;
  }

  /** The local keys to match, or null for none (see {@link InspectKeys#collect}). */
  private List<LocalKey> localKeys() throws Exception {
    PasswordSpec personal = null;
    List<InspectKeys.StoreFile> files = new ArrayList<>();
    for (StoreArgs s : stores) {
      if (s.file == null) {
        if (personal != null || stores.size() > 1 || !keys.isEmpty()) {
          throw CliException.usage(
              "--storepass without --keystore is the personal store's password, which is read"
                  + " only when no --key or --keystore is given");
        }
        personal = s.password;
      } else {
        files.add(new InspectKeys.StoreFile(s.file, s.password));
      }
    }
    List<InspectKeys.KeyFile> keyFiles =
        keys.stream().map(k -> new InspectKeys.KeyFile(k.key, k.cert)).toList();
    return InspectKeys.collect(keyFiles, keypass, files, personal, ctx);
  }
}
