package dev.envelope.cli;

import dev.envelope.error.KeySourceException;
import dev.envelope.store.CertificateFiles;
import dev.envelope.store.CertificateStore;
import dev.envelope.store.KeyStoreFiles;
import dev.envelope.store.StoreLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code envelope store import}: a PKCS #12 file or a certificate into a store. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Imports FILE: a PKCS #12/PFX file (keys with their certificates, as made by openssl pkcs12"
          + " -export or exported from Windows) goes to the personal store, a bare certificate"
          + " (PEM or DER) to the address book, unless --store says otherwise. A certificate"
          + " already there is not added twice.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  envelope store import alice.p12 --password env:P12_PASS",
      "  envelope store import bob.pem                 (into the address book)",
      "  envelope store import ca.pem --store my"
    })
final class StoreImportCommand implements Callable<Integer> {
  private final Context ctx;

  @Parameters(index = "0", paramLabel = "FILE", description = "A PKCS #12 file or a certificate.")
  Path file;

  @Option(
      names = "--password",
      paramLabel = "SPEC",
      converter = Converters.Password.class,
      description = "The password of the PKCS #12 FILE (not of the store); default: a prompt.")
  PasswordSpec password;

  @Mixin StoreOptions options;

  StoreImportCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    byte[] data = read(file);
    try {
      List<X509Certificate> certs = certificates(data);
      if (certs != null) {
        StoreAccess.Target target = options.targets(ctx, "addressbook").get(0);
        try (StoreAccess.Opened opened =
            StoreAccess.open(List.of(target), false, options.storepass, ctx)) {
          CertificateStore store = opened.stores().get(0);
          for (X509Certificate c : certs) {
            report(store.add(c), target);
          }
        }
        return Exit.OK;
      }
      KeyStoreFiles.detectType(data, file.toString()); // neither: exit 2, before any prompt
      StoreAccess.Target target = options.targets(ctx, "my").get(0);
      char[] filePassword = filePassword();
      try (StoreAccess.Opened opened =
          StoreAccess.open(List.of(target), false, options.storepass, ctx)) {
        for (CertificateStore.Added a :
            opened.stores().get(0).importPkcs12(data, file.toString(), filePassword)) {
          report(a, target);
        }
      } finally {
        Arrays.fill(filePassword, '\0');
      }
      return Exit.OK;
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /**
   * The certificates of a certificate file, or null when the data is not one (a key store).
   *
   * @throws KeySourceException for PEM text without a certificate (a key file, say)
   */
  private List<X509Certificate> certificates(byte[] data) throws KeySourceException {
    try {
      return CertificateFiles.parse(data, file.toString());
    } catch (KeySourceException e) {
      if (new String(data, 0, Math.min(data.length, 4096), StandardCharsets.ISO_8859_1)
          .contains("-----BEGIN ")) {
        throw e;
      }
      return null;
    }
  }

  private char[] filePassword() throws CliException {
    char[] p =
        PasswordSpec.resolveOrPrompt(
            password, "the password of " + file, ctx.terminal(), ctx.env());
    if (p == null) {
      throw CliException.input(
          file + " is a PKCS #12 file: give its password with --password " + PasswordSpec.FORMS,
          null);
    }
    return p;
  }

  private void report(CertificateStore.Added a, StoreAccess.Target target) {
    ctx.out()
        .println(
            (a.alreadyPresent() ? "already in " : "imported into ")
                + target.describe()
                + ": "
                + Summaries.oneLine(a.entry()));
  }

  private static byte[] read(Path file) throws CliException {
    if (Files.isDirectory(file)) {
      throw CliException.input("cannot read " + file + ": it is a directory", null);
    }
    long max = StoreLimits.DEFAULT.maxFileBytes();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (data.length > max) {
        throw CliException.input(file + " is larger than " + max + " bytes", null);
      }
      return data;
    } catch (NoSuchFileException e) {
      throw CliException.input("no such file: " + file, e);
    } catch (IOException e) {
      throw CliException.input("cannot read " + file + ": " + Io.reason(e), e);
    }
  }
}
