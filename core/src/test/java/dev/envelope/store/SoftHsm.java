package dev.envelope.store;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SoftHSM token for tests, shared by core and cli (through core's test-jar): a private token
 * directory with its own {@code softhsm2.conf}, so nothing is written to the system's and no root
 * is needed. SoftHSM finds its tokens through {@code SOFTHSM2_CONF} in the environment of the
 * process that loads it, so whatever uses a token must run with {@link #env()}.
 */
public final class SoftHsm {
  /** The user PIN of every token made here. */
  public static final String PIN = "1234";

  private static final List<String> MODULES =
      List.of(
          "/usr/lib/softhsm/libsofthsm2.so",
          "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/lib64/softhsm/libsofthsm2.so",
          "/usr/lib64/pkcs11/libsofthsm2.so",
          "/usr/local/lib/softhsm/libsofthsm2.so",
          "/opt/homebrew/lib/softhsm/libsofthsm2.so");

  private final Path dir;
  private final Path module;
  private final Path conf;

  private SoftHsm(Path dir, Path module, Path conf) {
    this.dir = dir;
    this.module = module;
    this.conf = conf;
  }

  /** The SoftHSM PKCS #11 module, when one is installed. */
  public static Optional<Path> module() {
    return MODULES.stream().map(Path::of).filter(Files::isRegularFile).findFirst();
  }

  /** A program on the PATH (or in the usual places). */
  public static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    List<String> dirs =
        new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"));
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** A token directory under {@code dir}; {@code dir} is also where commands run. */
  public static SoftHsm create(Path dir) throws Exception {
    Path module =
        module().orElseThrow(() -> new AssertionError("softhsm2-util without libsofthsm2.so"));
    Path tokens = Files.createDirectories(dir.resolve("tokens"));
    Path conf = dir.resolve("softhsm2.conf");
    Files.writeString(
        conf,
        "directories.tokendir = "
            + tokens
            + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
    return new SoftHsm(dir, module, conf);
  }

  /** The environment a process using these tokens needs. */
  public Map<String, String> env() {
    return Map.of("SOFTHSM2_CONF", conf.toString());
  }

  public Path moduleFile() {
    return module;
  }

  /** Makes a token; returns its slot number. */
  public long initToken(String label) throws Exception {
    String out =
        run(
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            label,
            "--pin",
            PIN,
            "--so-pin",
            "5678");
    Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
    if (!m.find()) {
      throw new AssertionError("no slot in softhsm2-util output: " + out);
    }
    return Long.parseLong(m.group(1));
  }

  /**
   * Puts an RSA key (PEM file, deleted afterwards with its DER copy) and its certificate (PEM) on
   * the token, the key sensitive and not extractable, both with id 01.
   */
  public void importKey(String token, String keyPem, String certPem) throws Exception {
    run(
        "openssl",
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        keyPem,
        "-outform",
        "DER",
        "-out",
        "key.der");
    run("openssl", "x509", "-in", certPem, "-outform", "DER", "-out", "cert.der");
    // no --extractable: the key never leaves the token
    pkcs11Tool(
        token,
        "--write-object",
        "key.der",
        "--type",
        "privkey",
        "--id",
        "01",
        "--label",
        "k",
        "--sensitive",
        "--usage-decrypt");
    pkcs11Tool(token, "--write-object", "cert.der", "--type", "cert", "--id", "01", "--label", "k");
    Files.delete(dir.resolve(keyPem));
    Files.delete(dir.resolve("key.der"));
  }

  /** {@code pkcs11-tool} logged in to the token with this label. */
  public String pkcs11Tool(String token, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "pkcs11-tool",
                "--module",
                module.toString(),
                "--token-label",
                token,
                "--login",
                "--pin",
                PIN));
    command.addAll(List.of(args));
    return execute(command, 60);
  }

  /** A SunPKCS11 configuration file for a slot. */
  public Path sunPkcs11Config(String name, long slot) throws Exception {
    Path config = dir.resolve(name + ".cfg");
    Files.writeString(
        config,
        "name = " + name + "\nlibrary = " + module + "\nslot = " + slot + "\n",
        StandardCharsets.UTF_8);
    return config;
  }

  /** Runs a command in the directory with the token environment; its output. */
  public String run(String... command) throws Exception {
    return execute(List.of(command), 60);
  }

  /** Runs a command; its output, or an AssertionError with it. */
  public String execute(List<String> command, int seconds) throws Exception {
    Path log = Files.createTempFile(dir, "process", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env());
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command.get(0) + " timed out");
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + text);
    }
    return text;
  }
}
