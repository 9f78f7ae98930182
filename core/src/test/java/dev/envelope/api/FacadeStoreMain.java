package dev.envelope.api;

import dev.envelope.EnvelopedData;
import dev.envelope.store.EnvelopeHome;
import dev.envelope.store.Stores;
import dev.envelope.x509.CertificateBuilder;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A child-process main for {@link FacadeStoreTest}: with ENVELOPE_HOME and ENVELOPE_STORE_PASS in
 * its environment, puts an identity into the personal store, then runs the CAPICOM flow through the
 * facade alone: a recipient found by e-mail, a decrypt with no key given. Prints the text.
 */
public final class FacadeStoreMain {
  private FacadeStoreMain() {}

  public static void main(String[] args) throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate cert =
        CertificateBuilder.forSubject("CN=Carol").email("carol@example.com").selfSigned(kp);
    try (Stores stores =
        Stores.open(EnvelopeHome.directory(), Stores.passwordFromEnvironment().orElseThrow())) {
      stores.my().add(cert, kp.getPrivate(), List.of(cert));
    }
    EnvelopedData sender = new EnvelopedData();
    sender.setContent(args[0]);
    sender.recipients().addFromStore("carol@example.com");
    String message = sender.encrypt(EnvelopedData.Encoding.BASE64);

    EnvelopedData receiver = new EnvelopedData();
    receiver.decrypt(message);
    System.out.println("OPENED " + receiver.getContent());
  }
}
