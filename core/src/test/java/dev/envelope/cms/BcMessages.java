package dev.envelope.cms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.Hashtable;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.OriginatorInfoGenerator;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.SimpleAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKEKRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKEMRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcePasswordRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Messages produced by Bouncy Castle, the oracle: keys generated once per JVM, messages in DER
 * (CMSEnvelopedDataGenerator) and BER (the stream generators: indefinite lengths, segmented
 * content) form.
 */
final class BcMessages {
  private BcMessages() {}

  static final Provider BC = new BouncyCastleProvider();
  static final byte[] PLAINTEXT = "This is some sample content.".repeat(40).getBytes();

  static final KeyPair RSA;
  static final X509Certificate RSA_CERT;
  static final KeyPair EC_RECIPIENT;
  static final KeyPair EC_SENDER;
  static final KeyPair ML_KEM;
  static final byte[] KEK_ID = {(byte) 0xc0, (byte) 0xfe, (byte) 0xe0};
  static final SecretKeySpec KEK = new SecretKeySpec(new byte[16], "AES");
  static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  static {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      RSA = rsa.generateKeyPair();
      RSA_CERT = selfSigned(RSA);
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      EC_RECIPIENT = ec.generateKeyPair();
      EC_SENDER = ec.generateKeyPair();
      ML_KEM = KeyPairGenerator.getInstance("ML-KEM-768", BC).generateKeyPair();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static X509Certificate selfSigned(KeyPair kp) throws Exception {
    X500Name name = new X500Name("CN=Envelope Test Recipient, O=Envelope");
    Date now = new Date();
    X509CertificateHolder holder =
        new JcaX509v3CertificateBuilder(
                name,
                new BigInteger("00f1e2d3c4b5a697887766554433221100", 16),
                now,
                new Date(now.getTime() + 86_400_000L),
                name,
                kp.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()));
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  static RecipientInfoGenerator ktri() throws GeneralSecurityException {
    return new JceKeyTransRecipientInfoGenerator(RSA_CERT).setProvider(BC);
  }

  static RecipientInfoGenerator ktriSki() {
    return new JceKeyTransRecipientInfoGenerator(new byte[] {1, 2, 3, 4, 5}, RSA.getPublic())
        .setProvider(BC);
  }

  static RecipientInfoGenerator kari() throws GeneralSecurityException {
    return new JceKeyAgreeRecipientInfoGenerator(
            CMSAlgorithm.ECDH_SHA256KDF,
            EC_SENDER.getPrivate(),
            EC_SENDER.getPublic(),
            CMSAlgorithm.AES128_WRAP)
        .setUserKeyingMaterial(new byte[] {9, 8, 7, 6, 5, 4, 3, 2})
        .addRecipient(new byte[] {7, 7, 7}, EC_RECIPIENT.getPublic())
        .setProvider(BC);
  }

  static RecipientInfoGenerator kekri() {
    return new JceKEKRecipientInfoGenerator(KEK_ID, KEK).setProvider(BC);
  }

  static RecipientInfoGenerator pwri() {
    return new JcePasswordRecipientInfoGenerator(CMSAlgorithm.AES128_CBC, PASSWORD)
        .setProvider(BC)
        .setSaltAndIterationCount(new byte[16], 1000);
  }

  static RecipientInfoGenerator kem() {
    return new JceKEMRecipientInfoGenerator(
            new byte[] {4, 4, 4}, ML_KEM.getPublic(), CMSAlgorithm.AES256_WRAP)
        .setProvider(BC);
  }

  static AttributeTable attributes(String oid, String value) {
    Hashtable<ASN1ObjectIdentifier, Attribute> t = new Hashtable<>();
    ASN1ObjectIdentifier type = new ASN1ObjectIdentifier(oid);
    ASN1EncodableVector values = new ASN1EncodableVector();
    values.add(new DERUTF8String(value));
    values.add(new DEROctetString(value.getBytes()));
    t.put(type, new Attribute(type, new org.bouncycastle.asn1.DERSet(values)));
    return new AttributeTable(t);
  }

  /** EnvelopedData in one piece (CMSEnvelopedDataGenerator), AES-128-CBC. */
  static byte[] enveloped(boolean withExtras, RecipientInfoGenerator... recipients)
      throws CMSException, IOException {
    CMSEnvelopedDataGenerator g = new CMSEnvelopedDataGenerator();
    for (RecipientInfoGenerator r : recipients) {
      g.addRecipientInfoGenerator(r);
    }
    if (withExtras) {
      g.setOriginatorInfo(
          new OriginatorInfoGenerator(new X509CertificateHolder(encoded(RSA_CERT))).generate());
      g.setUnprotectedAttributeGenerator(
          new SimpleAttributeTableGenerator(attributes("1.3.6.1.4.1.99999.5", "unprotected")));
    }
    return g.generate(
            new CMSProcessableByteArray(PLAINTEXT),
            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).setProvider(BC).build())
        .getEncoded();
  }

  /** EnvelopedData as BC streams it: BER, indefinite lengths, [0] split into segments. */
  static byte[] envelopedStream(
      int bufferSize, byte[] plaintext, RecipientInfoGenerator... recipients)
      throws CMSException, IOException {
    CMSEnvelopedDataStreamGenerator g = new CMSEnvelopedDataStreamGenerator();
    g.setBufferSize(bufferSize);
    for (RecipientInfoGenerator r : recipients) {
      g.addRecipientInfoGenerator(r);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream os =
        g.open(
            out,
            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).setProvider(BC).build())) {
      os.write(plaintext);
    }
    return out.toByteArray();
  }

  private static OutputAEADEncryptor gcm() throws CMSException {
    return (OutputAEADEncryptor)
        new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_GCM).setProvider(BC).build();
  }

  /** AuthEnvelopedData (AES-128-GCM) with authenticated and unauthenticated attributes. */
  static byte[] authEnveloped(RecipientInfoGenerator... recipients)
      throws CMSException, IOException {
    CMSAuthEnvelopedDataGenerator g = new CMSAuthEnvelopedDataGenerator();
    for (RecipientInfoGenerator r : recipients) {
      g.addRecipientInfoGenerator(r);
    }
    g.setAuthenticatedAttributeGenerator(
        new SimpleAttributeTableGenerator(attributes("1.3.6.1.4.1.99999.6", "authenticated")));
    g.setUnauthenticatedAttributeGenerator(
        new SimpleAttributeTableGenerator(attributes("1.3.6.1.4.1.99999.7", "not authenticated")));
    return g.generate(new CMSProcessableByteArray(PLAINTEXT), gcm()).getEncoded();
  }

  /** AuthEnvelopedData as BC streams it (BER). */
  static byte[] authEnvelopedStream(int bufferSize, RecipientInfoGenerator... recipients)
      throws CMSException, IOException {
    CMSAuthEnvelopedDataStreamGenerator g = new CMSAuthEnvelopedDataStreamGenerator();
    g.setBufferSize(bufferSize);
    for (RecipientInfoGenerator r : recipients) {
      g.addRecipientInfoGenerator(r);
    }
    g.setAuthenticatedAttributeGenerator(
        new SimpleAttributeTableGenerator(attributes("1.3.6.1.4.1.99999.6", "authenticated")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream os = g.open(out, gcm())) {
      os.write(PLAINTEXT);
    }
    return out.toByteArray();
  }

  static byte[] encoded(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
