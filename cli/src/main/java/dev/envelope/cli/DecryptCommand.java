package dev.envelope.cli;

import dev.envelope.ContentCipher;
import dev.envelope.DecryptingInputStream;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.io.AtomicOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code envelope decrypt}: opens a message with the keys given. The output appears only after the
 * whole message decrypted and, for AuthEnvelopedData, authenticated.
 */
final class DecryptCommand implements Callable<Integer> {
  private final Context ctx;
  private final EnvelopeCommand root;
  private final InOutOptions io = new InOutOptions();
  private final KeyOptions keyOptions = new KeyOptions();
  private CommandLine commandLine;

  private DecryptCommand(Context ctx, EnvelopeCommand root) {
    this.ctx = ctx;
    this.root = root;
  }

  /** The key options, for tests of their parsing. */
  KeyOptions keyOptions() {
    return keyOptions;
  }

  /** The command for {@code root}'s tree, its model built in code (see {@link CodeSpecs}). */
  static CommandLine commandLine(Context ctx, EnvelopeCommand root) {
    DecryptCommand command = new DecryptCommand(ctx, root);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    spec.name("decrypt").versionProvider(new EnvelopeCommand.Version());
    spec.usageMessage()
        .description(
            "Decrypts IN (DER, BER, PEM, Base64, or S/MIME: a whole e-mail or MIME entity with an"
                + " application/pkcs7-mime part; detected) with a private key given as a file"
                + " (--key, with its --cert), in a PKCS #12 or JKS key store (--keystore) or on a PKCS #11"
                + " token (--pkcs11); with no"
                + " key option, with the keys of the personal store ($ENVELOPE_HOME/my.p12, see"
                + " envelope store), as CAPICOM searched the MY store.",
            "Nothing is written unless the whole message decrypted and authenticated; an existing file"
                + " is never replaced without --force.",
            "")
        .footer(
            "",
            "Passwords (SPEC): env:VAR, file:PATH (its first line) or pass:TEXT; without",
            "one, a terminal prompts.",
            "",
            "Examples:",
            "  envelope decrypt report.p7m -o report.pdf        (the personal store)",
            "  envelope decrypt report.p7m -o report.pdf --key alice.key --cert alice.pem",
            "  envelope decrypt report.p7m -o report.pdf --pkcs11 token.cfg --pin env:PIN",
            "  envelope decrypt report.p7m -o report.pdf --password env:REPORT_PASS",
            "  envelope decrypt report.p7m -o report.pdf --kek-id c0fee0 --kek file:kek.hex",
            "  envelope decrypt report.p7m -o report.pdf --keystore alice.p12 \\",
            "      --storepass env:P12_PASS",
            "  envelope decrypt mail.eml -o mail.txt --key alice.key    (S/MIME, as saved",
            "      by a mail client; the output is the inner MIME entity)",
            "  openssl cms -encrypt -aes256 -outform PEM -in report.pdf alice.pem \\",
            "      | envelope decrypt --key alice.key");
    spec.addMixin("io", command.io.mixin());
    spec.addMixin("keyOptions", command.keyOptions.mixin());
    CodeSpecs.addStandardHelpOptions(spec);
    command.commandLine = new CommandLine(spec);
    return command.commandLine;
  }

  @Override
  public Integer call() throws Exception {
    keyOptions.collect(commandLine.getParseResult());
    keyOptions.check();
    Path target = Io.checkOutput(io.out, io.in, io.force);
    KeySource source = keyOptions.keySource(ctx);
    try {
      return decryptWith(source, target);
    } finally {
      Secrets.zero(source); // the copies of passwords and KEKs the key sources hold
    }
  }

  private Integer decryptWith(KeySource source, Path target) throws Exception {
    String where = target == null ? "standard output" : target.toString();
    ContentCipher cipher;
    try (Io.Input input = Io.openInput(io.in, ctx.in())) {
      InputStream message = Io.message(Progress.wrap(input, root.quiet, ctx), input.name());
      if (target == null) {
        // nothing reaches standard output before the whole message verified
        cipher = Envelope.opener().decrypt(message, Io.stdout(ctx.out()), source).cipher();
      } else {
        try (DecryptingInputStream content = Envelope.opener().openDecrypting(message, source);
            AtomicOutput file = AtomicOutput.create(target, io.force)) {
          content.transferTo(file.stream());
          file.commit(); // reached only after the end verified
          cipher = content.cipher();
        }
      }
    } catch (IOException e) {
      throw Io.streamFailure(e, where);
    }
    if (!cipher.isAuthenticated() && !root.quiet) {
      ctx.err()
          .println(
              "envelope: warning: the content was not authenticated ("
                  + cipher.cliName()
                  + " in EnvelopedData): a modified message can decrypt to modified content"
                  + " without any error (Efail); ask the sender for an AEAD cipher such as"
                  + " aes-256-gcm");
    }
    return Exit.OK;
  }
}
