package dev.envelope.recipient;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.x509.CertificateBuilder;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.UnaryOperator;

/**
 * ML-KEM test identities (certificates issued by an EC P-256 CA, since ML-KEM keys cannot sign) and
 * rewriting of the KEMRecipientInfo of a sealed message.
 */
public final class MlKemFixtures {
  private MlKemFixtures() {}

  /** An ML-KEM private key and its certificate. */
  public record KemIdentity(X509Certificate certificate, PrivateKey privateKey) {}

  private static final KeyPair CA_KEYS;
  private static final X509Certificate CA;

  static {
    try {
      CA_KEYS = CertificateBuilder.generateKeyPair("ec-p256");
      CA =
          CertificateBuilder.forSubject("CN=ML-KEM test CA")
              .certificateAuthority(true)
              .selfSigned(CA_KEYS);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  public static X509Certificate ca() {
    return CA;
  }

  /** A fresh key of {@code spec} ({@code ml-kem-768}) with a certificate from the test CA. */
  public static KemIdentity identity(String spec) {
    try {
      KeyPair kp = CertificateBuilder.generateKeyPair(spec);
      X509Certificate cert =
          CertificateBuilder.forSubject("CN=" + spec + " recipient, O=Envelope tests")
              .email(spec + "@example.com")
              .issuedBy(kp.getPublic(), CA, CA_KEYS.getPrivate());
      return new KemIdentity(cert, kp.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static CmsMessage decode(byte[] der) {
    try {
      return CmsCodec.decode(der, CmsLimits.DEFAULT);
    } catch (Asn1Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The first KEMRecipientInfo. */
  public static KemRecipientInfo kemri(byte[] der) {
    return decode(der).recipientInfos().stream()
        .filter(KemRecipientInfo.class::isInstance)
        .map(KemRecipientInfo.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** Every KEMRecipientInfo rewritten by {@code f}, the rest of the message unchanged. */
  public static byte[] withKemri(byte[] der, UnaryOperator<KemRecipientInfo> f) {
    return RecipientSurgery.rewrite(der, KemRecipientInfo.class, f);
  }

  /** A copy with one bit flipped at {@code index} (negative values count from the end). */
  public static byte[] flip(byte[] b, int index) {
    byte[] c = b.clone();
    int i = index < 0 ? c.length + index : index;
    c[i] ^= 0x01;
    return c;
  }
}
