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
  private static final String PIN = SoftHsm.PIN;

  @TempDir Path dir;
  private SoftHsm hsm;

  @Test
  void softHsmTokenWithNonExtractableKeyOpensPkcs1AndOaepMessages() throws Exception {
    Optional<Path> softhsm = SoftHsm.onPath("softhsm2-util");
    if (softhsm.isEmpty()) {
      System.out.println("Pkcs11TokenTest skipped: softhsm2-util is not installed");
    }
    assumeTrue(softhsm.isPresent(), "softhsm2-util is not installed");
    assertThat(SoftHsm.onPath("pkcs11-tool")).as("pkcs11-tool (apt package opensc)").isPresent();
    hsm = SoftHsm.create(dir);
    long slot = hsm.initToken("t");
    long emptySlot = hsm.initToken("empty");

    // the token's key and certificate, and a stranger's, made by openssl
    hsm.run(
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
    hsm.run(
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

    // on the token: the key sensitive and not extractable, the certificate
    hsm.importKey("t", "key.pem", "cert.pem");
    String objects = hsm.pkcs11Tool("t", "--list-objects");
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
    hsm.run(
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

    Path config = hsm.sunPkcs11Config("envelope-test", slot);
    Path emptyConfig = hsm.sunPkcs11Config("envelope-empty", emptySlot);
    List<String> args = new ArrayList<>(List.of(config.toString(), emptyConfig.toString()));
    for (String name : expected.keySet()) {
      args.add(dir.resolve(name).toString());
    }
    args.add(dir.resolve("stranger.p7m").toString());
    Map<String, String> out = childJvm(args);

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
  private Map<String, String> childJvm(List<String> args) throws Exception {
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
    String output = hsm.execute(command, 120);
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
}
