package dev.envelope.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.OaepHash;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.RsaPadding;
import dev.envelope.interop.TestPki.Identity;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bouncy Castle 1.87 as a peer, both ways, over ciphers x key transports x recipient identifiers.
 * BC with the JDK's providers cannot open AuthEnvelopedData (it asks for GCM AlgorithmParameters),
 * so BC's own provider is used wherever AEAD is involved; EnvelopedData is read by BC with the
 * JDK's providers, an implementation independent of Envelope's raw-RSA unwrap.
 */
class BouncyCastleInteropTest {

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private static Identity alice;

  private static final byte[] CONTENT = OpensslInteropTest.content(3003);

  @BeforeAll
  static void identity() {
    alice = TestPki.rsa(2048, "alice");
  }

  record Transport(String name, RsaPadding padding, OaepHash hash) {}

  static final List<Transport> TRANSPORTS =
      List.of(
          new Transport("pkcs1", RsaPadding.PKCS1, OaepHash.SHA256),
          new Transport("oaep-sha1", RsaPadding.OAEP, OaepHash.SHA1),
          new Transport("oaep-sha256", RsaPadding.OAEP, OaepHash.SHA256),
          new Transport("oaep-sha384", RsaPadding.OAEP, OaepHash.SHA384),
          new Transport("oaep-sha512", RsaPadding.OAEP, OaepHash.SHA512));

  record Case(ContentCipher cipher, Transport transport, RecipientIdentifierType rid) {}

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (ContentCipher c : ContentCipher.values()) {
      if (c.cliName().startsWith("rc4")) {
        continue; // BC's CMS has no RC4; openssl is its peer (LegacyCipherInteropTest)
      }
      for (Transport t : TRANSPORTS) {
        for (RecipientIdentifierType rid : RecipientIdentifierType.values()) {
          String name = c.cliName() + " " + t.name() + " " + rid;
          cases.add(Arguments.of(Named.of(name, new Case(c, t, rid))));
        }
      }
    }
    return cases.stream();
  }

  // ---------------------------------------------------------------------------------------------
  // Envelope writes, BC reads

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void bouncyCastleReadsWhatEnvelopeWrites(Case k) throws Exception {
    byte[] der =
        Envelope.sealer()
            .withCipher(k.cipher())
            .withRecipient(
                new Recipient.KeyTransport(
                    alice.certificate(), k.transport().padding(), k.transport().hash()))
            .withRecipientIdentifier(k.rid())
            .seal(CONTENT);

    RecipientInformationStore store =
        k.cipher().isAuthenticated()
            ? new CMSAuthEnvelopedData(der).getRecipientInfos()
            : new CMSEnvelopedData(der).getRecipientInfos();
    assertThat(store.size()).isEqualTo(1);
    RecipientInformation ri = store.getRecipients().iterator().next();
    KeyTransRecipientId rid = (KeyTransRecipientId) ri.getRID();
    if (k.rid() == RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER) {
      assertThat(rid.getSubjectKeyIdentifier()).isEqualTo(skiExtension());
      assertThat(rid.getIssuer()).isNull();
    } else {
      assertThat(rid.getSerialNumber()).isEqualTo(alice.certificate().getSerialNumber());
      assertThat(rid.getIssuer().getEncoded())
          .isEqualTo(alice.certificate().getIssuerX500Principal().getEncoded());
    }
    assertThat(ri.getKeyEncryptionAlgOID())
        .isEqualTo(
            k.transport().padding() == RsaPadding.PKCS1
                ? PKCSObjectIdentifiers.rsaEncryption.getId()
                : PKCSObjectIdentifiers.id_RSAES_OAEP.getId());

    byte[] opened =
        k.cipher().isAuthenticated()
            ? ri.getContent(
                new JceKeyTransAuthEnvelopedRecipient(alice.privateKey()).setProvider(BC))
            : ri.getContent(new JceKeyTransEnvelopedRecipient(alice.privateKey()));
    assertThat(opened).isEqualTo(CONTENT);
  }

  private static byte[] skiExtension() {
    byte[] ext = alice.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId());
    // OCTET STRING { OCTET STRING keyIdentifier }
    return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
  }

  // ---------------------------------------------------------------------------------------------
  // BC writes, Envelope reads

  /** How BC is asked to write one message. */
  enum Writer {
    GENERATOR,
    STREAM_GENERATOR
  }

  static Stream<Arguments> matrixByWriter() {
    return matrix()
        .flatMap(
            a -> {
              @SuppressWarnings("unchecked")
              Named<Case> n = (Named<Case>) a.get()[0];
              return Stream.of(Writer.values())
                  .map(w -> Arguments.of(Named.of(n.getName() + " " + w, n.getPayload()), w));
            });
  }

  private static ASN1ObjectIdentifier bcCipher(ContentCipher c) {
    return switch (c) {
      case AES_128_GCM -> CMSAlgorithm.AES128_GCM;
      case AES_192_GCM -> CMSAlgorithm.AES192_GCM;
      case AES_256_GCM -> CMSAlgorithm.AES256_GCM;
      case AES_128_CCM -> CMSAlgorithm.AES128_CCM;
      case AES_192_CCM -> CMSAlgorithm.AES192_CCM;
      case AES_256_CCM -> CMSAlgorithm.AES256_CCM;
      case AES_128_CBC -> CMSAlgorithm.AES128_CBC;
      case AES_192_CBC -> CMSAlgorithm.AES192_CBC;
      case AES_256_CBC -> CMSAlgorithm.AES256_CBC;
      case DES_EDE3_CBC -> CMSAlgorithm.DES_EDE3_CBC;
      case CHACHA20_POLY1305 -> CMSAlgorithm.ChaCha20Poly1305;
      case DES_CBC -> CMSAlgorithm.DES_CBC;
      case RC2_40, RC2_56, RC2_64, RC2_128 -> CMSAlgorithm.RC2_CBC;
      case RC4_40, RC4_56, RC4_128 ->
          throw new IllegalArgumentException("BC's CMS has no RC4: see LegacyCipherInteropTest");
    };
  }

  private static JceKeyTransRecipientInfoGenerator recipientGenerator(Case k) throws Exception {
    if (k.transport().padding() == RsaPadding.PKCS1) {
      return (k.rid() == RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER
              ? new JceKeyTransRecipientInfoGenerator(
                  skiExtension(), alice.certificate().getPublicKey())
              : new JceKeyTransRecipientInfoGenerator(alice.certificate()))
          .setProvider(BC);
    }
    String hash =
        switch (k.transport().hash()) {
          case SHA1 -> "SHA-1";
          case SHA256 -> "SHA-256";
          case SHA384 -> "SHA-384";
          case SHA512 -> "SHA-512";
        };
    AlgorithmIdentifier oaep =
        new JcaAlgorithmParametersConverter()
            .getAlgorithmIdentifier(
                PKCSObjectIdentifiers.id_RSAES_OAEP,
                new OAEPParameterSpec(
                    hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT));
    return (k.rid() == RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER
            ? new JceKeyTransRecipientInfoGenerator(
                skiExtension(), oaep, alice.certificate().getPublicKey())
            : new JceKeyTransRecipientInfoGenerator(alice.certificate(), oaep))
        .setProvider(BC);
  }

  private static byte[] bcEncrypt(Case k, Writer w) throws Exception {
    JceCMSContentEncryptorBuilder eb =
        new JceCMSContentEncryptorBuilder(bcCipher(k.cipher()), k.cipher().keyBits())
            .setProvider(BC);
    if (k.cipher().isAuthenticated()) {
      OutputAEADEncryptor enc = (OutputAEADEncryptor) eb.build();
      if (w == Writer.GENERATOR) {
        CMSAuthEnvelopedDataGenerator g = new CMSAuthEnvelopedDataGenerator();
        g.addRecipientInfoGenerator(recipientGenerator(k));
        return g.generate(new CMSProcessableByteArray(CONTENT), enc).getEncoded();
      }
      CMSAuthEnvelopedDataStreamGenerator g = new CMSAuthEnvelopedDataStreamGenerator();
      g.addRecipientInfoGenerator(recipientGenerator(k));
      g.setBufferSize(100);
      ByteArrayOutputStream bout = new ByteArrayOutputStream();
      try (OutputStream out = g.open(bout, enc)) {
        out.write(CONTENT);
      }
      return bout.toByteArray();
    }
    OutputEncryptor enc = eb.build();
    if (w == Writer.GENERATOR) {
      CMSEnvelopedDataGenerator g = new CMSEnvelopedDataGenerator();
      g.addRecipientInfoGenerator(recipientGenerator(k));
      return g.generate(new CMSProcessableByteArray(CONTENT), enc).getEncoded();
    }
    CMSEnvelopedDataStreamGenerator g = new CMSEnvelopedDataStreamGenerator();
    g.addRecipientInfoGenerator(recipientGenerator(k));
    g.setBufferSize(100); // many BER segments in the encrypted content
    ByteArrayOutputStream bout = new ByteArrayOutputStream();
    try (OutputStream out = g.open(bout, enc)) {
      out.write(CONTENT);
    }
    return bout.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrixByWriter")
  void envelopeReadsWhatBouncyCastleWrites(Case k, Writer w) throws Exception {
    byte[] message = bcEncrypt(k, w);
    if (w == Writer.STREAM_GENERATOR) {
      assertThat(message[1] & 0xFF)
          .as("BER indefinite length from the stream generator")
          .isEqualTo(0x80);
    }

    Decrypted d = Envelope.decrypt(message, alice.keySource());
    assertThat(d.content()).isEqualTo(CONTENT);
    assertThat(d.cipher()).isEqualTo(k.cipher());
    assertThat(Envelope.decrypt(message, alice.keyOnly()).content())
        .as("key without its certificate")
        .isEqualTo(CONTENT);
  }
}
