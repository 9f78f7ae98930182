package dev.envelope.cli;

import dev.envelope.store.PrivateKeyFiles;
import dev.envelope.x509.CertificateBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code envelope demo}: the whole job on a fresh machine with nothing configured. Makes two RSA
 * identities in a new temporary folder, then runs the very commands it prints (encrypt, inspect,
 * decrypt as each), so what the user copies is what just worked.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Creates two people (Alice and Bob: RSA keys and self-signed certificates) in a new"
          + " temporary folder, encrypts a message for both and opens it as each, printing every"
          + " command so that you can repeat it by hand.",
      ""
    },
    footer = {"", "Example:", "  envelope demo"})
final class DemoCommand implements Callable<Integer> {
  private static final String MESSAGE =
      "Hello Alice and Bob. This message was encrypted once, for both of you.\n";

  private final Context ctx;

  @Option(
      names = "--dir",
      hidden = true,
      paramLabel = "PARENT",
      description = "Where to create the demo folder (default: the system temporary folder).")
  Path parent;

  DemoCommand(Context ctx) {
    this.ctx = ctx;
  }

  /** One demo person: the files that hold the identity. */
  private record Person(String name, Path cert, Path key) {}

  @Override
  public Integer call() throws CliException, GeneralSecurityException {
    PrintStream out = ctx.out();
    Path dir = createFolder();
    out.println("Envelope demo, working in " + dir);
    out.println();

    out.println("1. Two people, each with an RSA key pair and a self-signed certificate:");
    Person alice = person(dir, "alice", "Alice");
    Person bob = person(dir, "bob", "Bob");
    out.println("     alice.pem, alice.key (certificate and private key of Alice)");
    out.println("     bob.pem, bob.key     (certificate and private key of Bob)");
    out.println("   (with openssl: openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=Alice");
    out.println("    -keyout alice.key -out alice.pem -days 30)");
    out.println();

    Path plain = dir.resolve("message.txt");
    Io.writeFile(plain, MESSAGE.getBytes(StandardCharsets.UTF_8), false);
    out.println("2. A message to send: message.txt");
    out.println("     " + MESSAGE.strip());
    out.println();

    int code;
    out.println("3. Encrypt it once for both (AES-256-GCM, RSA-OAEP):");
    code =
        step(
            dir,
            "encrypt",
            "message.txt",
            "-o",
            "message.p7m",
            "--to",
            alice.cert().getFileName().toString(),
            "--to",
            bob.cert().getFileName().toString());
    if (code != Exit.OK) {
      return code;
    }
    out.println();

    out.println("4. Look inside, without any key:");
    code = step(dir, "inspect", "message.p7m");
    if (code != Exit.OK) {
      return code;
    }
    out.println();

    out.println("5. Alice opens it with her key and certificate:");
    code = open(dir, alice, "alice.txt", true);
    if (code != Exit.OK) {
      return code;
    }
    out.println("6. Bob opens it with his key alone (matched through its public half):");
    code = open(dir, bob, "bob.txt", false);
    if (code != Exit.OK) {
      return code;
    }

    out.println("7. The same message opens with OpenSSL too:");
    out.println(
        "     $ openssl cms -decrypt -in message.p7m -inform DER -recip alice.pem -inkey"
            + " alice.key");
    out.println();
    out.println("The files are in " + dir);
    out.println("Repeat any step by hand there: cd " + dir);
    out.println("Remove them when done:         rm -r " + dir);
    return Exit.OK;
  }

  private int open(Path dir, Person p, String outName, boolean withCert) throws CliException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "decrypt",
                "message.p7m",
                "-o",
                outName,
                "--key",
                p.key().getFileName().toString()));
    if (withCert) {
      args.addAll(List.of("--cert", p.cert().getFileName().toString()));
    }
    int code = step(dir, args.toArray(String[]::new));
    if (code != Exit.OK) {
      return code;
    }
    String content;
    try {
      content = Files.readString(dir.resolve(outName), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.input("cannot read " + outName + ": " + Io.reason(e), e);
    }
    ctx.out().println("   Opened as " + p.name() + " (" + outName + "): " + content.strip());
    ctx.out().println();
    return Exit.OK;
  }

  /**
   * Prints a command as the user would type it in the demo folder, then runs it there (file
   * arguments made absolute, since the process cannot change its directory).
   */
  private int step(Path dir, String... args) {
    ctx.out().println("     $ envelope " + String.join(" ", args));
    String[] absolute = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      boolean fileArg =
          args[i].endsWith(".txt")
              || args[i].endsWith(".p7m")
              || args[i].endsWith(".pem")
              || args[i].endsWith(".key");
      absolute[i] = fileArg ? dir.resolve(args[i]).toString() : args[i];
    }
    return Main.run(absolute, ctx.in(), ctx.out(), ctx.err(), ctx.terminal());
  }

  private Path createFolder() throws CliException {
    try {
      return parent == null
          ? Files.createTempDirectory("envelope-demo-")
          : Files.createTempDirectory(parent, "envelope-demo-");
    } catch (IOException e) {
      throw CliException.output("cannot create the demo folder: " + Io.reason(e), e);
    }
  }

  private static Person person(Path dir, String file, String name)
      throws CliException, GeneralSecurityException {
    KeyPair pair = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate cert =
        CertificateBuilder.forSubject("CN=" + name + " (Envelope demo)")
            .email(file + "@example.com")
            .validDays(30)
            .selfSigned(pair);
    Path certFile = dir.resolve(file + ".pem");
    Path keyFile = dir.resolve(file + ".key");
    Io.writeFile(
        certFile, CertificateBuilder.toPem(cert).getBytes(StandardCharsets.US_ASCII), false);
    byte[] pem = PrivateKeyFiles.toPem(pair.getPrivate());
    try {
      Io.writeFile(keyFile, pem, false);
    } finally {
      Arrays.fill(pem, (byte) 0);
    }
    return new Person(name, certFile, keyFile);
  }
}
