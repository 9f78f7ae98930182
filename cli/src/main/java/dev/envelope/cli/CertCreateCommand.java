package dev.envelope.cli;

import dev.envelope.store.CertificateQuery;
import dev.envelope.store.CertificateStore;
import dev.envelope.store.PrivateKeyFiles;
import dev.envelope.store.StoreEntry;
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
          + " digitalSignature and keyAgreement, X25519 and X448 ones keyAgreement, ML-KEM ones"
          + " keyEncipherment (RFC 9935), a --ca one keyCertSign and cRLSign.",
      "X25519, X448 and ML-KEM keys cannot sign, so their certificate is never self-signed: it is"
          + " signed by --issuer, or else by the local CA of the personal store (\"CN=Envelope"
          + " local CA (USER@HOST)\", an EC P-256 CA made on first use and reused afterwards).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  envelope cert create --subject \"CN=Alice, O=Example\" --email alice@example.com",
      "  envelope cert create --subject \"CN=Example CA\" --ca --key ec-p384 --days 3650",
      "  envelope cert create --subject CN=Bob --email bob@example.com --issuer \"Example CA\"",
      "  envelope cert create --subject CN=Carol --key ec-p256 -o carol.p12",
      "  envelope cert create --subject CN=Dan --email dan@example.com --key ml-kem-768"
    })
final class CertCreateCommand implements Callable<Integer> {
  /** Key types that cannot sign: their certificates need a CA (--issuer or the local CA). */
  private static final List<String> CANNOT_SIGN =
      List.of("x25519", "x448", "ml-kem-512", "ml-kem-768", "ml-kem-1024");

  /** The subject of the local CA starts so; it is found again by that and by being a CA. */
  static final String LOCAL_CA_PREFIX = "Envelope local CA";

  private static final int LOCAL_CA_DAYS = 3650;

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
      completionCandidates = Completions.KeyTypes.class,
      paramLabel = "TYPE",
      description =
          "rsa2048, rsa3072 (default), rsa4096, ec-p256, ec-p384, ec-p521, x25519, x448,"
              + " ml-kem-512, ml-kem-768 or ml-kem-1024 (ML-KEM needs Java 24 or later).")
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
    if (!CertificateBuilder.KEY_SPECS.contains(spec)) {
      throw CliException.usage(
          "unknown --key '" + key + "': use " + String.join(", ", CertificateBuilder.KEY_SPECS));
    }
    boolean cannotSign = CANNOT_SIGN.contains(spec);
    if (ca && cannotSign) {
      throw CliException.usage("--ca needs a key that can sign: rsa* or ec-*, not " + spec);
    }
    CertificateBuilder builder = builder();
    Path file = outputFile();
    KeyPair pair = CertificateBuilder.generateKeyPair(spec);
    Path home = StoreAccess.home(ctx);
    StoreAccess.Target my = StoreAccess.my(home);
    boolean localCa = cannotSign && issuer == null;
    List<StoreAccess.Target> needed =
        file == null || issuer != null || localCa ? List.of(my) : List.of();
    try (StoreAccess.Opened opened = StoreAccess.open(needed, false, storepass, ctx)) {
      List<X509Certificate> chain = new ArrayList<>();
      if (localCa) {
        StoreEntry caEntry = localCa(opened.stores().get(0), my);
        PrivateKey caKey = opened.stores().get(0).privateKey(caEntry);
        chain.add(builder.issuedBy(pair.getPublic(), caEntry.certificate(), caKey));
        chain.addAll(caEntry.chain());
      } else if (issuer == null) {
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

  /**
   * The personal store's local CA: the first CA certificate with its key whose subject starts with
   * {@link #LOCAL_CA_PREFIX}, else a new one (EC P-256, ten years, keyCertSign and cRLSign) added
   * to the store and announced on standard output.
   */
  private StoreEntry localCa(CertificateStore store, StoreAccess.Target my) throws Exception {
    for (StoreEntry e : store.entries()) {
      X509Certificate c = e.certificate();
      if (e.hasPrivateKey()
          && c.getBasicConstraints() >= 0
          && commonName(c).startsWith(LOCAL_CA_PREFIX)) {
        return e;
      }
    }
    KeyPair caPair = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate caCert =
        CertificateBuilder.forSubject("CN=" + LOCAL_CA_PREFIX + " (" + userAtHost() + ")")
            .validDays(LOCAL_CA_DAYS)
            .certificateAuthority(true)
            .selfSigned(caPair);
    CertificateStore.Added added = store.add(caCert, caPair.getPrivate(), List.of(caCert));
    ctx.out()
        .println(
            "created the local CA in " + my.describe() + ": " + Summaries.oneLine(added.entry()));
    return added.entry();
  }

  private static String commonName(X509Certificate c) {
    String dn = c.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
    return dn.startsWith("CN=") ? dn.substring(3) : "";
  }

  /** USER@HOST for the local CA's name; a DN-safe rendering, never failing. */
  private static String userAtHost() {
    String user = System.getProperty("user.name", "user");
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | RuntimeException e) {
      host = "localhost";
    }
    String text = user + "@" + host;
    // keep the DN parseable: drop the characters RFC 2253 would need escaped
    return text.replaceAll("[,+\"\\<>;=#]", "_");
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
