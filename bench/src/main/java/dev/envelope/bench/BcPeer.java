package dev.envelope.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;

/**
 * Bouncy Castle 1.87's streaming CMS as a command, for bench/compare: {@code encrypt|decrypt
 * gcm|cbc IN OUT CERT KEY}. CBC runs on the JDK's providers (SunJCE); GCM on Bouncy Castle's own
 * provider, since with SunJCE its AuthEnvelopedData parser cannot stream (DESIGN.md, measured by
 * the issue).
 */
public final class BcPeer {
  private BcPeer() {}

  public static void main(String[] a) throws Exception {
    boolean gcm = a[1].equals("gcm");
    Provider bc = new BouncyCastleProvider();
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(Path.of(a[4])));
    String pem =
        Files.readString(Path.of(a[5])).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(a[2])), 1 << 16);
        OutputStream out =
            new BufferedOutputStream(Files.newOutputStream(Path.of(a[3])), 1 << 16)) {
      if (a[0].equals("encrypt")) {
        JceKeyTransRecipientInfoGenerator ri = new JceKeyTransRecipientInfoGenerator(cert);
        OutputStream enc;
        if (gcm) {
          CMSAuthEnvelopedDataStreamGenerator g = new CMSAuthEnvelopedDataStreamGenerator();
          g.addRecipientInfoGenerator(ri);
          enc =
              g.open(
                  out,
                  (OutputAEADEncryptor)
                      new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                          .setProvider(bc)
                          .build());
        } else {
          CMSEnvelopedDataStreamGenerator g = new CMSEnvelopedDataStreamGenerator();
          g.addRecipientInfoGenerator(ri);
          enc = g.open(out, new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build());
        }
        try (enc) {
          in.transferTo(enc);
        }
      } else {
        JceKeyTransEnvelopedRecipient r = new JceKeyTransEnvelopedRecipient(key);
        if (gcm) {
          r.setContentProvider(bc);
          RecipientInformation info =
              new CMSAuthEnvelopedDataParser(in)
                  .getRecipientInfos()
                  .getRecipients()
                  .iterator()
                  .next();
          info.getContentStream(r).getContentStream().transferTo(out);
        } else {
          RecipientInformation info =
              new CMSEnvelopedDataParser(in).getRecipientInfos().getRecipients().iterator().next();
          info.getContentStream(r).getContentStream().transferTo(out);
        }
      }
    }
  }
}
