package dev.envelope.cli;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.OaepHash;
import dev.envelope.OutputFormat;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.RsaPadding;
import dev.envelope.Sealer;
import dev.envelope.io.AtomicOutput;
import dev.envelope.store.CertificateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code envelope encrypt}: seals a file for the holders of one or more certificates. */
@Command(
    name = "encrypt",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Encrypts IN for every --to certificate: AES-256-GCM in AuthEnvelopedData and RSA-OAEP"
          + " with SHA-256 by default.",
      "Receivers that only read EnvelopedData (.NET, Outlook, older OpenSSL) need --cipher"
          + " aes-256-cbc.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  envelope encrypt report.pdf -o report.p7m --to alice.pem --to bob.crt",
      "  envelope encrypt report.pdf -o report.p7m --to bob@example.com \\",
      "      --to 3a7f09...c2             (address book or personal store)",
      "  envelope encrypt memo.txt -o memo.p7m --to \"Example Corp\" --all \\",
      "      --trust corp-ca.pem          (everyone whose subject has Example Corp)",
      "  envelope encrypt note.txt -o note.p7m --to bob.pem --cipher aes-256-cbc \\",
      "      --rsa-padding pkcs1          (for .NET, Outlook and older OpenSSL)",
      "  openssl cms -decrypt -in report.p7m -inform DER -recip alice.pem \\",
      "      -inkey alice.key             (what the receiver may run instead)"
    })
final class EncryptCommand implements Callable<Integer> {
  private final Context ctx;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "IN",
      description = "The file to encrypt; '-' or nothing for standard input.")
  String in;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "OUT",
      description =
          "Where to write the message; '-' or nothing for standard output. Never overwrites an"
              + " existing file without --force.")
  String out;

  @Option(
      names = "--to",
      paramLabel = "RECIPIENT",
      required = true,
      description =
          "A recipient: a certificate file, PEM or DER (its first certificate), or a query looked"
              + " up in the address book and then the personal store: an e-mail address, subject"
              + " text, or a SHA-1 or SHA-256 thumbprint. Repeat for more recipients.")
  List<String> to = new ArrayList<>();

  @Option(
      names = "--all",
      description = "A --to query that matches several certificates means all of them.")
  boolean all;

  @Option(
      names = "--allow-invalid-recipient",
      description =
          "Encrypt (with a warning) for certificates that are expired, not yet valid, or whose"
              + " keyUsage excludes keyEncipherment (RSA) or keyAgreement (EC).")
  boolean allowInvalid;

  @Option(
      names = "--trust",
      paramLabel = "FILE",
      description =
          "Trusted CA certificates (PEM or DER): every recipient must have a valid PKIX path to"
              + " one (revocation not checked). Repeatable.")
  List<Path> trust = new ArrayList<>();

  @Option(
      names = "--storepass",
      paramLabel = "SPEC",
      converter = Converters.Password.class,
      description =
          "The password of the address book and personal store, needed for --to queries when"
              + " they exist; default: ENVELOPE_STORE_PASS, else a prompt.")
  PasswordSpec storepass;

  @Option(
      names = "--cipher",
      paramLabel = "NAME",
      converter = Converters.Cipher.class,
      description =
          "Content cipher (default: aes-256-gcm): aes-128-gcm, aes-192-gcm, aes-256-gcm,"
              + " aes-128-cbc, aes-192-cbc, aes-256-cbc, 3des (legacy)."
              + " Receivers that only read EnvelopedData (.NET, Outlook, older OpenSSL) need"
              + " aes-256-cbc.")
  ContentCipher cipher = ContentCipher.AES_256_GCM;

  @Option(
      names = "--rsa-padding",
      paramLabel = "oaep|pkcs1",
      converter = Converters.Padding.class,
      description =
          "How the content key is encrypted for RSA recipients (default: oaep); pkcs1 is what"
              + " CAPICOM and .NET write.")
  RsaPadding padding = RsaPadding.OAEP;

  @Option(
      names = "--oaep-hash",
      paramLabel = "sha1|sha256|sha384|sha512",
      converter = Converters.Hash.class,
      description = "The OAEP and MGF1 hash (default: sha256).")
  OaepHash oaepHash;

  @Option(
      names = "--rid",
      paramLabel = "issuer-serial|ski",
      converter = Converters.Rid.class,
      description =
          "How recipient entries name certificates (default: issuer-serial); ski is what openssl"
              + " cms -keyid writes.")
  RecipientIdentifierType rid = RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER;

  @Option(
      names = "--format",
      paramLabel = "der|pem|base64",
      converter = Converters.Format.class,
      description = "Output encoding (default: der to a file or a pipe, pem to a terminal).")
  OutputFormat format;

  @Option(names = "--force", description = "Replace OUT when it exists.")
  boolean force;

  @ParentCommand EnvelopeCommand root;

  EncryptCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (oaepHash != null && padding != RsaPadding.OAEP) {
      throw CliException.usage("--oaep-hash applies to --rsa-padding oaep only");
    }
    Path target = Io.checkOutput(out, in, force);
    List<X509Certificate> anchors = new ArrayList<>();
    for (Path file : trust) {
      anchors.addAll(CertificateFiles.read(file));
    }
    List<Recipients.Resolved> resolved = new Recipients(ctx, storepass, all).resolve(to);
    Recipients.check(resolved, allowInvalid, anchors, ctx, root.quiet);
    List<Recipient> recipients = new ArrayList<>();
    for (Recipients.Resolved r : resolved) {
      recipients.add(recipient(r.certificate(), r.source()));
    }
    Sealer sealer =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipientIdentifier(rid)
            .withRecipients(recipients);
    OutputFormat fmt = outputFormat(target);
    String where = target == null ? "standard output" : target.toString();
    try (Io.Input input = Io.openInput(in, ctx.in())) {
      InputStream content = Progress.wrap(input, root.quiet, ctx);
      if (target == null) {
        seal(sealer, content, input.size(), fmt, Io.stdout(ctx.out()));
      } else {
        try (AtomicOutput file = AtomicOutput.create(target, force)) {
          seal(sealer, content, input.size(), fmt, file.stream());
          file.commit();
        }
      }
    } catch (IOException e) {
      throw Io.streamFailure(e, where);
    }
    return Exit.OK;
  }

  /**
   * Streams the content through the sealer: DER when its length is known (a file), BER with
   * indefinite lengths from standard input, whose length is not.
   */
  private static void seal(
      Sealer sealer, InputStream content, long size, OutputFormat fmt, OutputStream sink)
      throws IOException, GeneralSecurityException {
    try (OutputStream armored = fmt.wrap(Io.nonClosing(sink));
        OutputStream sealing = sealer.openEncrypting(armored, size)) {
      content.transferTo(sealing);
    }
  }

  private Recipient recipient(X509Certificate cert, String source) throws CliException {
    try {
      return new Recipient.KeyTransport(
          cert, padding, oaepHash == null ? OaepHash.SHA256 : oaepHash);
    } catch (IllegalArgumentException e) {
      throw CliException.input(
          source
              + ": cannot encrypt for a "
              + cert.getPublicKey().getAlgorithm()
              + " certificate yet (RSA only in this version)",
          e);
    }
  }

  /** DESIGN.md: DER to a file or pipe, PEM to a terminal, unless asked. */
  private OutputFormat outputFormat(Path target) {
    if (format != null) {
      return format;
    }
    return target == null && ctx.terminal().stdoutIsTerminal()
        ? OutputFormat.PEM
        : OutputFormat.DER;
  }
}
