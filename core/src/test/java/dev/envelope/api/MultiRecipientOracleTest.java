package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.OaepHash;
import dev.envelope.Recipient;
import dev.envelope.RsaPadding;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.cms.RecipientInfoCodec;
import dev.envelope.crypto.MessageSurgery;
import dev.envelope.interop.TestPki;
import dev.envelope.interop.TestPki.Identity;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY.md #12 (OR-multi-recipient, the CVE-2019-1563 scenario): next to the valid key transport
 * entry for our key sits a second one with the same rid (or, with the key alone, in trial mode)
 * whose encryptedKey is (a) PKCS #1-valid around another content key or (b) not PKCS #1 at all.
 * Whatever the order, the observable result (success, content, the entry reported, or the
 * exception) is the same for (a) and (b): the other entry cannot tell the sender anything about the
 * padding, and cannot steer which content comes out.
 */
class MultiRecipientOracleTest {

  private static final byte[] CONTENT =
      "two entries for one key; only one of them is genuine".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private static Identity alice;

  @BeforeAll
  static void keys() {
    alice = TestPki.rsa(2048, "alice");
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (ContentCipher c : List.of(ContentCipher.AES_256_GCM, ContentCipher.AES_256_CBC)) {
      out.add(Arguments.of(c, true));
      out.add(Arguments.of(c, false));
    }
    return out.stream();
  }

  /** What the caller sees: the content and entry, or the exception's type and message. */
  record Outcome(String what, int recipientIndex) {
    static Outcome of(byte[] message, KeySource keys) {
      try {
        Decrypted d = Envelope.decrypt(message, keys);
        return new Outcome(
            Arrays.equals(d.content(), CONTENT) ? "the real content" : "other content",
            d.recipientIndex());
      } catch (Exception e) {
        return new Outcome(e.getClass().getName() + ": " + e.getMessage(), -1);
      }
    }
  }

  @ParameterizedTest(name = "{0}, with certificate {1}")
  @MethodSource("cases")
  void multiRecipientOtherEntriesCannotSteerTheOutcome_12(
      ContentCipher cipher, boolean withCertificate) throws Exception {
    byte[] der =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(
                new Recipient.KeyTransport(alice.certificate(), RsaPadding.PKCS1, OaepHash.SHA256))
            .seal(CONTENT);
    KeyTransRecipientInfo genuine = MessageSurgery.ktri(der);
    KeySource keys = withCertificate ? alice.keySource() : alice.keyOnly();
    int cekLength = cipher.keyBits() / 8;

    // (a) valid PKCS #1 v1.5 around another content key; (b) a block that is not PKCS #1 at all.
    // For CBC, a wrong key passes the padding check about once in 256: pick ones that do not,
    // alone,
    // so that the comparison below is deterministic (the property is about the other entry).
    KeyTransRecipientInfo validOther =
        failingAlone(der, keys, () -> sibling(genuine, pkcs1(randomBytes(cekLength))));
    KeyTransRecipientInfo invalidOther =
        failingAlone(der, keys, () -> sibling(genuine, textbook(notPkcs1())));

    for (boolean genuineFirst : new boolean[] {true, false}) {
      Outcome a = Outcome.of(inOrder(der, genuine, validOther, genuineFirst), keys);
      Outcome b = Outcome.of(inOrder(der, genuine, invalidOther, genuineFirst), keys);

      assertThat(a).as("genuine entry first: %s", genuineFirst).isEqualTo(b);
      // the policy: matching entries in order, the first whose key opens the content wins
      assertThat(a).isEqualTo(new Outcome("the real content", genuineFirst ? 0 : 1));
    }
  }

  private static KeyTransRecipientInfo sibling(KeyTransRecipientInfo genuine, byte[] ek) {
    return new KeyTransRecipientInfo(genuine.rid(), genuine.keyEncryptionAlgorithm(), Bytes.of(ek));
  }

  interface Maker {
    KeyTransRecipientInfo make() throws Exception;
  }

  /** An entry that, as the message's only one, fails to open it (as it must, but for CBC luck). */
  private static KeyTransRecipientInfo failingAlone(byte[] der, KeySource keys, Maker maker)
      throws Exception {
    for (int i = 0; i < 64; i++) {
      KeyTransRecipientInfo k = maker.make();
      byte[] alone = withRecipients(der, List.of(k));
      Outcome o = Outcome.of(alone, keys);
      assertThat(o.what()).as("never the real content").isNotEqualTo("the real content");
      if (o.recipientIndex() < 0) {
        return k;
      }
    }
    throw new AssertionError("64 random keys in a row passed the CBC padding check");
  }

  /** The message with exactly these two entries, in this order on the wire. */
  private static byte[] inOrder(
      byte[] der, RecipientInfo genuine, RecipientInfo other, boolean genuineFirst) {
    byte[] m = withRecipients(der, List.of(genuine, other));
    byte[] g = encode(genuine);
    byte[] o = encode(other);
    assertThat(g.length).as("entries of one size, so they can swap places").isEqualTo(o.length);
    int at = Math.min(indexOf(m, g), indexOf(m, o));
    byte[] first = genuineFirst ? g : o;
    byte[] second = genuineFirst ? o : g;
    System.arraycopy(first, 0, m, at, first.length);
    System.arraycopy(second, 0, m, at + first.length, second.length);
    List<RecipientInfo> read = MessageSurgery.decode(m).recipientInfos();
    assertThat(read)
        .containsExactly(genuineFirst ? genuine : other, genuineFirst ? other : genuine);
    return m;
  }

  private static byte[] withRecipients(byte[] der, List<RecipientInfo> ris) {
    CmsMessage m = MessageSurgery.decode(der);
    return CmsCodec.encode(m.withRecipientInfos(ris));
  }

  private static byte[] encode(RecipientInfo ri) {
    return DerWriter.encode(w -> RecipientInfoCodec.write(w, ri));
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
    throw new AssertionError("entry not found in the message");
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static byte[] pkcs1(byte[] cek) throws Exception {
    Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    c.init(Cipher.ENCRYPT_MODE, alice.certificate().getPublicKey());
    return c.doFinal(cek);
  }

  /** 00 02 followed by non-zero bytes only: no separator, so no message (RFC 8017 7.2.2). */
  private static byte[] notPkcs1() {
    byte[] em = new byte[256];
    em[1] = 2;
    for (int i = 2; i < em.length; i++) {
      em[i] = (byte) (1 + RANDOM.nextInt(255));
    }
    return em;
  }

  /** Textbook RSA, so that any block can be sent. */
  private static byte[] textbook(byte[] em) {
    RSAPublicKey pub = (RSAPublicKey) alice.certificate().getPublicKey();
    byte[] c =
        new BigInteger(1, em).modPow(pub.getPublicExponent(), pub.getModulus()).toByteArray();
    byte[] out = new byte[256];
    int n = Math.min(c.length, 256);
    System.arraycopy(c, c.length - n, out, 256 - n, n);
    return out;
  }
}
