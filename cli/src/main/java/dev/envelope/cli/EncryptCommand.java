package dev.envelope.cli;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.OutputFormat;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.RsaPadding;
import dev.envelope.Sealer;
import dev.envelope.io.AtomicOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code envelope encrypt}: seals a file for the holders of one or more certificates. */
@Command(
    name = "encrypt",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Encrypts IN for every --to certificate, --password and --kek: AES-256-GCM in"
          + " AuthEnvelopedData by default. The certificate's key picks the recipient kind: RSA"
          + " gets RSA-OAEP with SHA-256, EC (P-256/384/521) ECDH with the X9.63 KDF (SHA-256) and"
          + " AES-256 key wrap, X25519/X448 ECDH with HKDF (RFC 8418), ML-KEM a KEM recipient"
          + " (RFC 9629).",
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
      "  envelope encrypt report.pdf -o report.p7m --password env:REPORT_PASS",
      "  envelope encrypt report.pdf -o report.p7m --to bob.pem --kek-id c0fee0 \\",
      "      --kek file:kek.hex             (a certificate and a shared AES key)",
      "  envelope encrypt mail.eml -o smime.eml --to bob.pem --format smime \\",
      "      --cipher aes-256-cbc --rsa-padding pkcs1   (S/MIME for mail clients and",
      "                                   openssl smime; mail.eml: inner headers + body)",
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
      description =
          "A recipient: a certificate file, PEM or DER (its first certificate), or a query looked"
              + " up in the address book and then the personal store: an e-mail address, subject"
              + " text, or a SHA-1 or SHA-256 thumbprint. Repeat for more recipients. At least one"
              + " recipient of any kind (--to, --password, --kek) is needed.")
  List<String> to = new ArrayList<>();

  @Option(
      names = "--password",
      paramLabel = "SPEC",
      arity = "0..1",
      converter = Secrets.OptionalSpec.class,
      description =
          "Also encrypt for a password (RFC 3211: PBKDF2-HMAC-SHA256, 600,000 iterations,"
              + " AES-256 key wrap), as openssl cms -pwri_password reads it. SPEC: env:VAR,"
              + " file:PATH or pass:TEXT; without SPEC, a prompt (put it after IN).")
  PasswordSpec password;

  @Option(
      names = "--kek-id",
      paramLabel = "HEX",
      description = "The identifier of the --kek key, in hexadecimal (openssl: -secretkeyid).")
  String kekId;

  @Option(
      names = "--kek",
      paramLabel = "SPEC",
      arity = "0..1",
      converter = Secrets.OptionalSpec.class,
      description =
          "Also encrypt for a shared key-encryption key (RFC 5652 6.2.3, AES key wrap): SPEC gives"
              + " the AES key in hexadecimal, 16, 24 or 32 bytes (openssl: -secretkey). Needs"
              + " --kek-id.")
  PasswordSpec kek;

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
      completionCandidates = Completions.Ciphers.class,
      paramLabel = "NAME",
      converter = Converters.Cipher.class,
      description =
          "Content cipher (default: aes-256-gcm): aes-128-gcm, aes-192-gcm, aes-256-gcm,"
              + " chacha20-poly1305, aes-128-ccm, aes-192-ccm, aes-256-ccm (CCM from a file"
              + " only, not standard input), aes-128-cbc, aes-192-cbc, aes-256-cbc; legacy, for old"
              + " receivers only: 3des, des, rc2, rc4 (with --key-length)."
              + " Receivers that only read EnvelopedData (.NET, Outlook, older OpenSSL) need"
              + " aes-256-cbc.")
  ContentCipher cipher = ContentCipher.AES_256_GCM;

  @Option(
      names = "--key-length",
      paramLabel = "BITS",
      description =
          "The key length of --cipher rc2 (40, 56, 64, 128) or rc4 (40, 56, 128); default 128.")
  Integer keyLength;

  @Option(
      names = "--profile",
      completionCandidates = Completions.Profiles.class,
      paramLabel = "capicom",
      description =
          "capicom: what CAPICOM wrote, for receivers of its time: RC2-CBC 128, RSA PKCS #1 v1.5,"
              + " issuerAndSerialNumber, Base64 in 64 columns with CRLF. Options given explicitly"
              + " override these.")
  String profile;

  @Spec CommandSpec spec;

  @Mixin RecipientOptions recipientOptions = new RecipientOptions();

  @Option(
      names = "--format",
      paramLabel = "der|pem|base64|smime",
      converter = Converters.Format.class,
      description =
          "Output encoding (default: der to a file or a pipe, pem to a terminal). smime: an"
              + " S/MIME application/pkcs7-mime entity (RFC 8551; smime-type enveloped-data, or"
              + " authEnveloped-data for GCM, CCM and ChaCha20-Poly1305), Base64 in CRLF lines;"
              + " IN is sealed as given, so it should be the inner MIME entity (Content-Type"
              + " header, blank line, body), as for openssl smime -encrypt.")
  OutputFormat format;

  @Option(names = "--force", description = "Replace OUT when it exists.")
  boolean force;

  @ParentCommand EnvelopeCommand root;

  EncryptCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    applyProfile();
    recipientOptions.check();
    Secrets.requirePair(kekId, kek != null);
    byte[] id = kekId == null ? null : Secrets.kekId(kekId);
    if (to.isEmpty() && password == null && kek == null) {
      throw CliException.usage("no recipient: give --to RECIPIENT, --password or --kek-id --kek");
    }
    Path target = Io.checkOutput(out, in, force);
    List<Recipient> recipients = recipientOptions.resolve(to, storepass, ctx, root.quiet);
    char[] pw = null;
    byte[] kekBytes = null;
    try {
      if (password != null) {
        pw = Secrets.password(password, true, ctx);
        recipients.add(Recipient.password(pw));
      }
      if (kek != null) {
        kekBytes = Secrets.kek(kek, ctx);
        recipients.add(Recipient.kek(id, kekBytes));
      }
    } finally {
      if (pw != null) {
        Arrays.fill(pw, '\0');
      }
      if (kekBytes != null) {
        Arrays.fill(kekBytes, (byte) 0);
      }
    }
    try {
      return sealFor(recipients, target);
    } finally {
      zero(recipients); // the recipients hold copies of the secrets
    }
  }

  /** Zeroes the copies of passwords and KEKs that password and KEK recipients hold. */
  static void zero(List<Recipient> recipients) {
    for (Recipient r : recipients) {
      if (r instanceof Recipient.Password p) {
        Arrays.fill(p.password(), '\0');
      } else if (r instanceof Recipient.Kek k) {
        Arrays.fill(k.key(), (byte) 0);
      }
    }
  }

  private Integer sealFor(List<Recipient> recipients, Path target) throws Exception {
    Sealer sealer =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipientIdentifier(recipientOptions.rid)
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

  /**
   * {@code --profile capicom}'s defaults (DESIGN.md "Defaults") under any option given explicitly,
   * then {@code --key-length}.
   */
  private void applyProfile() throws CliException {
    if (profile != null) {
      if (!profile.strip().equalsIgnoreCase("capicom")) {
        throw CliException.usage("unknown --profile '" + profile + "': use capicom");
      }
      ParseResult given = spec.commandLine().getParseResult();
      if (!given.hasMatchedOption("--cipher")) {
        cipher = ContentCipher.RC2_128;
      }
      if (!given.hasMatchedOption("--rsa-padding")) {
        recipientOptions.padding = RsaPadding.PKCS1;
      }
      if (!given.hasMatchedOption("--rid")) {
        recipientOptions.rid = RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER;
      }
      if (!given.hasMatchedOption("--format")) {
        format = OutputFormat.BASE64;
      }
    }
    if (keyLength != null) {
      try {
        cipher = cipher.withKeyBits(keyLength);
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--key-length: " + e.getMessage());
      }
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
