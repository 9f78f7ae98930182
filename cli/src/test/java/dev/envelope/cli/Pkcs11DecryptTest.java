package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decrypt --pkcs11 CONFIG --pin SPEC} with a SoftHSM token whose key is not extractable.
 * SoftHSM finds its tokens through {@code SOFTHSM2_CONF} in the environment of the process that
 * loads it, so the tool runs as a child JVM. Skipped when softhsm2-util is not installed.
 */
class Pkcs11DecryptTest {
  private static final String PIN = "1234";
  private static final byte[] CONTENT = "opened on the token\n".getBytes(StandardCharsets.UTF_8);
  private static final List<String> MODULES =
      List.of(
          "/usr/lib/softhsm/libsofthsm2.so",
          "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/lib64/softhsm/libsofthsm2.so",
          "/usr/lib64/pkcs11/libsofthsm2.so");

  @TempDir static Path dir;
  static Path softhsmConf;
  static Path config;

  @BeforeAll
  static void token() throws Exception {
    boolean tools =
        Files.isExecutable(Path.of("/usr/bin/softhsm2-util"))
            && Files.isExecutable(Path.of("/usr/bin/pkcs11-tool"));
    Optional<Path> module = MODULES.stream().map(Path::of).filter(Files::isRegularFile).findFirst();
    if (!tools || module.isEmpty()) {
      System.out.println("Pkcs11DecryptTest skipped: softhsm2 or opensc is not installed");
    }
    assumeTrue(tools && module.isPresent(), "softhsm2 or opensc is not installed");
    OpenSsl.assumeAvailable();
    Path tokens = Files.createDirectories(dir.resolve("tokens"));
    softhsmConf = dir.resolve("softhsm2.conf");
    Files.writeString(
        softhsmConf,
        "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    String init =
        tool(
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "t",
            "--pin",
            PIN,
            "--so-pin",
            "5678");
    Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(init);
    assertThat(m.find()).as(init).isTrue();
    OpenSsl.ok(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-subj",
        "/CN=token key",
        "-days",
        "2");
    OpenSsl.ok(
        dir, "pkcs8", "-topk8", "-nocrypt", "-in", "key.pem", "-outform", "DER", "-out", "key.der");
    OpenSsl.ok(dir, "x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der");
    String p11 = module.get().toString();
    tool(
        "pkcs11-tool",
        "--module",
        p11,
        "--token-label",
        "t",
        "--login",
        "--pin",
        PIN,
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
    tool(
        "pkcs11-tool",
        "--module",
        p11,
        "--token-label",
        "t",
        "--login",
        "--pin",
        PIN,
        "--write-object",
        "cert.der",
        "--type",
        "cert",
        "--id",
        "01",
        "--label",
        "k");
    Files.delete(dir.resolve("key.pem"));
    Files.delete(dir.resolve("key.der"));
    config = dir.resolve("token.cfg");
    Files.writeString(
        config, "name = EnvelopeCliTest\nlibrary = " + p11 + "\nslot = " + m.group(1) + "\n");
  }

  private static String tool(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("SOFTHSM2_CONF", softhsmConf.toString());
    Cli.Result r = Cli.runProcess(pb, new byte[0], 60);
    assertThat(r.code()).as(r.stderr() + r.out()).isZero();
    return r.out() + r.stderr();
  }

  private static Cli.Result decrypt(String... args) throws Exception {
    ProcessBuilder pb = Cli.childJvm(dir, Main.class.getName(), args);
    pb.environment().put("SOFTHSM2_CONF", softhsmConf.toString());
    pb.environment().put("ENVELOPE_HOME", dir.resolve("no-home").toString());
    return Cli.runProcess(pb, new byte[0], 120);
  }

  @Test
  void opensWithTheTokenKeyAndFailsCleanly() throws Exception {
    Path plain = Files.write(dir.resolve("plain.txt"), CONTENT);
    Path msg = dir.resolve("m.p7m");
    Cli.run(
            "encrypt",
            plain.toString(),
            "-o",
            msg.toString(),
            "--to",
            dir.resolve("cert.pem").toString())
        .assertOk();
    Path out = dir.resolve("out.txt");
    decrypt(
            "decrypt",
            msg.toString(),
            "-o",
            out.toString(),
            "--pkcs11",
            config.toString(),
            "--pin",
            "pass:" + PIN)
        .assertOk();
    assertThat(out).hasBinaryContent(CONTENT);

    Path wrongOut = dir.resolve("wrong.txt");
    decrypt(
            "decrypt",
            msg.toString(),
            "-o",
            wrongOut.toString(),
            "--pkcs11",
            config.toString(),
            "--pin",
            "pass:9999")
        .assertFails(Exit.INPUT);
    assertThat(wrongOut).doesNotExist();

    Identity other = Identity.create(dir, "other");
    Path forOther = dir.resolve("other.p7m");
    Cli.run("encrypt", plain.toString(), "-o", forOther.toString(), "--to", other.certArg())
        .assertOk();
    decrypt(
            "decrypt",
            forOther.toString(),
            "-o",
            wrongOut.toString(),
            "--pkcs11",
            config.toString(),
            "--pin",
            "pass:" + PIN)
        .assertFails(Exit.DECRYPTION);
    assertThat(wrongOut).doesNotExist();
  }

  @Test
  void usageAndMissingConfig() {
    Cli.run("decrypt", "--pin", "pass:1").assertFails(Exit.USAGE);
    Cli.run("decrypt", "--pkcs11", dir.resolve("missing.cfg").toString(), "--pin", "pass:1")
        .assertFails(Exit.INPUT);
    Cli.run("decrypt", "--pkcs11", config.toString())
        .assertFails(Exit.INPUT); // no PIN, no terminal
  }
}
