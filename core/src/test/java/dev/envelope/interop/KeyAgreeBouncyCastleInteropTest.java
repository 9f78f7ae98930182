package dev.envelope.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KeyWrap;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.interop.TestPki.Identity;
import dev.envelope.x509.CertificateIds;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KeyAgreeRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bouncy Castle 1.87 as a key agreement peer, both ways, for what OpenSSL 3.0 lacks (X25519 and
 * X448 with RFC 8418 HKDF) and for P-256 with the X9.63 KDF: EnvelopedData (AES-256-CBC) and
 * AuthEnvelopedData (AES-256-GCM), issuerAndSerialNumber and rKeyId identifiers, the three HKDF
 * hashes, and a ukm written by BC. BC runs on its own provider (with the JDK's it cannot open
 * AuthEnvelopedData, nor find the RFC 8418 schemes). Envelope writes no ukm for RFC 8418
 * (DESIGN.md, bc-java issue 2454). Negative twins: a modified encrypted key fails on both sides.
 */
class KeyAgreeBouncyCastleInteropTest {

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private static final byte[] CONTENT =
      "Key agreement with Bouncy Castle, both ways.".getBytes(StandardCharsets.UTF_8);

  private static final Map<String, Identity> IDS = new ConcurrentHashMap<>();

  private static Identity id(String spec) {
    return IDS.computeIfAbsent(spec, s -> KeyAgreePki.identity(s, "bc-" + s));
  }

  record Case(String spec, KdfHash hash, ContentCipher cipher, RecipientIdentifierType rid) {}

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String spec : List.of("ec-p256", "x25519", "x448")) {
      for (KdfHash h : List.of(KdfHash.SHA256, KdfHash.SHA384, KdfHash.SHA512)) {
        for (ContentCipher c : List.of(ContentCipher.AES_256_CBC, ContentCipher.AES_256_GCM)) {
          for (RecipientIdentifierType rid : RecipientIdentifierType.values()) {
            if (h != KdfHash.SHA256 && rid != RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER) {
              continue;
            }
            Case k = new Case(spec, h, c, rid);
            out.add(Arguments.of(Named.of(spec + " " + h + " " + c + " " + rid, k)));
          }
        }
      }
    }
    return out.stream();
  }

  // -- Envelope seals, BC opens
  // ---------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void envelopeSealsBouncyCastleOpens(Case k) throws Exception {
    Identity bob = id(k.spec());
    byte[] message =
        Envelope.sealer()
            .withCipher(k.cipher())
            .withRecipientIdentifier(k.rid())
            .withRecipient(new Recipient.KeyAgreement(bob.certificate(), k.hash(), KeyWrap.AES_256))
            .seal(CONTENT);

    assertThat(bcDecrypt(message, k, bob)).isEqualTo(CONTENT);

    byte[] spoiled = KeyAgreeOpensslInteropTest.withEncryptedKeyFlipped(message);
    assertThatThrownBy(() -> bcDecrypt(spoiled, k, bob)).isInstanceOf(CMSException.class);
  }

  private static byte[] bcDecrypt(byte[] message, Case k, Identity bob) throws Exception {
    Collection<RecipientInformation> ris =
        k.cipher().isAuthenticated()
            ? new CMSAuthEnvelopedData(message).getRecipientInfos().getRecipients()
            : new CMSEnvelopedData(message).getRecipientInfos().getRecipients();
    assertThat(ris).hasSize(1);
    RecipientInformation ri = ris.iterator().next();
    KeyAgreeRecipientId rid = (KeyAgreeRecipientId) ri.getRID();
    if (k.rid() == RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER) {
      assertThat(rid.getSubjectKeyIdentifier())
          .isEqualTo(CertificateIds.of(bob.certificate()).preferredSubjectKeyId());
    } else {
      assertThat(rid.getSerialNumber()).isEqualTo(bob.certificate().getSerialNumber());
    }
    return k.cipher().isAuthenticated()
        ? ri.getContent(new JceKeyAgreeAuthEnvelopedRecipient(bob.privateKey()).setProvider(BC))
        : ri.getContent(new JceKeyAgreeEnvelopedRecipient(bob.privateKey()).setProvider(BC));
  }

  // -- BC seals, Envelope opens
  // ---------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bouncyCastleSealsEnvelopeOpens(Case k) throws Exception {
    Identity bob = id(k.spec());
    byte[] message = bcEncrypt(k, bob);

    KeyAgreeRecipientInfo kari = KeyAgreeOpensslInteropTest.kari(message);
    Algorithm scheme = Algorithm.byOid(kari.keyEncryptionAlgorithm().algorithm()).orElseThrow();
    assertThat(scheme.isHkdfAgreement()).isEqualTo(!k.spec().startsWith("ec-"));
    assertThat(scheme.hash().orElseThrow().cliName()).isEqualTo(k.hash().cliName());
    assertThat(kari.recipientEncryptedKeys().get(0).rid())
        .isInstanceOf(
            k.rid() == RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER
                ? RecipientIdentifier.SubjectKeyId.class
                : RecipientIdentifier.IssuerSerial.class);

    assertThat(Envelope.decrypt(message, bob.keySource()).content()).isEqualTo(CONTENT);
    assertThat(Envelope.decrypt(message, bob.keyOnly()).content()).isEqualTo(CONTENT);

    Throwable t =
        catchThrowable(
            () ->
                Envelope.decrypt(
                    KeyAgreeOpensslInteropTest.withEncryptedKeyFlipped(message), bob.keySource()));
    assertThat(t).isExactlyInstanceOf(DecryptionFailedException.class);
  }

  /**
   * A ukm written by BC opens: for the X9.63 KDF it is entityUInfo on both sides; for RFC 8418
   * Envelope follows section 2.2 (the ukm is entityUInfo and the HKDF salt), and BC 1.87 on its own
   * provider turns out to do the same here, although DESIGN.md lists bc-java issue 2454 as a quirk
   * (the other direction is {@code
   * KeyAgreeRecipientsTest.anRfc8418EntryWithAUkmOpensInBouncyCastle}).
   */
  @org.junit.jupiter.api.Test
  void aUkmFromBouncyCastleOpens() throws Exception {
    byte[] ukm = "user keying material".getBytes(StandardCharsets.US_ASCII);
    for (String spec : List.of("ec-p256", "x25519", "x448")) {
      Case k =
          new Case(
              spec,
              KdfHash.SHA256,
              ContentCipher.AES_256_CBC,
              RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER);
      byte[] m = bcEncrypt(k, id(spec), ukm);
      assertThat(KeyAgreeOpensslInteropTest.kari(m).ukm().toByteArray()).isEqualTo(ukm);
      assertThat(Envelope.decrypt(m, id(spec).keySource()).content()).isEqualTo(CONTENT);
      // the ukm matters: without it the key-encryption key differs
      byte[] dropped =
          KeyAgreeOpensslInteropTest.withKari(
              m,
              x ->
                  new KeyAgreeRecipientInfo(
                      x.originator(),
                      null,
                      x.keyEncryptionAlgorithm(),
                      x.recipientEncryptedKeys()));
      assertThat(catchThrowable(() -> Envelope.decrypt(dropped, id(spec).keySource())))
          .isExactlyInstanceOf(DecryptionFailedException.class);
    }
  }

  private static byte[] bcEncrypt(Case k, Identity bob) throws Exception {
    return bcEncrypt(k, bob, null);
  }

  private static byte[] bcEncrypt(Case k, Identity bob, byte[] ukm) throws Exception {
    KeyPair ephemeral;
    ASN1ObjectIdentifier scheme;
    if (k.spec().startsWith("ec-")) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
      g.initialize(new ECGenParameterSpec("P-256"));
      ephemeral = g.generateKeyPair();
      scheme =
          switch (k.hash()) {
            case SHA384 -> CMSAlgorithm.ECDH_SHA384KDF;
            case SHA512 -> CMSAlgorithm.ECDH_SHA512KDF;
            default -> CMSAlgorithm.ECDH_SHA256KDF;
          };
    } else {
      ephemeral =
          KeyPairGenerator.getInstance(k.spec().equals("x25519") ? "X25519" : "X448", BC)
              .generateKeyPair();
      scheme =
          switch (k.hash()) {
            case SHA384 -> CMSAlgorithm.ECDH_HKDF_SHA384;
            case SHA512 -> CMSAlgorithm.ECDH_HKDF_SHA512;
            default -> CMSAlgorithm.ECDH_HKDF_SHA256;
          };
    }
    JceKeyAgreeRecipientInfoGenerator rig =
        new JceKeyAgreeRecipientInfoGenerator(
                scheme, ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
            .setProvider(BC);
    if (ukm != null) {
      rig.setUserKeyingMaterial(ukm);
    }
    if (k.rid() == RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER) {
      rig.addRecipient(
          CertificateIds.of(bob.certificate()).preferredSubjectKeyId(),
          bob.certificate().getPublicKey());
    } else {
      rig.addRecipient(bob.certificate());
    }
    if (k.cipher().isAuthenticated()) {
      CMSAuthEnvelopedDataGenerator g = new CMSAuthEnvelopedDataGenerator();
      g.addRecipientInfoGenerator(rig);
      OutputAEADEncryptor enc =
          (OutputAEADEncryptor)
              new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM).setProvider(BC).build();
      return g.generate(new CMSProcessableByteArray(CONTENT), enc).getEncoded();
    }
    CMSEnvelopedDataGenerator g = new CMSEnvelopedDataGenerator();
    g.addRecipientInfoGenerator(rig);
    return g.generate(
            new CMSProcessableByteArray(CONTENT),
            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(BC).build())
        .getEncoded();
  }
}
