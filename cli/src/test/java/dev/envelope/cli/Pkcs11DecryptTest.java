package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envelope.store.SoftHsm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decrypt --pkcs11 CONFIG --pin SPEC} with a SoftHSM token whose key is not extractable.
 * SoftHSM finds its tokens through {@code SOFTHSM2_CONF} in the environment of the process that
 * loads it, so the tool runs as a child JVM. Skipped when softhsm2-util is not installed.
 */
class Pkcs11DecryptTest {
  private static final String PIN = SoftHsm.PIN;
  private static final byte[] CONTENT = "opened on the token\n".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  static SoftHsm hsm;
  static Path config;

  @BeforeAll
  static void token() throws Exception {
    boolean tools =
        SoftHsm.onPath("softhsm2-util").isPresent() && SoftHsm.onPath("pkcs11-tool").isPresent();
    if (!tools || SoftHsm.module().isEmpty()) {
      System.out.println("Pkcs11DecryptTest skipped: softhsm2 or opensc is not installed");
    }
    assumeTrue(tools && SoftHsm.module().isPresent(), "softhsm2 or opensc is not installed");
    OpenSsl.assumeAvailable();
    hsm = SoftHsm.create(dir);
    long slot = hsm.initToken("t");
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
    hsm.importKey("t", "key.pem", "cert.pem");
    config = hsm.sunPkcs11Config("EnvelopeCliTest", slot);
  }

  private static Cli.Result decrypt(String... args) throws Exception {
    ProcessBuilder pb = Cli.childJvm(dir, Main.class.getName(), args);
    pb.environment().putAll(hsm.env());
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
