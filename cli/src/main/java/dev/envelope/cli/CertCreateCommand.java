package dev.envelope.cli;

import dev.envelope.store.CertificateQuery;
import dev.envelope.store.CertificateStore;
import dev.envelope.store.PrivateKeyFiles;
import dev.envelope.x509.CertificateBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code envelope cert create}: a key pair and its certificate, self-signed or issued by a CA of
 * the personal store, kept in the personal store or written to a file.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Creates a key pair and a certificate for it: self-signed, or signed by a CA certificate of"
          + " the personal store (--issuer). By default both go into the personal store; with -o"
          + " FILE they are written instead: FILE ending in .p12 or .pfx is a PKCS #12 file"
          + " protected with the store password (--storepass, ENVELOPE_STORE_PASS or a prompt);"
          + " FILE ending in .pem holds the certificate, its issuers, and the private key as"
          + " unencrypted PKCS #8 (readable by you only).",
      "RSA certificates get keyUsage digitalSignature and keyEncipherment, EC ones"
          + " digitalSignature and keyAgreement, a --ca one keyCertSign and cRLSign.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  envelope cert create --subject \"CN=Alice, O=Example\" --email alice@example.com",
      "  envelope cert create --subject \"CN=Example CA\" --ca --key ec-p384 --days 3650",
      "  envelope cert create --subject CN=Bob --email bob@example.com --issuer \"Example CA\"",
      "  envelope cert create --subject CN=Carol --key ec-p256 -o carol.p12"
    })
final class CertCreateCommand implements Callable<Integer> {
  private static final List<String> LATER = List.of("x25519", "x448", "ml-kem-512", "ml-kem-768");

  private final Context ctx;

  @Option(
      names = "--subject",
      required = true,
      paramLabel = "DN",
      description = "The subject name, for example \"CN=Alice, O=Example\".")
  String subject;

  @Option(
      names = "--email",
      paramLabel = "ADDR",
      description = "An e-mail address (subjectAltName), by which encrypt --to finds it.")
  String email;

  @Option(
      names = "--key",
      paramLabel = "TYPE",
      description =
          "rsa2048, rsa3072 (default), rsa4096, ec-p256, ec-p384 or ec-p521. (x25519, x448 and"
              + " ml-kem come with a later version.)")
  String key = "rsa3072";

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "How many days it stays valid (default: 365).")
  int days = 365;

  @Option(names = "--ca", description = "A CA certificate, to sign others with --issuer.")
  boolean ca;

  @Option(
      names = "--issuer",
      paramLabel = "QUERY",
      description = "A CA certificate of the personal store, with its key, to sign with.")
  String issuer;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Write FILE (.p12, .pfx or .pem) instead of adding to the personal store.")
  String out;

  @Option(names = "--force", description = "Replace FILE when it exists.")
  boolean force;

  @Option(
      names = "--storepass",
      paramLabel = "SPEC",
      converter = Converters.Password.class,
      description =
          "The store password (also of a .p12 FILE); default: ENVELOPE_STORE_PASS, else a"
              + " prompt.")
  PasswordSpec storepass;

  CertCreateCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    String spec = key.strip().toLowerCase(Locale.ROOT);
    if (LATER.contains(spec) || spec.startsWith("ml-kem")) {
      throw CliException.usage(
          "--key " + spec + " comes with a later version (X25519, X448 and ML-KEM keys)");
    }
    if (!CertificateBuilder.KEY_SPECS.contains(spec)) {
      throw CliException.usage(
          "unknown --key '"
              + key
              + "': use rsa2048, rsa3072, rsa4096, ec-p256, ec-p384 or ec-p521");
    }
    CertificateBuilder builder = builder();
    Path file = outputFile();
    KeyPair pair = CertificateBuilder.generateKeyPair(spec);
    Path home = StoreAccess.home(ctx);
    StoreAccess.Target my = StoreAccess.my(home);
    List<StoreAccess.Target> needed = file == null || issuer != null ? List.of(my) : List.of();
    try (StoreAccess.Opened opened = StoreAccess.open(needed, false, storepass, ctx)) {
      List<X509Certificate> chain = new ArrayList<>();
      if (issuer == null) {
        chain.add(builder.selfSigned(pair));
      } else {
        StoreOptions.Match ca = issuerEntry(opened);
        PrivateKey caKey = ca.store().privateKey(ca.entry());
        chain.add(builder.issuedBy(pair.getPublic(), ca.entry().certificate(), caKey));
        chain.addAll(ca.entry().chain());
      }
      if (file == null) {
        CertificateStore.Added added =
            opened.stores().get(0).add(chain.get(0), pair.getPrivate(), chain);
        ctx.out().println("created in " + my.describe() + ": " + Summaries.oneLine(added.entry()));
      } else {
        write(file, pair.getPrivate(), chain);
        ctx.out().println("created " + file + ": " + Summaries.describe(chain.get(0)));
      }
    }
    return Exit.OK;
  }

  private CertificateBuilder builder() throws CliException {
    try {
      CertificateBuilder b =
          CertificateBuilder.forSubject(subject).validDays(days).certificateAuthority(ca);
      return email == null ? b : b.email(email);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** The -o file, checked before any key is made; null for the personal store. */
  private Path outputFile() throws CliException {
    if (out == null) {
      return null;
    }
    String lower = out.toLowerCase(Locale.ROOT);
    if (!lower.endsWith(".p12") && !lower.endsWith(".pfx") && !lower.endsWith(".pem")) {
      throw CliException.usage("-o " + out + ": the file name must end in .p12, .pfx or .pem");
    }
    return Io.checkOutput(out, null, force);
  }

  private StoreOptions.Match issuerEntry(StoreAccess.Opened opened) throws Exception {
    CertificateQuery q = StoreOptions.query(issuer);
    List<StoreOptions.Match> matches =
        StoreOptions.find(opened, q).stream().filter(m -> m.entry().hasPrivateKey()).toList();
    StoreOptions.requireMatch(
        q, matches, false, "the personal store (certificates with a private key)");
    return matches.get(0);
  }

  private void write(Path file, PrivateKey privateKey, List<X509Certificate> chain)
      throws CliException, GeneralSecurityException {
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".pem")) {
      StringBuilder pem = new StringBuilder();
      chain.forEach(c -> pem.append(CertificateBuilder.toPem(c)));
      byte[] keyPem = PrivateKeyFiles.toPem(privateKey);
      byte[] certPem = pem.toString().getBytes(StandardCharsets.US_ASCII);
      byte[] all = Arrays.copyOf(certPem, certPem.length + keyPem.length);
      System.arraycopy(keyPem, 0, all, certPem.length, keyPem.length);
      try {
        Io.writeFile(file, all, force);
      } finally {
        Arrays.fill(keyPem, (byte) 0);
        Arrays.fill(all, (byte) 0);
      }
      return;
    }
    char[] password = StoreAccess.password(storepass, ctx, file.toString(), true);
    try {
      KeyStore p12 = KeyStore.getInstance("PKCS12");
      p12.load(null, null);
      p12.setKeyEntry("1", privateKey, password, chain.toArray(new Certificate[0]));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      p12.store(bytes, password);
      Io.writeFile(file, bytes.toByteArray(), force);
    } catch (IOException e) {
      throw CliException.output("cannot write " + file + ": " + Io.reason(e), e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
