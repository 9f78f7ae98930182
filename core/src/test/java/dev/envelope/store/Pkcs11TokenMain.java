package dev.envelope.store;

import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KeyEntry;
import dev.envelope.KeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;

/**
 * The part of {@link Pkcs11TokenTest} that talks to SoftHSM: it runs in a child JVM because SoftHSM
 * reads {@code SOFTHSM2_CONF} (where its tokens are) from the process environment, which a running
 * JVM cannot change. One line of output per step; the test checks them.
 *
 * <p>Arguments: the configuration of the token with the key, the configuration of an empty token,
 * then message files.
 */
public final class Pkcs11TokenMain {
  private Pkcs11TokenMain() {}

  public static void main(String[] args) throws Exception {
    Path config = Path.of(args[0]);
    Path empty = Path.of(args[1]);
    step("wrong-pin-first", () -> Pkcs11Tokens.keySource(config, "0000".toCharArray()));
    KeySource keys = Pkcs11Tokens.keySource(config, "1234".toCharArray());
    for (KeyEntry k : keys.keys()) {
      System.out.println(
          "key "
              + k.privateKey().getAlgorithm()
              + " encoded="
              + (k.privateKey().getEncoded() == null ? "null" : "present")
              + " certificate="
              + (k.certificate() == null ? "none" : k.certificate().getSubjectX500Principal()));
    }
    Provider token = Security.getProvider("SunPKCS11-envelope-test");
    System.out.println("registered=" + (token != null));
    if (token != null) {
      System.out.println(
          "services NoPadding="
              + (token.getService("Cipher", "RSA/ECB/NoPadding") == null ? "absent" : "present")
              + " OAEPPadding="
              + (token.getService("Cipher", "RSA/ECB/OAEPPadding") == null ? "absent" : "present"));
    }
    for (int i = 2; i < args.length; i++) {
      Path message = Path.of(args[i]);
      byte[] bytes = Files.readAllBytes(message);
      step(
          "open " + message.getFileName(),
          () -> {
            Decrypted d = Envelope.decrypt(bytes, keys);
            return "OK " + HexFormat.of().formatHex(d.content());
          });
    }
    step("wrong-pin-after-login", () -> Pkcs11Tokens.keySource(config, "4321".toCharArray()));
    step("right-pin-again", () -> Pkcs11Tokens.keySource(config, "1234".toCharArray()));
    step("empty-token", () -> Pkcs11Tokens.keySource(empty, "1234".toCharArray()));
  }

  interface Step {
    Object run() throws Exception;
  }

  private static void step(String name, Step step) {
    String result;
    try {
      Object out = step.run();
      result = out instanceof String s ? s : "OK";
    } catch (Exception e) {
      result = "ERR " + e.getClass().getSimpleName() + " " + e.getMessage();
    }
    System.out.println(name + ": " + result.replaceAll("\\s+", " "));
  }
}
