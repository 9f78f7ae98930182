package dev.envelope.cli;

import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.OutputFormat;
import dev.envelope.Readdress;
import dev.envelope.Recipient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code envelope recipients add}: adds recipients to a message for its existing content key, which
 * a key of the caller's recovers and which must open the whole message first.
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Writes IN (DER, BER, PEM or Base64, detected) with new recipient entries for every --to"
          + " certificate, --to-password and --to-kek, wrapping the message's existing"
          + " content-encryption key; the encrypted content and everything else are copied"
          + " unchanged. The key is recovered with the key options of decrypt (--key, --keystore,"
          + " --pkcs11, --password, --kek; with none, the personal store) and must decrypt the"
          + " whole message, tag or padding checked, before anything is written: a wrong key or a"
          + " modified message is exit 4.",
      "New entries are made as encrypt makes them: RSA gets RSA-OAEP SHA-256 (--rsa-padding),"
          + " EC, X25519 and X448 ECDH, ML-KEM a KEM entry, a password PBKDF2-HMAC-SHA256 with"
          + " 600,000 iterations, a KEK AES key wrap. The output is DER when the input had"
          + " definite lengths, else BER, in the input's armor unless --format; an existing file"
          + " is never replaced without --force.",
      ""
    },
    footer = {
      "",
      "Passwords (SPEC): env:VAR, file:PATH (its first line) or pass:TEXT; without",
      "one, a terminal prompts.",
      "",
      "Examples:",
      "  envelope recipients add report.p7m -o report2.p7m --to carol.pem",
      "      (opened with the personal store's key)",
      "  envelope recipients add report.p7m -o report2.p7m --to carol@example.com \\",
      "      --key alice.key --cert alice.pem",
      "  envelope recipients add report.p7m -o report2.p7m --to-password env:NEW_PASS \\",
      "      --password env:OLD_PASS",
      "  envelope recipients add report.p7m -o report2.p7m --to-kek-id c0fee0 \\",
      "      --to-kek file:kek.hex --keystore alice.p12 --storepass env:P12_PASS"
    })
final class RecipientsAddCommand implements Callable<Integer> {
  private final Context ctx;

  @ParentCommand RecipientsCommand parent;

  final InOutOptions io = new InOutOptions(); // mixed in by commandLine, in code

  @Option(
      names = "--to",
      paramLabel = "RECIPIENT",
      description =
          "A new recipient: a certificate file (PEM or DER) or a query in the address book and"
              + " the personal store (e-mail, subject text, SHA-1 or SHA-256 thumbprint), as"
              + " encrypt --to. Repeatable.")
  List<String> to = new ArrayList<>();

  @Option(
      names = "--to-password",
      paramLabel = "SPEC",
      arity = "0..1",
      converter = Secrets.OptionalSpec.class,
      description =
          "Also add a password recipient (RFC 3211), as encrypt --password; without SPEC, a"
              + " prompt (put it after IN).")
  PasswordSpec toPassword;

  @Option(
      names = "--to-kek-id",
      paramLabel = "HEX",
      description = "The identifier of the --to-kek key, in hexadecimal.")
  String toKekId;

  @Option(
      names = "--to-kek",
      paramLabel = "SPEC",
      arity = "0..1",
      converter = Secrets.OptionalSpec.class,
      description =
          "Also add a KEK recipient (AES key wrap): SPEC gives the AES key in hexadecimal, 16, 24"
              + " or 32 bytes. Needs --to-kek-id.")
  PasswordSpec toKek;

  @Mixin RecipientOptions recipientOptions = new RecipientOptions();

  @Option(
      names = "--format",
      paramLabel = "der|pem|base64",
      converter = Converters.Format.class,
      description = "Output encoding (default: the input's; pem to a terminal).")
  OutputFormat format;

  final KeyOptions keyOptions = new KeyOptions(); // mixed in by commandLine, in code

  private CommandLine commandLine;

  private RecipientsAddCommand(Context ctx) {
    this.ctx = ctx;
  }

  /** The command, with the input, output and key options shared with decrypt mixed in. */
  static CommandLine commandLine(Context ctx) {
    RecipientsAddCommand command = new RecipientsAddCommand(ctx);
    CommandLine cl = new CommandLine(command);
    cl.getCommandSpec().addMixin("io", command.io.mixin());
    cl.getCommandSpec().addMixin("keyOptions", command.keyOptions.mixin());
    command.commandLine = cl;
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    recipientOptions.check();
    if (to.isEmpty() && toPassword == null && toKek == null) {
      throw CliException.usage(
          "no recipient to add: give --to RECIPIENT, --to-password or --to-kek-id --to-kek");
    }
    if ((toKekId == null) != (toKek == null)) {
      throw CliException.usage("--to-kek and --to-kek-id go together");
    }
    byte[] id = toKekId == null ? null : Secrets.kekId(toKekId);
    keyOptions.collect(commandLine.getParseResult());
    keyOptions.check();
    Path target = Io.checkOutput(io.out, io.in, io.force);
    boolean quiet = parent != null && parent.quiet();
    List<Recipient> recipients = recipientOptions.resolve(to, null, ctx, quiet);
    try {
      if (toPassword != null) {
        char[] pw = Secrets.password(toPassword, true, ctx);
        try {
          recipients.add(Recipient.password(pw));
        } finally {
          Arrays.fill(pw, '\0');
        }
      }
      if (toKek != null) {
        byte[] kek = Secrets.kek(toKek, ctx);
        try {
          recipients.add(Recipient.kek(id, kek));
        } finally {
          Arrays.fill(kek, (byte) 0);
        }
      }
      Readdress change =
          Envelope.readdress()
              .withRecipientIdentifier(recipientOptions.rid)
              .withAddedRecipients(recipients);
      KeySource keys = keyOptions.keySource(ctx);
      try {
        RecipientsCommand.apply(
            change, io.in, target, io.force, format, keys, List.of(), quiet, ctx);
      } finally {
        Secrets.zero(keys);
      }
    } finally {
      EncryptCommand.zero(recipients);
    }
    return Exit.OK;
  }
}
