package dev.envelope.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.DecryptingInputStream;
import dev.envelope.Envelope;
import dev.envelope.Opened;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.EncryptedContentInfo;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.MessageSurgery;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeIOException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.interop.TestPki.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Hashtable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CCMParameters;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SimpleAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AES-CCM AuthEnvelopedData (RFC 5084) against Bouncy Castle 1.87 both ways (openssl 3.0's CMS has
 * no CCM: {@code openssl cms -encrypt -aes-128-ccm} fails with "unsupported cipher"), with BC's own
 * defaults (12-byte nonce, 12-byte ICV), BER of unknown length and authAttrs; and the negative
 * twins: a flipped byte at the start, middle and end of a multi-MiB content or in the tag fails
 * with nothing released.
 */
class CcmInteropTest {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final byte[] CONTENT = OpensslInteropTest.content(5000);
  private static final int BIG = 3 * 1024 * 1024 + 5; // past the in-memory spool size

  private static Identity alice;

  @BeforeAll
  static void identity() {
    alice = TestPki.rsa(2048, "alice");
  }

  private static ASN1ObjectIdentifier bcOid(ContentCipher c) {
    return switch (c) {
      case AES_128_CCM -> CMSAlgorithm.AES128_CCM;
      case AES_192_CCM -> CMSAlgorithm.AES192_CCM;
      case AES_256_CCM -> CMSAlgorithm.AES256_CCM;
      default -> throw new IllegalArgumentException(c.toString());
    };
  }

  private static OutputAEADEncryptor bcEncryptor(ContentCipher c) throws Exception {
    return (OutputAEADEncryptor)
        new JceCMSContentEncryptorBuilder(bcOid(c)).setProvider(BC).build();
  }

  private static byte[] bcSeal(ContentCipher c, byte[] content, boolean authAttrs)
      throws Exception {
    CMSAuthEnvelopedDataGenerator g = new CMSAuthEnvelopedDataGenerator();
    g.addRecipientInfoGenerator(
        new JceKeyTransRecipientInfoGenerator(alice.certificate()).setProvider(BC));
    if (authAttrs) {
      Hashtable<ASN1ObjectIdentifier, Attribute> t = new Hashtable<>();
      ASN1ObjectIdentifier type = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.6");
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(new DERUTF8String("authenticated by CCM"));
      t.put(type, new Attribute(type, new org.bouncycastle.asn1.DERSet(v)));
      g.setAuthenticatedAttributeGenerator(
          new SimpleAttributeTableGenerator(new AttributeTable(t)));
    }
    return g.generate(new CMSProcessableByteArray(content), bcEncryptor(c)).getEncoded();
  }

  private static byte[] bcSealStreaming(ContentCipher c, byte[] content) throws Exception {
    CMSAuthEnvelopedDataStreamGenerator g = new CMSAuthEnvelopedDataStreamGenerator();
    g.addRecipientInfoGenerator(
        new JceKeyTransRecipientInfoGenerator(alice.certificate()).setProvider(BC));
    g.setBufferSize(1000); // many BER segments
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream os = g.open(out, bcEncryptor(c))) {
      os.write(content);
    }
    return out.toByteArray();
  }

  private static byte[] bcOpen(byte[] message) throws Exception {
    RecipientInformation ri =
        new CMSAuthEnvelopedData(message).getRecipientInfos().getRecipients().iterator().next();
    return ri.getContent(new JceKeyTransAuthEnvelopedRecipient(alice.privateKey()).setProvider(BC));
  }

  private static byte[] seal(ContentCipher c, byte[] content) throws Exception {
    return Envelope.sealer()
        .withCipher(c)
        .withRecipient(Recipient.of(alice.certificate()))
        .seal(content);
  }

  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_128_CCM", "AES_192_CCM", "AES_256_CCM"})
  void bouncyCastleOpensWhatEnvelopeSeals(ContentCipher c) throws Exception {
    for (byte[] content : new byte[][] {new byte[0], {7}, CONTENT}) {
      byte[] der = seal(c, content);
      ContentSpec spec =
          ContentSpec.parse(
              MessageSurgery.decode(der).encryptedContentInfo().contentEncryptionAlgorithm(), true);
      assertThat(spec.algorithm().cliName()).isEqualTo(c.cliName());
      assertThat(spec.iv().length()).isEqualTo(7); // RFC 5084 3.1: L = 8 recommended
      assertThat(spec.tagBytes()).isEqualTo(16);
      assertThat(bcOpen(der)).isEqualTo(content);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_128_CCM", "AES_192_CCM", "AES_256_CCM"})
  void envelopeOpensWhatBouncyCastleSeals(ContentCipher c) throws Exception {
    byte[] der = bcSeal(c, CONTENT, false);
    // BC's defaults: a 12-byte nonce and the DEFAULT ICV length (12), which it leaves out
    AlgorithmIdentifier cea =
        MessageSurgery.decode(der).encryptedContentInfo().contentEncryptionAlgorithm();
    CCMParameters p = CCMParameters.getInstance(cea.parameters().toByteArray());
    assertThat(p.getNonce()).hasSize(12);
    assertThat(p.getIcvLen()).isEqualTo(12);
    assertThat(ASN1Sequence.getInstance(cea.parameters().toByteArray()).size())
        .as("ICV length left out as the DEFAULT")
        .isEqualTo(1);
    ContentSpec spec = ContentSpec.parse(cea, true);
    assertThat(spec.iv().length()).isEqualTo(12);
    assertThat(spec.tagBytes()).isEqualTo(12);
    Decrypted d = Envelope.decrypt(der, alice.keySource());
    assertThat(d.content()).isEqualTo(CONTENT);
    assertThat(d.cipher()).isEqualTo(c);
    assertThat(d.authenticated()).isTrue();

    byte[] mac = ((AuthEnvelopedData) MessageSurgery.decode(der)).mac().toByteArray();
    mac[mac.length - 1] ^= 1;
    byte[] tampered = MessageSurgery.withMac(der, mac);
    assertThatThrownBy(() -> Envelope.decrypt(tampered, alice.keySource()))
        .isExactlyInstanceOf(DecryptionFailedException.class);
  }

  /** authAttrs are CCM's AAD, MACed before the content although they follow it on the wire. */
  @Test
  void authAttrsAreAuthenticated() throws Exception {
    byte[] der = bcSeal(ContentCipher.AES_256_CCM, CONTENT, true);
    assertThat(Envelope.decrypt(der, alice.keySource()).content()).isEqualTo(CONTENT);
    byte[] marker = "authenticated by CCM".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int at = indexOf(der, marker);
    assertThat(at).isPositive();
    byte[] tampered = der.clone();
    tampered[at] ^= 0x20;
    assertThatThrownBy(() -> Envelope.decrypt(tampered, alice.keySource()))
        .isExactlyInstanceOf(DecryptionFailedException.class);
  }

  /** BC's stream generator: BER, indefinite lengths, the content in 1000-byte segments. */
  @Test
  void opensBerOfUnknownLength() throws Exception {
    byte[] ber = bcSealStreaming(ContentCipher.AES_128_CCM, CONTENT);
    assertThat(ber[1] & 0xFF).isEqualTo(0x80);
    assertThat(Envelope.decrypt(ber, alice.keySource()).content()).isEqualTo(CONTENT);
    try (DecryptingInputStream s =
        Envelope.opener().openDecrypting(new ByteArrayInputStream(ber), alice.keySource())) {
      assertThat(s.readAllBytes()).isEqualTo(CONTENT);
      assertThat(s.cipher()).isEqualTo(ContentCipher.AES_128_CCM);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Opened o = Envelope.opener().decrypt(new ByteArrayInputStream(ber), out, alice.keySource());
    assertThat(out.toByteArray()).isEqualTo(CONTENT);
    assertThat(o.authenticated()).isTrue();

    byte[] tampered = ber.clone();
    tampered[tampered.length / 2] ^= 1;
    ByteArrayOutputStream none = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                Envelope.opener()
                    .decrypt(new ByteArrayInputStream(tampered), none, alice.keySource()))
        .isExactlyInstanceOf(DecryptionFailedException.class);
    assertThat(none.size()).isZero();
  }

  /** A multi-MiB message (spooled to a temporary file) opens through every entry point. */
  @Test
  void largeMessageOpensEverywhere() throws Exception {
    byte[] content = OpensslInteropTest.content(BIG);
    byte[] der = seal(ContentCipher.AES_256_CCM, content);
    assertThat(bcOpen(der)).isEqualTo(content);
    assertThat(Envelope.decrypt(der, alice.keySource()).content()).isEqualTo(content);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Envelope.opener().decrypt(new ByteArrayInputStream(der), out, alice.keySource());
    assertThat(out.toByteArray()).isEqualTo(content);
    try (InputStream s =
        Envelope.opener().openDecrypting(new ByteArrayInputStream(der), alice.keySource())) {
      assertThat(s.readAllBytes()).isEqualTo(content);
    }
  }

  /**
   * Negative twins of the large message: a flipped byte at the start, middle and end of the
   * encrypted content, or in the tag, and a truncated message, fail with the one decryption failure
   * (or a format error for the truncation), and nothing is released by any entry point.
   */
  @ParameterizedTest
  @ValueSource(strings = {"start", "middle", "end", "tag"})
  void flippedByteReleasesNothing(String where) throws Exception {
    byte[] content = OpensslInteropTest.content(BIG);
    byte[] der = seal(ContentCipher.AES_128_CCM, content);
    int macTlv = 2 + 16;
    int start = der.length - macTlv - content.length;
    assertThat(java.util.Arrays.copyOfRange(der, start, start + 4))
        .as("the encrypted content sits right before the mac")
        .isNotEqualTo(java.util.Arrays.copyOfRange(content, 0, 4));
    int at =
        switch (where) {
          case "start" -> start;
          case "middle" -> start + content.length / 2;
          case "end" -> start + content.length - 1;
          default -> der.length - 1;
        };
    byte[] tampered = der.clone();
    tampered[at] ^= 0x01;

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                Envelope.opener()
                    .decrypt(new ByteArrayInputStream(tampered), out, alice.keySource()))
        .isExactlyInstanceOf(DecryptionFailedException.class);
    assertThat(out.size()).as("bytes released").isZero();

    assertThatThrownBy(() -> Envelope.decrypt(tampered, alice.keySource()))
        .isExactlyInstanceOf(DecryptionFailedException.class);

    // the stream API: CCM is verified before its first byte, so the first read fails
    byte[] first = new byte[8192];
    assertThatThrownBy(
            () -> {
              try (InputStream s =
                  Envelope.opener()
                      .openDecrypting(new ByteArrayInputStream(tampered), alice.keySource())) {
                s.read(first);
              }
            })
        .isInstanceOfAny(DecryptionFailedException.class, EnvelopeIOException.class);
    assertThat(first).containsOnly((byte) 0);

    // and BC agrees that it is not genuine
    assertThatThrownBy(() -> bcOpen(tampered)).isInstanceOf(Exception.class);
  }

  @Test
  void truncationFails() throws Exception {
    byte[] der = seal(ContentCipher.AES_128_CCM, CONTENT);
    for (int cut : new int[] {1, 2, 17, 18, 19, 100, CONTENT.length}) {
      byte[] truncated = java.util.Arrays.copyOf(der, der.length - cut);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThatThrownBy(
              () ->
                  Envelope.opener()
                      .decrypt(new ByteArrayInputStream(truncated), out, alice.keySource()))
          .isInstanceOfAny(DecryptionFailedException.class, MalformedMessageException.class);
      assertThat(out.size()).isZero();
    }
  }

  /** CCM cannot stream content of unknown length: refused before anything is written. */
  @Test
  void sealingWithoutALengthIsRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                Envelope.sealer()
                    .withCipher(ContentCipher.AES_128_CCM)
                    .withRecipient(Recipient.of(alice.certificate()))
                    .openEncrypting(out))
        .isExactlyInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageContaining("needs the content length");
    assertThat(out.size()).isZero();

    // with the length, DER, and BC opens it
    ByteArrayOutputStream der = new ByteArrayOutputStream();
    try (OutputStream s =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_192_CCM)
            .withRecipient(Recipient.of(alice.certificate()))
            .openEncrypting(der, CONTENT.length)) {
      s.write(CONTENT);
    }
    assertThat(der.toByteArray()[1] & 0xFF).isNotEqualTo(0x80);
    assertThat(bcOpen(der.toByteArray())).isEqualTo(CONTENT);
  }

  /**
   * Parameters: ICV lengths CCM defines but below 12 (no short tags, as for GCM), ICV lengths CCM
   * does not define, and nonces outside 7..13 are format errors before any key is used.
   */
  @Test
  void parametersAreChecked() throws Exception {
    byte[] der = seal(ContentCipher.AES_128_CCM, CONTENT);
    int[][] nonceAndIcv = {{12, 8}, {12, 4}, {12, 10}, {12, 5}, {12, 17}, {6, 16}, {14, 16}};
    for (int[] bad : nonceAndIcv) {
      byte[] params =
          DerWriter.encode(
              w ->
                  w.addSequence(
                      s -> {
                        s.addOctetString(new byte[bad[0]]);
                        s.addInteger(bad[1]);
                      }));
      byte[] rewritten =
          MessageSurgery.withContentInfo(
              der,
              e ->
                  new EncryptedContentInfo(
                      e.contentType(),
                      new AlgorithmIdentifier(Algorithm.AES_128_CCM.oid(), Bytes.of(params)),
                      e.encryptedContent()));
      assertThatThrownBy(() -> Envelope.decrypt(rewritten, alice.keySource()))
          .as("nonce %d, ICV %d", bad[0], bad[1])
          .isExactlyInstanceOf(MalformedMessageException.class);
    }
    // a 13-byte nonce carries at most 65535 bytes: more is a format error, not a key failure
    byte[] big = seal(ContentCipher.AES_128_CCM, new byte[70000]);
    byte[] params13 =
        DerWriter.encode(
            w ->
                w.addSequence(
                    s -> {
                      s.addOctetString(new byte[13]);
                      s.addInteger(16);
                    }));
    byte[] rewritten =
        MessageSurgery.withContentInfo(
            big,
            e ->
                new EncryptedContentInfo(
                    e.contentType(),
                    new AlgorithmIdentifier(Algorithm.AES_128_CCM.oid(), Bytes.of(params13)),
                    e.encryptedContent()));
    assertThatThrownBy(() -> Envelope.decrypt(rewritten, alice.keySource()))
        .isExactlyInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("at most 65535");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
