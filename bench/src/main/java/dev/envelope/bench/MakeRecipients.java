package dev.envelope.bench;

import dev.envelope.store.PrivateKeyFiles;
import dev.envelope.x509.CertificateBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * Writes N recipient certificates for bench/recipients: {@code MakeRecipients N DIR} makes one
 * RSA-2048 key pair ({@code DIR/key.pem}) and N self-signed certificates for it ({@code DIR/r0.pem}
 * ...), distinct by subject and serial. One key is enough: what is measured is one RSA public-key
 * operation per recipient when sealing, and one private-key operation when opening.
 */
public final class MakeRecipients {
  private MakeRecipients() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    KeyPair kp = CertificateBuilder.generateKeyPair("rsa2048");
    Files.write(dir.resolve("key.pem"), PrivateKeyFiles.toPem(kp.getPrivate()));
    for (int i = 0; i < n; i++) {
      String pem =
          CertificateBuilder.toPem(
              CertificateBuilder.forSubject("CN=recipient " + i).selfSigned(kp));
      Files.writeString(dir.resolve("r" + i + ".pem"), pem, StandardCharsets.US_ASCII);
    }
  }
}
