package dev.envelope.cli;

import dev.envelope.store.CertificateQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envelope store export}: a certificate as PEM, or with its key as PKCS #12. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Writes the certificate QUERY matches (in the personal store or the address book, or the"
          + " store --store names) as PEM, to give to the people who encrypt for you; with"
          + " --with-key, a PKCS #12 file with its private key and chain (AES-256, PBKDF2), for"
          + " another program or machine. A query that matches several certificates is exit 2.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  envelope store export alice@example.com -o alice.pem",
      "  envelope store export alice@example.com --with-key --password env:P12_PASS \\",
      "      -o alice.p12",
      "  openssl pkcs12 -in alice.p12 -nodes     (what another tool may do with it)"
    })
final class StoreExportCommand implements Callable<Integer> {
  private final Context ctx;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The certificate to export.")
  String query;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Where to write it; '-' or nothing for standard output.")
  String out;

  @Option(names = "--with-key", description = "A PKCS #12 file with the private key.")
  boolean withKey;

  @Option(
      names = "--password",
      paramLabel = "SPEC",
      converter = Converters.Password.class,
      description = "The password of the new PKCS #12 file (--with-key); default: a prompt.")
  PasswordSpec password;

  @Option(names = "--force", description = "Replace FILE when it exists.")
  boolean force;

  @Mixin StoreOptions options;

  StoreExportCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (password != null && !withKey) {
      throw CliException.usage("--password applies to --with-key only");
    }
    CertificateQuery q = StoreOptions.query(query);
    Path target = Io.checkOutput(out, null, force);
    if (withKey && target == null && ctx.terminal().stdoutIsTerminal()) {
      throw CliException.usage("a PKCS #12 file is binary: give -o FILE");
    }
    List<StoreAccess.Target> targets = options.targets(ctx, "my", "addressbook");
    byte[] data;
    try (StoreAccess.Opened opened = StoreAccess.open(targets, true, options.storepass, ctx)) {
      List<StoreOptions.Match> matches = StoreOptions.find(opened, q);
      StoreOptions.requireMatch(q, matches, false, StoreOptions.where(targets));
      StoreOptions.Match m = StoreOptions.distinct(matches).get(0);
      if (withKey) {
        if (!m.entry().hasPrivateKey()) {
          throw CliException.input(
              "no private key for " + Summaries.oneLine(m.entry()) + " in " + m.target().describe(),
              null);
        }
        char[] p = exportPassword();
        try {
          data = m.store().exportPkcs12(m.entry(), p);
        } finally {
          Arrays.fill(p, '\0');
        }
      } else {
        data = m.store().exportPem(m.entry()).getBytes(StandardCharsets.US_ASCII);
      }
    }
    if (target == null) {
      try {
        Io.stdout(ctx.out()).write(data);
        ctx.out().flush();
      } catch (IOException e) {
        throw CliException.output("cannot write standard output: " + Io.reason(e), e);
      }
    } else {
      Io.writeFile(target, data, force);
    }
    return Exit.OK;
  }

  private char[] exportPassword() throws CliException {
    char[] p =
        PasswordSpec.resolveOrPrompt(
            password, "a password for the new PKCS #12 file", ctx.terminal(), ctx.env());
    if (p == null) {
      throw CliException.input(
          "--with-key needs a password for the new file: give --password " + PasswordSpec.FORMS,
          null);
    }
    return p;
  }
}
