package dev.envelope.store;

import dev.envelope.x509.CertificateBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A separate process writing to a store, for the concurrency and crash tests. The store password
 * comes from {@code ENVELOPE_STORE_PASS}.
 *
 * <ul>
 *   <li>{@code import STORE GO FILE_PASSWORD PFX...}: waits until the file GO exists, then imports
 *       each PKCS #12 file, one write each.
 *   <li>{@code loop STORE}: adds fresh certificates with keys until killed, printing a line after
 *       each write.
 * </ul>
 */
public final class StoreWriterMain {
  private StoreWriterMain() {}

  public static void main(String[] args) throws Exception {
    char[] password = Stores.passwordFromEnvironment().orElseThrow();
    Path store = Path.of(args[1]);
    switch (args[0]) {
      case "import" -> {
        Path go = Path.of(args[2]);
        char[] filePassword = args[3].toCharArray();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        try (CertificateStore s = CertificateStore.open(store, password)) {
          for (int i = 4; i < args.length; i++) {
            s.importPkcs12(Path.of(args[i]), filePassword);
          }
        }
        System.out.println("imported " + (args.length - 4));
      }
      case "loop" -> {
        try (CertificateStore s = CertificateStore.open(store, password)) {
          for (int n = 1; ; n++) {
            KeyPair kp = CertificateBuilder.generateKeyPair("ec-p256");
            X509Certificate cert = CertificateBuilder.forSubject("CN=Loop " + n).selfSigned(kp);
            s.add(cert, kp.getPrivate(), List.of());
            System.out.println("added " + n);
            System.out.flush();
          }
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }
}
