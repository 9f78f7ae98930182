package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envelope.Envelope;
import dev.envelope.OaepHash;
import dev.envelope.Recipient;
import dev.envelope.RsaPadding;
import dev.envelope.error.KeySourceException;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SoftHSM token holding a non-extractable, sensitive RSA key opens messages sealed for it with
 * PKCS #1 v1.5 and with OAEP (SHA-256 and SHA-1, Envelope's and openssl's), although SunPKCS11 has
 * no OAEP: the token does raw RSA and Envelope decodes the padding.
 *
 * <p>The token lives in a {@link TempDir}: a private SoftHSM configuration names it, and SoftHSM
 * reads that configuration's path from {@code SOFTHSM2_CONF} in the environment of the process that
 * loads it. A running JVM cannot change its environment, so the part that uses the token runs in a
 * child JVM ({@link Pkcs11TokenMain}) started with {@code SOFTHSM2_CONF} set. Nothing is written to
 * the system token directory, so nothing is left behind, and it works without root.
 *
 * <p>Skipped, with the reason printed, when {@code softhsm2-util} is not installed ({@code .ci/run}
 * installs {@code softhsm2} and {@code opensc}).
 */
class Pkcs11TokenTest {
  private static final String PIN = "1234";
  private static final List<String> MODULES =
      List.of(
          "/usr/lib/softhsm/libsofthsm2.so",
          "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/lib64/softhsm/libsofthsm2.so",
          "/usr/lib64/pkcs11/libsofthsm2.so",
          "/usr/local/lib/softhsm/libsofthsm2.so",
          "/opt/homebrew/lib/softhsm/libsofthsm2.so");

  @TempDir Path dir;

  @Test
  void softHsmTokenWithNonExtractableKeyOpensPkcs1AndOaepMessages() throws Exception {
    Optional<Path> softhsm = onPath("softhsm2-util");
    if (softhsm.isEmpty()) {
      System.out.println("Pkcs11TokenTest skipped: softhsm2-util is not installed");
    }
    assumeTrue(softhsm.isPresent(), "softhsm2-util is not installed");
    assertThat(onPath("pkcs11-tool")).as("pkcs11-tool (apt package opensc)").isPresent();
    Path module =
        MODULES.stream()
            .map(Path::of)
            .filter(Files::isRegularFile)
            .findFirst()
            .orElseThrow(() -> new AssertionError("softhsm2-util without libsofthsm2.so"));

    Path tokens = Files.createDirectories(dir.resolve("tokens"));
    Path softhsmConf = dir.resolve("softhsm2.conf");
    Files.writeString(
        softhsmConf,
        "directories.tokendir = "
            + tokens
            + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
    Map<String, String> env = Map.of("SOFTHSM2_CONF", softhsmConf.toString());

    long slot = initToken(env, "t");
    long emptySlot = initToken(env, "empty");

    // the token's key and certificate, and a stranger's, made by openssl
    run(
        env,
        "openssl",
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
        "30");
    run(
        env,
        "openssl",
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        "key.pem",
        "-outform",
        "DER",
        "-out",
        "key.der");
    run(env, "openssl", "x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der");
    run(
        env,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "other.pem",
        "-out",
        "other-cert.pem",
        "-subj",
        "/CN=stranger",
        "-days",
        "30");

    // on the token: the key sensitive and not extractable (no --extractable), the certificate
    String p11 = module.toString();
    run(
        env,
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
    run(
        env,
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
    String objects =
        run(
            env,
            "pkcs11-tool",
            "--module",
            p11,
            "--token-label",
            "t",
            "--login",
            "--pin",
            PIN,
            "--list-objects");
    String access = privateKeyAccess(objects);
    assertThat(access).as(objects).contains("sensitive").doesNotContain("extractable");

    // the messages
    X509Certificate cert = certificate(dir.resolve("cert.pem"));
    X509Certificate other = certificate(dir.resolve("other-cert.pem"));
    Map<String, byte[]> expected = new LinkedHashMap<>();
    seal(expected, "pkcs1.p7m", cert, RsaPadding.PKCS1, OaepHash.SHA256);
    seal(expected, "oaep-sha256.p7m", cert, RsaPadding.OAEP, OaepHash.SHA256);
    seal(expected, "oaep-sha1.p7m", cert, RsaPadding.OAEP, OaepHash.SHA1);
    byte[] opensslContent =
        "sealed by openssl cms, RSA-OAEP SHA-256\n".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("openssl.txt"), opensslContent);
    run(
        env,
        "openssl",
        "cms",
        "-encrypt",
        "-binary",
        "-in",
        "openssl.txt",
        "-outform",
        "DER",
        "-out",
        "openssl-oaep.p7m",
        "-aes-256-cbc",
        "-recip",
        "cert.pem",
        "-keyopt",
        "rsa_padding_mode:oaep",
        "-keyopt",
        "rsa_oaep_md:sha256",
        "-keyopt",
        "rsa_mgf1_md:sha256");
    expected.put("openssl-oaep.p7m", opensslContent);
    Files.write(
        dir.resolve("stranger.p7m"),
        Envelope.sealer()
            .withRecipient(Recipient.of(other))
            .seal("for someone else".getBytes(StandardCharsets.UTF_8)));

    Path config = sunPkcs11Config("envelope-test", module, slot);
    Path emptyConfig = sunPkcs11Config("envelope-empty", module, emptySlot);
    List<String> args = new ArrayList<>(List.of(config.toString(), emptyConfig.toString()));
    for (String name : expected.keySet()) {
      args.add(dir.resolve(name).toString());
    }
    args.add(dir.resolve("stranger.p7m").toString());
    Map<String, String> out = childJvm(env, args);

    assertThat(out.get("wrong-pin-first")).startsWith("ERR KeySourceException wrong PIN");
    assertThat(out.get("key"))
        .isEqualTo("RSA encoded=null certificate=CN=token key"); // the key never leaves the token
    // installed for the JCA's provider selection; raw RSA on the token, no OAEP cipher there
    assertThat(out.get("registered")).isEqualTo("true");
    assertThat(out.get("services")).isEqualTo("NoPadding=present OAEPPadding=absent");
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertThat(out.get("open " + e.getKey()))
          .as(e.getKey())
          .isEqualTo("OK " + HexFormat.of().formatHex(e.getValue()));
    }
    assertThat(out.get("open stranger.p7m")).startsWith("ERR DecryptionFailedException");
    assertThat(out.get("wrong-pin-after-login")).startsWith("ERR KeySourceException wrong PIN");
    assertThat(out.get("right-pin-again")).isEqualTo("OK");
    assertThat(out.get("empty-token"))
        .startsWith("ERR KeySourceException no private key with a certificate");
  }

  @Test
  void missingConfigurationIsOneLine() {
    assertThatThrownBy(() -> Pkcs11Tokens.keySource(dir.resolve("nope.cfg"), PIN.toCharArray()))
        .isInstanceOf(KeySourceException.class)
        .hasMessage("PKCS #11 configuration not found: " + dir.resolve("nope.cfg"));
  }

  @Test
  void moduleThatCannotBeLoadedIsOneLine() throws IOException {
    Path config = dir.resolve("bad.cfg");
    Files.writeString(
        config, "name = envelope-missing\nlibrary = " + dir.resolve("no-such-module.so") + "\n");
    assertThatThrownBy(() -> Pkcs11Tokens.keySource(config, PIN.toCharArray()))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("cannot load the PKCS #11 module of " + config)
        .hasMessageContaining("no-such-module.so")
        .hasMessageNotContaining("\n");
  }

  private void seal(
      Map<String, byte[]> expected,
      String name,
      X509Certificate cert,
      RsaPadding padding,
      OaepHash hash)
      throws Exception {
    byte[] content = ("sealed by Envelope, " + name).getBytes(StandardCharsets.UTF_8);
    byte[] message =
        Envelope.sealer()
            .withRecipient(new Recipient.KeyTransport(cert, padding, hash))
            .seal(content);
    Files.write(dir.resolve(name), message);
    expected.put(name, content);
  }

  private Path sunPkcs11Config(String name, Path module, long slot) throws IOException {
    Path config = dir.resolve(name + ".cfg");
    Files.writeString(
        config,
        "name = " + name + "\nlibrary = " + module + "\nslot = " + slot + "\n",
        StandardCharsets.UTF_8);
    return config;
  }

  private long initToken(Map<String, String> env, String label) throws Exception {
    String out =
        run(
            env,
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
      fail("no slot in softhsm2-util output: " + out);
    }
    return Long.parseLong(m.group(1));
  }

  /** The Access line of the (only) private key object in pkcs11-tool --list-objects output. */
  private static String privateKeyAccess(String objects) {
    boolean inKey = false;
    for (String line : objects.split("\n")) {
      if (!line.startsWith(" ")) {
        inKey = line.startsWith("Private Key Object");
      } else if (inKey && line.strip().startsWith("Access:")) {
        return line.strip();
      }
    }
    return fail("no private key in " + objects);
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
  }

  /** Runs {@link Pkcs11TokenMain}; its lines as step name to result. */
  private Map<String, String> childJvm(Map<String, String> env, List<String> args)
      throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classPath = System.getProperty("surefire.test.class.path");
    if (classPath == null || classPath.isBlank()) {
      classPath = System.getProperty("java.class.path");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classPath,
                Pkcs11TokenMain.class.getName()));
    command.addAll(args);
    String output = execute(env, command, 120);
    Map<String, String> steps = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("key ")) {
        steps.put("key", line.substring(4));
      } else if (line.startsWith("registered=")) {
        steps.put("registered", line.substring("registered=".length()));
      } else if (line.startsWith("services ")) {
        steps.put("services", line.substring("services ".length()));
      } else {
        int colon = line.indexOf(": ");
        if (colon > 0) {
          steps.put(line.substring(0, colon), line.substring(colon + 2));
        }
      }
    }
    System.out.println("Pkcs11TokenMain:\n" + output);
    return steps;
  }

  private String run(Map<String, String> env, String... command) throws Exception {
    return execute(env, List.of(command), 60);
  }

  /** Runs a command in the test directory; its output, or a failure with it. */
  private String execute(Map<String, String> env, List<String> command, int seconds)
      throws Exception {
    Path log = Files.createTempFile(dir, "process", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(command.get(0) + " timed out");
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + text);
    }
    return text;
  }

  private static Optional<Path> onPath(String program) {
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
}
