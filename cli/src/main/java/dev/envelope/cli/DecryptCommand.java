package dev.envelope.cli;

import dev.envelope.ContentCipher;
import dev.envelope.DecryptingInputStream;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.io.AtomicOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code envelope decrypt}: opens a message with the keys given. The output appears only after the
 * whole message decrypted and, for AuthEnvelopedData, authenticated.
 */
@Command(
    name = "decrypt",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Decrypts IN (DER, BER, PEM, Base64, or S/MIME: a whole e-mail or MIME entity with an"
          + " application/pkcs7-mime part; detected) with a private key given as a file"
          + " (--key, with its --cert), in a PKCS #12 or JKS key store (--keystore) or on a PKCS #11"
          + " token (--pkcs11); with no"
          + " key option, with the keys of the personal store ($ENVELOPE_HOME/my.p12, see"
          + " envelope store), as CAPICOM searched the MY store.",
      "Nothing is written unless the whole message decrypted and authenticated; an existing file"
          + " is never replaced without --force.",
      ""
    },
    footer = {
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
      "      | envelope decrypt --key alice.key"
    })
final class DecryptCommand implements Callable<Integer> {
  private final Context ctx;

  @ParentCommand EnvelopeCommand root;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "IN",
      description = "The message; '-' or nothing for standard input.")
  String in;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "OUT",
      description =
          "Where to write the content; '-' or nothing for standard output. Never overwrites an"
              + " existing file without --force.")
  String out;

  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<KeyArgs> keys = new ArrayList<>();

  @Option(
      names = "--keypass",
      paramLabel = "SPEC",
      converter = Converters.Password.class,
      description = "The password of encrypted --key files.")
  PasswordSpec keypass;

  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<StoreArgs> stores = new ArrayList<>();

  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<TokenArgs> tokens = new ArrayList<>();

  @Option(names = "--force", description = "Replace OUT when it exists.")
  boolean force;

  @Option(
      names = "--password",
      paramLabel = "SPEC",
      arity = "0..1",
      converter = Secrets.OptionalSpec.class,
      description =
          "A password for password recipient entries (RFC 3211, openssl cms -pwri_password)."
              + " SPEC: env:VAR, file:PATH or pass:TEXT; without SPEC, a prompt (put it after IN)."
              + " Combines with the other key options.")
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
          "A key-encryption key for KEK recipient entries: SPEC gives the AES key in"
              + " hexadecimal (openssl: -secretkey). Needs --kek-id.")
  PasswordSpec kek;

  /** One {@code --pkcs11} and the {@code --pin} that follows it. */
  static final class TokenArgs {
    @Option(
        names = "--pkcs11",
        paramLabel = "CONFIG",
        required = true,
        description =
            "A PKCS #11 token (smart card, HSM, SoftHSM) through the JDK's SunPKCS11 provider:"
                + " CONFIG is its configuration file (name, library, slot). The keys stay on the"
                + " token. Repeatable.")
    Path config;

    @Option(
        names = "--pin",
        paramLabel = "SPEC",
        converter = Converters.Password.class,
        description = "The user PIN of the preceding --pkcs11 token; default: a prompt.")
    PasswordSpec pin;
  }

  /** One {@code --key} and the {@code --cert} that follows it. */
  static final class KeyArgs {
    @Option(
        names = "--key",
        paramLabel = "KEY",
        required = true,
        description =
            "A private key file: PKCS #8 (PEM or DER, encrypted with --keypass), PKCS #1 RSA or"
                + " SEC 1 EC PEM. Repeatable.")
    Path key;

    @Option(
        names = "--cert",
        paramLabel = "CERT",
        description =
            "The certificate of the preceding --key (optional: without it the key is matched by"
                + " its public half, then tried).")
    Path cert;
  }

  /** One {@code --keystore} and the {@code --storepass} that follows it. */
  static final class StoreArgs {
    @Option(
        names = "--keystore",
        paramLabel = "FILE",
        description = "A PKCS #12 (.p12, .pfx) or JKS key store; the type is detected. Repeatable.")
    Path file;

    @Option(
        names = "--storepass",
        paramLabel = "SPEC",
        converter = Converters.Password.class,
        description =
            "The password of the preceding --keystore; without any key option, the password of"
                + " the personal store (default: ENVELOPE_STORE_PASS, else a prompt).")
    PasswordSpec password;
  }

  @Option(
      names = "--store",
      paramLabel = "windows-my",
      description =
          "windows-my: the Windows user's MY certificate store, through the JDK's SunMSCAPI (as"
              + " CAPICOM searched it). Windows only.")
  String windowsStore;

  DecryptCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    Secrets.requirePair(kekId, kek != null);
    byte[] id = kekId == null ? null : Secrets.kekId(kekId);
    PasswordSpec personal = personalStorePassword();
    Path target = Io.checkOutput(out, in, force);
    KeySource source =
        keys.isEmpty()
                && stores.isEmpty()
                && tokens.isEmpty()
                && windowsStore == null
                && password == null
                && kek == null
            ? StoreAccess.personalKeys(personal, ctx)
            : keySource(id);
    try {
      return decryptWith(source, target);
    } finally {
      Secrets.zero(source); // the copies of passwords and KEKs the key sources hold
    }
  }

  private Integer decryptWith(KeySource source, Path target) throws Exception {
    String where = target == null ? "standard output" : target.toString();
    ContentCipher cipher;
    try (Io.Input input = Io.openInput(in, ctx.in())) {
      InputStream message = Io.message(Progress.wrap(input, root.quiet, ctx), input.name());
      if (target == null) {
        // nothing reaches standard output before the whole message verified
        cipher = Envelope.opener().decrypt(message, Io.stdout(ctx.out()), source).cipher();
      } else {
        try (DecryptingInputStream content = Envelope.opener().openDecrypting(message, source);
            AtomicOutput file = AtomicOutput.create(target, force)) {
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

  /**
   * A {@code --storepass} without {@code --keystore}: the personal store's password, which applies
   * only when no key option is given.
   */
  private PasswordSpec personalStorePassword() throws CliException {
    List<StoreArgs> bare = stores.stream().filter(s -> s.file == null).toList();
    if (bare.isEmpty()) {
      return null;
    }
    if (stores.size() > 1 || !keys.isEmpty() || !tokens.isEmpty()) {
      throw CliException.usage(
          "--storepass without --keystore is the personal store's password, which is searched"
              + " only when no --key, --keystore or --pkcs11 is given");
    }
    PasswordSpec p = bare.get(0).password;
    stores.clear();
    return p;
  }

  private KeySource keySource(byte[] id) throws CliException, GeneralSecurityException {
    List<KeySource> sources = new ArrayList<>();
    if (password != null) {
      char[] pw = Secrets.password(password, false, ctx);
      try {
        sources.add(KeySource.password(pw));
      } finally {
        Arrays.fill(pw, '\0');
      }
    }
    if (kek != null) {
      byte[] key = Secrets.kek(kek, ctx);
      try {
        sources.add(KeySource.kek(id, key));
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    for (KeyArgs k : keys) {
      sources.add(KeyFiles.keyPair(k.key, k.cert, keypass, ctx));
    }
    for (StoreArgs s : stores) {
      sources.add(KeyFiles.keyStore(s.file, s.password, ctx));
    }
    for (TokenArgs t : tokens) {
      sources.add(KeyFiles.token(t.config, t.pin, ctx));
    }
    if (windowsStore != null) {
      sources.add(windowsMy());
    }
    return KeyFiles.all(sources);
  }

  /**
   * The Windows MY store through SunMSCAPI, whose keys stay in CAPI/CNG: Envelope asks them only
   * for what SunMSCAPI offers. Not testable on the Linux machines this project is built on.
   */
  private KeySource windowsMy() throws CliException {
    if (!windowsStore.equalsIgnoreCase("windows-my")) {
      throw CliException.usage("--store takes windows-my (the personal store needs no option)");
    }
    try {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("Windows-MY");
      ks.load(null, null);
      return KeySource.of(ks, null);
    } catch (java.security.KeyStoreException e) {
      throw CliException.input(
          "the Windows-MY store exists only on Windows (the JDK's SunMSCAPI provider)", e);
    } catch (GeneralSecurityException | IOException e) {
      throw CliException.input("cannot open the Windows-MY store: " + e.getMessage(), e);
    }
  }
}
