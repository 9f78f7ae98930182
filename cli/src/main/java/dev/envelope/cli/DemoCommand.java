package dev.envelope.cli;

import dev.envelope.store.EnvelopeHome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code envelope demo}: the whole job on a fresh machine with nothing configured. Alice and Bob
 * each get their own throw-away {@code $ENVELOPE_HOME} (as two people have two machines) in a new
 * temporary folder; the demo then runs the very commands it prints (cert create, store export and
 * import, encrypt --to by e-mail, inspect, decrypt with no key option), so what the user copies is
 * what just worked. It never reads or writes the user's own {@code ~/.envelope}: every step runs
 * with {@code ENVELOPE_HOME} and {@code ENVELOPE_STORE_PASS} set to the demo's.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Creates two people, Alice and Bob, each with a personal store in a throw-away home"
          + " folder (never your own ~/.envelope), encrypts a message for both by e-mail address"
          + " and opens it as each with no key option, printing every command so that you can"
          + " repeat it by hand.",
      ""
    },
    footer = {"", "Example:", "  envelope demo"})
final class DemoCommand implements Callable<Integer> {
  private static final String MESSAGE =
      "Hello Alice and Bob. This message was encrypted once, for both of you.\n";
  private static final String PASSWORD = "demo-password";

  private final Context ctx;

  @Option(
      names = "--train",
      hidden = true,
      description = "Also run the launcher's training steps (key files, CBC, PEM).")
  boolean train;

  @Option(
      names = "--dir",
      hidden = true,
      paramLabel = "PARENT",
      description = "Where to create the demo folder (default: the system temporary folder).")
  Path parent;

  private Path dir;

  DemoCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws CliException {
    PrintStream out = ctx.out();
    dir = createFolder();
    out.println("Envelope demo, working in " + dir);
    out.println();
    out.println("Alice and Bob each have their own home folder for their stores, alice-home and");
    out.println("bob-home, as two people have two machines; your own ~/.envelope is not touched.");
    out.println("Every command below runs in the demo folder with the store password set:");
    out.println("     $ cd " + dir);
    out.println("     $ export ENVELOPE_STORE_PASS=" + PASSWORD);
    out.println();

    out.println("1. Alice and Bob each create a key and a certificate in their personal store:");
    int code = step("alice", "cert", "create", "--subject", "CN=Alice", "--email", ALICE);
    code = code != 0 ? code : step("bob", "cert", "create", "--subject", "CN=Bob", "--email", BOB);
    if (code != Exit.OK) {
      return code;
    }
    out.println();

    out.println("2. Bob sends Alice his certificate; she puts it in her address book:");
    code = step("bob", "store", "export", BOB, "-o", "bob.pem");
    code = code != 0 ? code : step("alice", "store", "import", "bob.pem");
    if (code != Exit.OK) {
      return code;
    }
    out.println();

    Path plain = dir.resolve("message.txt");
    Io.writeFile(plain, MESSAGE.getBytes(StandardCharsets.UTF_8), false);
    out.println("3. A message to send: message.txt");
    out.println("     " + MESSAGE.strip());
    out.println();

    out.println("4. Alice encrypts it once for both, by e-mail address (AES-256-GCM, RSA-OAEP):");
    code = step("alice", "encrypt", "message.txt", "-o", "message.p7m", "--to", ALICE, "--to", BOB);
    if (code != Exit.OK) {
      return code;
    }
    out.println();

    out.println("5. Look inside, without any key:");
    code = step(null, "inspect", "message.p7m");
    if (code != Exit.OK) {
      return code;
    }
    out.println();

    out.println("6. Each opens it with no key option: decrypt searches the personal store.");
    code = open("alice", "Alice", "alice.txt");
    code = code != 0 ? code : open("bob", "Bob", "bob.txt");
    if (code != Exit.OK) {
      return code;
    }

    out.println("7. What is in a store:");
    code = step("bob", "store", "list");
    if (code != Exit.OK) {
      return code;
    }
    if (train) {
      code = trainingSteps();
      if (code != Exit.OK) {
        return code;
      }
    }
    out.println();
    out.println("The files are in " + dir + ":");
    out.println("  alice-home/my.p12           Alice's key and certificate");
    out.println("  alice-home/addressbook.p12  Bob's certificate");
    out.println("  bob-home/my.p12             Bob's key and certificate");
    out.println("  bob.pem, message.txt, message.p7m, alice.txt, bob.txt");
    out.println("Remove them when done: rm -r " + dir);
    return Exit.OK;
  }

  /**
   * What the launcher's ahead-of-time training run does besides the demo: the paths people use most
   * that the demo does not (key files, certificate files, CBC, PEM), so that their classes are in
   * the cache too.
   */
  private int trainingSteps() {
    // what `envelope decrypt` starts first (Main.main), so that its classes are in the cache too
    dev.envelope.Envelope.prepareInBackground();
    int code =
        step(
            null, "cert", "create", "--subject", "CN=Carol", "--key", "rsa2048", "-o", "carol.pem");
    code =
        code != 0
            ? code
            : step(null, "encrypt", "message.txt", "-o", "carol.p7m", "--to", "carol.pem");
    code =
        code != 0
            ? code
            : step(null, "decrypt", "carol.p7m", "-o", "carol-gcm.txt", "--key", "carol.pem");
    code =
        code != 0
            ? code
            : step(
                null,
                "encrypt",
                "message.txt",
                "-o",
                "carol-cbc.p7m",
                "--cipher",
                "aes-256-cbc",
                "--format",
                "pem",
                "--to",
                "carol.pem");
    code =
        code != 0
            ? code
            : step(null, "decrypt", "carol-cbc.p7m", "-o", "carol-cbc.txt", "--key", "carol.pem");
    return code != 0 ? code : step(null, "inspect", "carol-cbc.p7m");
  }

  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";

  private int open(String home, String name, String outName) throws CliException {
    int code = step(home, "decrypt", "message.p7m", "-o", outName);
    if (code != Exit.OK) {
      return code;
    }
    String content;
    try {
      content = Files.readString(dir.resolve(outName), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.input("cannot read " + outName + ": " + Io.reason(e), e);
    }
    ctx.out().println("   Opened as " + name + " (" + outName + "): " + content.strip());
    ctx.out().println();
    return Exit.OK;
  }

  /**
   * Prints a command as the user would type it in the demo folder, then runs it there (file
   * arguments made absolute, since the process cannot change its directory) with the person's home
   * and the demo password as its environment.
   */
  private int step(String person, String... args) {
    String prefix = person == null ? "" : "ENVELOPE_HOME=" + person + "-home ";
    ctx.out().println("     $ " + prefix + "envelope " + String.join(" ", args));
    String[] absolute = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      boolean fileArg =
          args[i].endsWith(".txt") || args[i].endsWith(".p7m") || args[i].endsWith(".pem");
      absolute[i] = fileArg ? dir.resolve(args[i]).toString() : args[i];
    }
    Map<String, String> env = new HashMap<>(ctx.env());
    env.put(
        EnvelopeHome.ENVIRONMENT_VARIABLE,
        dir.resolve((person == null ? "alice" : person) + "-home").toString());
    env.put(StoreAccess.PASSWORD_VARIABLE, PASSWORD);
    return Main.run(absolute, ctx.withEnv(env));
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
}
