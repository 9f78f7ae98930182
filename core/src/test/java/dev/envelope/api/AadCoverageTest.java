package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.ContentCipher;
import dev.envelope.DecryptingInputStream;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.armor.Armor;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.crypto.MessageSurgery;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.interop.TestPki;
import dev.envelope.interop.TestPki.Identity;
import dev.envelope.vectors.Vectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.SimpleAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md #28 (ST-aad-coverage): what AES-GCM AuthEnvelopedData authenticates really is
 * authenticated. On OpenSSL's test message with authAttrs and unauthAttrs (shared vectors, opened
 * with its KEK): every byte of the authAttrs, every byte of the GCM nonce and the aes-ICVlen
 * parameter changed makes it fail; a change to the unauthAttrs does not. The same for a Bouncy
 * Castle message (BC feeds the authAttrs to GCM as AAD). Empty content: a wrong tag fails, and the
 * stream must be drained to the end to count as verified.
 */
class AadCoverageTest {

  private static final String OPENSSL = "openssl/authenveloped_attrs.pem";

  /** The vector's KEK and KEKIdentifier (manifest.csv: kekri keyIdentifier=C0FEE0). */
  private static final KeySource KEK =
      KeySource.kek(
          HexFormat.of().parseHex("C0FEE0"),
          HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F"));

  // offsets in the vector's binary (openssl asn1parse): see the test's assertions on them
  private static final int NONCE = 105; // 12 bytes
  private static final int ICV_LEN = 119; // INTEGER 16
  private static final int AUTH_ATTRS = 158; // [1] ... 24 bytes
  private static final int AUTH_ATTRS_END = 182;
  private static final int MAC = 184; // 16 bytes
  private static final int UNAUTH_VALUE = 219; // "world"

  private static Identity alice;

  @BeforeAll
  static void keys() {
    alice = TestPki.rsa(2048, "alice");
    if (Security.getProvider("BC") == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  private static byte[] vector() {
    return Armor.unarmor(Vectors.read(OPENSSL)).orElseThrow().binary();
  }

  private static byte[] flip(byte[] b, int at, int mask) {
    byte[] c = b.clone();
    c[at] ^= (byte) mask;
    return c;
  }

  /** A spoiled message must never open, whatever the exception. */
  private static Throwable neverOpens(byte[] m, KeySource keys) {
    Throwable t = catchThrowable(() -> Envelope.decrypt(m, keys));
    assertThat(t).isNotNull().isInstanceOf(EnvelopeException.class);
    return t;
  }

  @Test
  void everyAuthenticatedFieldIsAuthenticated_28() throws Exception {
    byte[] v = vector();
    assertThat(Envelope.decrypt(v, KEK).content())
        .isEqualTo(Vectors.read("openssl/expected-authenveloped_attrs.txt"));
    assertThat(v[AUTH_ATTRS] & 0xFF).as("authAttrs [1]").isEqualTo(0xa1);
    assertThat(v[NONCE - 2]).as("nonce OCTET STRING").isEqualTo((byte) 0x04);
    assertThat(v[ICV_LEN]).as("aes-ICVlen").isEqualTo((byte) 16);
    assertThat(v[MAC - 2]).as("mac OCTET STRING").isEqualTo((byte) 0x04);
    assertThat(new String(v, UNAUTH_VALUE, 5, StandardCharsets.UTF_8)).isEqualTo("world");

    List<String> opened = new ArrayList<>();
    // every byte of the authAttrs: its tag, lengths, OID, SET and value; a bit in each
    for (int at = AUTH_ATTRS; at < AUTH_ATTRS_END; at++) {
      final int i = at;
      for (int mask : new int[] {0x01, 0x80}) {
        Throwable t = catchThrowable(() -> Envelope.decrypt(flip(vector(), i, mask), KEK));
        if (t == null) {
          opened.add("authAttrs byte " + at + " ^ " + mask);
        } else if (at >= AUTH_ATTRS + 6) {
          // past the tags and lengths (OID contents, SET, value): it decodes, the tag fails
          assertThat(t).as("authAttrs byte %d", at).isInstanceOf(EnvelopeException.class);
        }
      }
    }
    // the OID's contents and the attribute value: always the authentication failure
    for (int at : new int[] {AUTH_ATTRS + 6, AUTH_ATTRS + 12, AUTH_ATTRS + 19, AUTH_ATTRS + 23}) {
      assertThat(catchThrowable(() -> Envelope.decrypt(flip(vector(), at, 0x01), KEK)))
          .as("authAttrs content byte %d", at)
          .isExactlyInstanceOf(DecryptionFailedException.class);
    }
    for (int at = NONCE; at < NONCE + 12; at++) {
      final int i = at;
      assertThat(catchThrowable(() -> Envelope.decrypt(flip(vector(), i, 0x01), KEK)))
          .as("nonce byte %d", at)
          .isExactlyInstanceOf(DecryptionFailedException.class);
    }
    // aes-ICVlen 16 -> 12, 13, 15 (another tag length than sent) and 17 (not allowed)
    for (int icv : new int[] {12, 13, 15, 17}) {
      byte[] m = vector();
      m[ICV_LEN] = (byte) icv;
      neverOpens(m, KEK);
    }
    assertThat(opened).as("changes that still opened").isEmpty();
  }

  @Test
  void unauthenticatedAttributesMayChange_28() throws Exception {
    byte[] m = flip(vector(), UNAUTH_VALUE, 0x20); // "world" -> "World"
    assertThat(new String(m, UNAUTH_VALUE, 5, StandardCharsets.UTF_8)).isEqualTo("World");
    var d = Envelope.decrypt(m, KEK);
    assertThat(d.content()).isEqualTo(Vectors.read("openssl/expected-authenveloped_attrs.txt"));
    // and the same message with its mac changed fails, so the change above was not ignored blindly
    neverOpens(flip(vector(), MAC + 10, 0x01), KEK);
  }

  private static byte[] bouncyCastleWithAuthAttrs(byte[] content) throws Exception {
    CMSAuthEnvelopedDataGenerator g = new CMSAuthEnvelopedDataGenerator();
    g.addRecipientInfoGenerator(
        new JceKeyTransRecipientInfoGenerator(alice.certificate()).setProvider("BC"));
    Hashtable<ASN1ObjectIdentifier, Attribute> t = new Hashtable<>();
    ASN1ObjectIdentifier type = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.28");
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new DERUTF8String("authenticated by GCM"));
    t.put(type, new Attribute(type, new DERSet(v)));
    g.setAuthenticatedAttributeGenerator(new SimpleAttributeTableGenerator(new AttributeTable(t)));
    OutputAEADEncryptor enc =
        (OutputAEADEncryptor)
            new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM).setProvider("BC").build();
    return g.generate(new CMSProcessableByteArray(content), enc).getEncoded();
  }

  @Test
  void bouncyCastleAuthAttrsAreAad_28() throws Exception {
    byte[] content = "content under authenticated attributes".getBytes(StandardCharsets.UTF_8);
    byte[] der = bouncyCastleWithAuthAttrs(content);
    assertThat(((AuthEnvelopedData) MessageSurgery.decode(der)).authAttrs()).isNotEmpty();
    assertThat(Envelope.decrypt(der, alice.keySource()).content()).isEqualTo(content);

    byte[] marker = "authenticated by GCM".getBytes(StandardCharsets.UTF_8);
    int at = indexOf(der, marker);
    assertThatThrownBy(() -> Envelope.decrypt(flip(der, at, 0x20), alice.keySource()))
        .isExactlyInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void emptyContentWithAWrongTagFailsAndMustBeDrained_28() throws Exception {
    byte[] der =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_GCM)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(new byte[0]);
    assertThat(Envelope.decrypt(der, alice.keySource()).content()).isEmpty();
    byte[] mac = ((AuthEnvelopedData) MessageSurgery.decode(der)).mac().toByteArray();
    mac[0] ^= 1;
    byte[] wrongTag = MessageSurgery.withMac(der, mac);
    assertThatThrownBy(() -> Envelope.decrypt(wrongTag, alice.keySource()))
        .isExactlyInstanceOf(DecryptionFailedException.class);

    // drained: the end is reached and verified; the wrong tag fails at that first read
    try (DecryptingInputStream s =
        Envelope.opener().openDecrypting(new ByteArrayInputStream(der), alice.keySource())) {
      assertThat(s.read()).isEqualTo(-1);
    }
    assertThatThrownBy(
            () -> {
              try (DecryptingInputStream s =
                  Envelope.opener()
                      .openDecrypting(new ByteArrayInputStream(wrongTag), alice.keySource())) {
                s.read();
              }
            })
        .isInstanceOf(IOException.class);
    // undrained: closing without reading the (empty) end is not a verified result
    assertThatThrownBy(
            () ->
                Envelope.opener()
                    .openDecrypting(new ByteArrayInputStream(der), alice.keySource())
                    .close())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not verified");
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
    throw new AssertionError("not found");
  }
}
