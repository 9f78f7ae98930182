package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.ContentCipher;
import dev.envelope.DecryptPolicy;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KeyEntry;
import dev.envelope.KeySource;
import dev.envelope.Limits;
import dev.envelope.MessageInfo;
import dev.envelope.OaepHash;
import dev.envelope.OutputFormat;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.RsaPadding;
import dev.envelope.Sealer;
import dev.envelope.cms.EncryptedContentInfo;
import dev.envelope.crypto.MessageSurgery;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.error.PolicyViolationException;
import dev.envelope.interop.TestPki;
import dev.envelope.interop.TestPki.Identity;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Sealer and Opener through the public API only: round trips, recipients, limits, policy. */
class SealerOpenerTest {

  private static Identity alice;
  private static Identity bob;
  private static Identity carol;
  private static Identity mallory;

  private static final byte[] CONTENT =
      "Sealed for several recipients, opened by each.".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void identities() {
    alice = TestPki.rsa(2048, "alice");
    bob = TestPki.rsa(2048, "bob");
    carol = TestPki.rsa(3072, "carol");
    mallory = TestPki.rsa(2048, "mallory");
  }

  // -- round trips --------------------------------------------------------------------------------

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
      for (Transport t : TRANSPORTS) {
        for (RecipientIdentifierType rid : RecipientIdentifierType.values()) {
          cases.add(
              Arguments.of(
                  Named.of(c.cliName() + " " + t.name() + " " + rid, new Case(c, t, rid))));
        }
      }
    }
    return cases.stream();
  }

  static final int[] SIZES = {0, 1, 7, 8, 15, 16, 17, 1000};

  /**
   * Each cipher x key transport x identifier, for content sizes around the block sizes, in every
   * output format, opened with the certificate and with the key alone.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void roundTrip(Case k) throws Exception {
    Sealer sealer =
        Envelope.sealer()
            .withCipher(k.cipher())
            .withRecipient(
                new Recipient.KeyTransport(
                    alice.certificate(), k.transport().padding(), k.transport().hash()))
            .withRecipientIdentifier(k.rid());
    List<String> failures = new ArrayList<>();
    for (int size : SIZES) {
      byte[] content = Arrays.copyOf(CONTENT, size);
      byte[] der = sealer.seal(content);
      for (OutputFormat f : OutputFormat.values()) {
        if (f == OutputFormat.SMIME) {
          continue; // MIME is read by the CLI, not the library (OutputFormatSmimeTest)
        }
        // the key alone (trial or public-half matching) once per size; formats with the pair
        List<KeySource> sources =
            f == OutputFormat.DER
                ? List.of(alice.keySource(), alice.keyOnly())
                : List.of(alice.keySource());
        for (KeySource keys : sources) {
          String id = size + " bytes, " + f + (keys == alice.keySource() ? "" : ", key alone");
          try {
            Decrypted d = Envelope.decrypt(f.encode(der), keys);
            if (!Arrays.equals(d.content(), content)) {
              failures.add(id + ": other content");
            }
            if (d.cipher() != k.cipher() || d.authenticated() != k.cipher().isAuthenticated()) {
              failures.add(id + ": reports " + d.cipher());
            }
            if (d.recipientIndex() != 0 || !d.contentType().equals("1.2.840.113549.1.7.1")) {
              failures.add(id + ": " + d);
            }
          } catch (Exception e) {
            failures.add(id + ": " + e);
          }
        }
      }
    }
    assertThat(failures).isEmpty();

    MessageInfo info = Envelope.inspect(sealer.seal(CONTENT));
    assertThat(info.type())
        .isEqualTo(k.cipher().isAuthenticated() ? "AuthEnvelopedData" : "EnvelopedData");
    assertThat(info.contentCipher().name())
        .isEqualTo(
            k.cipher().cliName().startsWith("rc4")
                ? "rc4" // without a salt its parameters do not say the key length
                : k.cipher().cliName());
    assertThat(Described.identifier(info.recipients().get(0)))
        .startsWith(
            k.rid() == RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER ? "issuer=" : "ski=");
    assertThat(Described.keyTransport(info.recipients().get(0)))
        .isEqualTo(
            k.transport().padding() == RsaPadding.PKCS1
                ? "rsa-pkcs1"
                : "rsa-oaep "
                    + k.transport().hash().cliName()
                    + " mgf1-"
                    + k.transport().hash().cliName());
  }

  @Test
  void defaultsAreAes256GcmOaepSha256IssuerAndSerial() throws Exception {
    byte[] der = Envelope.sealer().withRecipient(Recipient.of(alice.certificate())).seal(CONTENT);
    MessageInfo info = Envelope.inspect(der);

    assertThat(info.type()).isEqualTo("AuthEnvelopedData");
    assertThat(info.contentCipher().name()).isEqualTo("aes-256-gcm");
    assertThat(info.contentCipher().tagLength()).isEqualTo(16);
    assertThat(info.contentCipher().ivLength()).isEqualTo(12);
    assertThat(Described.keyTransport(info.recipients().get(0)))
        .isEqualTo("rsa-oaep sha256 mgf1-sha256");
    assertThat(Described.identifier(info.recipients().get(0))).startsWith("issuer=");
    assertThat(der[0]).isEqualTo((byte) 0x30);
  }

  @Test
  void contentTypeIsCarriedThrough() throws Exception {
    byte[] der =
        Envelope.sealer()
            .withRecipient(Recipient.of(alice.certificate()))
            .withContentType("1.2.840.113549.1.7.2")
            .seal(CONTENT);

    assertThat(Envelope.decrypt(der, alice.keySource()).contentType())
        .isEqualTo("1.2.840.113549.1.7.2");
  }

  @Test
  void streamingSealOpensWithTheByteArrayOpener() throws Exception {
    byte[] big = new byte[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i ^ (i >>> 9));
    }
    ByteArrayOutputStream bout = new ByteArrayOutputStream();
    try (OutputStream out =
        Envelope.sealer().withRecipient(Recipient.of(alice.certificate())).openEncrypting(bout)) {
      out.write(big);
    }

    assertThat(Envelope.decrypt(bout.toByteArray(), alice.keySource()).content()).isEqualTo(big);
  }

  /**
   * Past its first MiB the sealing stream writes ciphertext round a 1 MiB buffer: writes of random
   * sizes (single bytes, pieces across chunk edges, whole chunks) must still give a message that
   * opens to the content, for the stream and block ciphers alike.
   */
  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_256_GCM", "CHACHA20_POLY1305", "AES_256_CBC"})
  void streamingSealOfRandomWriteSizesPastTheFirstMiB(ContentCipher cipher) throws Exception {
    byte[] big = new byte[(3 << 20) + 4321];
    java.util.Random r = new java.util.Random(cipher.ordinal());
    r.nextBytes(big);
    ByteArrayOutputStream bout = new ByteArrayOutputStream();
    try (OutputStream out =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(Recipient.of(alice.certificate()))
            .openEncrypting(bout)) {
      for (int off = 0; off < big.length; ) {
        int n = Math.min(big.length - off, r.nextInt(4) == 0 ? 1 : r.nextInt(200_000));
        if (n == 1) {
          out.write(big[off]);
        } else {
          out.write(big, off, n);
        }
        off += n;
      }
    }
    assertThat(Envelope.decrypt(bout.toByteArray(), alice.keySource()).content()).isEqualTo(big);
  }

  // -- recipients ---------------------------------------------------------------------------------

  private static byte[] forThree(RecipientIdentifierType rid) throws Exception {
    return Envelope.sealer()
        .withCipher(ContentCipher.AES_128_GCM)
        .withRecipient(Recipient.of(alice.certificate()))
        .withRecipient(
            new Recipient.KeyTransport(bob.certificate(), RsaPadding.PKCS1, OaepHash.SHA256))
        .withRecipient(
            new Recipient.KeyTransport(carol.certificate(), RsaPadding.OAEP, OaepHash.SHA512))
        .withRecipientIdentifier(rid)
        .seal(CONTENT);
  }

  private static String serialHex(Identity id) {
    return HexFormat.of().formatHex(id.certificate().getSerialNumber().toByteArray());
  }

  /** The position of {@code id}'s entry, found by its identifier. */
  private static int entryOf(MessageInfo info, Identity id) {
    for (dev.envelope.RecipientSummary r : info.recipients()) {
      if (Described.identifier(r).endsWith("serial=" + serialHex(id))) {
        return r.index();
      }
    }
    throw new AssertionError("no entry for " + id.certificate().getSubjectX500Principal());
  }

  @ParameterizedTest
  @EnumSource(RecipientIdentifierType.class)
  void everyRecipientOpens(RecipientIdentifierType rid) throws Exception {
    byte[] der = forThree(rid);
    MessageInfo info = Envelope.inspect(der);
    assertThat(info.recipients()).hasSize(3);

    for (Identity id : List.of(alice, bob, carol)) {
      Decrypted d = Envelope.decrypt(der, id.keySource());
      assertThat(d.content()).isEqualTo(CONTENT);
      assertThat(d.certificate()).isEqualTo(id.certificate());
      if (rid == RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER) {
        assertThat(d.recipientIndex()).isEqualTo(entryOf(info, id));
      }
      assertThat(Envelope.decrypt(der, id.keyOnly()).content()).isEqualTo(CONTENT);
    }
    // several keys at once: the one that matches opens
    KeySource all =
        KeySource.of(
            List.of(
                new KeyEntry(mallory.certificate(), mallory.privateKey()),
                new KeyEntry(carol.certificate(), carol.privateKey())));
    assertThat(Envelope.decrypt(der, all).certificate()).isEqualTo(carol.certificate());
  }

  /**
   * A certificate without the subjectKeyIdentifier extension: the sealer writes RFC 5280 method 1,
   * and the opener finds the entry with the certificate and with the key alone.
   */
  @Test
  void subjectKeyIdentifierOfACertificateWithoutTheExtension() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    Identity plain = TestPki.selfSigned(g.generateKeyPair(), "no ski", false);
    assertThat(plain.certificate().getExtensionValue("2.5.29.14")).isNull();
    byte[] der =
        Envelope.sealer()
            .withRecipient(Recipient.of(plain.certificate()))
            .withRecipientIdentifier(RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER)
            .seal(CONTENT);
    byte[] spki = plain.certificate().getPublicKey().getEncoded();
    // method 1: SHA-1 over the subjectPublicKey BIT STRING's value (SPKI minus its header parts)
    var info = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki);
    byte[] method1 =
        java.security.MessageDigest.getInstance("SHA-1").digest(info.getPublicKeyData().getBytes());

    assertThat(Described.identifier(Envelope.inspect(der).recipients().get(0)))
        .isEqualTo("ski=" + HexFormat.of().formatHex(method1));
    assertThat(Envelope.decrypt(der, plain.keySource()).content()).isEqualTo(CONTENT);
    assertThat(Envelope.decrypt(der, plain.keyOnly()).content()).isEqualTo(CONTENT);
  }

  @Test
  void aKeyThatIsNoRecipientFails() throws Exception {
    byte[] der = forThree(RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER);

    for (KeySource keys :
        List.of(
            mallory.keySource(),
            mallory.keyOnly(),
            KeySource.of(alice.certificate(), mallory.privateKey()))) {
      Throwable t = catchThrowable(() -> Envelope.decrypt(der, keys));
      assertThat(t).isExactlyInstanceOf(DecryptionFailedException.class);
      assertThat(t).hasMessage(DecryptionFailedException.MESSAGE).hasNoCause();
    }
  }

  @Test
  void noUsableKeyIsNoMatchingRecipient() throws Exception {
    byte[] der = forThree(RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER);
    Identity ec = TestPki.ec("ec only");

    assertThatThrownBy(() -> Envelope.decrypt(der, KeySource.of(List.of())))
        .isExactlyInstanceOf(NoMatchingRecipientException.class);
    assertThatThrownBy(() -> Envelope.decrypt(der, ec.keySource()))
        .isExactlyInstanceOf(NoMatchingRecipientException.class);
    assertThatThrownBy(() -> Envelope.sealer().seal(CONTENT))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThat(Recipient.of(ec.certificate())).isInstanceOf(Recipient.KeyAgreement.class);
  }

  /**
   * A key without its certificate is tried against the entries in message order; maxTrials stops
   * before the entry that would open, and one more trial reaches it.
   */
  @Test
  void maxTrialsBoundsTheTrialDecryptions() throws Exception {
    byte[] der = forThree(RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER);
    MessageInfo info = Envelope.inspect(der);
    Identity last =
        Stream.of(alice, bob, carol).filter(id -> entryOf(info, id) == 2).findFirst().orElseThrow();

    var twoTrials = Envelope.opener().withLimits(Limits.DEFAULT.withMaxTrials(2));
    var threeTrials = Envelope.opener().withLimits(Limits.DEFAULT.withMaxTrials(3));

    assertThatThrownBy(() -> twoTrials.decrypt(der, last.keyOnly()))
        .isExactlyInstanceOf(DecryptionFailedException.class);
    assertThat(threeTrials.decrypt(der, last.keyOnly()).content()).isEqualTo(CONTENT);
    var oneTrial = Envelope.opener().withLimits(Limits.DEFAULT.withMaxTrials(1));
    assertThat(oneTrial.decrypt(der, last.keySource()).content())
        .as("an entry named by the certificate is tried first")
        .isEqualTo(CONTENT);
  }

  // -- limits -------------------------------------------------------------------------------------

  record LimitCase(Limits limits, String mentions) {}

  static Stream<Arguments> limits() {
    return Stream.of(
        Arguments.of(
            Named.of(
                "maxRecipients 2 < 3",
                new LimitCase(Limits.DEFAULT.withMaxRecipients(2), "limit exceeded"))),
        Arguments.of(
            Named.of(
                "maxInMemory 1000 < message",
                new LimitCase(Limits.DEFAULT.withMaxInMemory(1000), "maxInMemory"))),
        Arguments.of(
            Named.of(
                "maxHeaderBytes 200 < header",
                new LimitCase(Limits.DEFAULT.withMaxHeaderBytes(200), "limit exceeded"))),
        Arguments.of(
            Named.of(
                "maxDepth 3 < nesting", new LimitCase(Limits.DEFAULT.withMaxDepth(3), "nesting"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void limitsAreEnforcedWithANamedError(LimitCase c) throws Exception {
    byte[] der = forThree(RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER);

    assertThatThrownBy(
            () -> Envelope.opener().withLimits(c.limits()).decrypt(der, alice.keySource()))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessageContaining(c.mentions());
  }

  @Test
  void sealerLimitAndLimitValidation() {
    Sealer small =
        Envelope.sealer().withRecipient(Recipient.of(alice.certificate())).withMaxInMemory(10);

    assertThatThrownBy(() -> small.seal(new byte[11]))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessageContaining("maxInMemory");
    assertThatThrownBy(() -> Limits.DEFAULT.withMaxTrials(0))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Envelope.sealer().withMaxInMemory(0))
        .isExactlyInstanceOf(IllegalArgumentException.class);
  }

  // -- policy and structure
  // -------------------------------------------------------------------------

  @Test
  void legacyCiphersOpenByDefaultAndAreRefusedByTheModernPolicy() throws Exception {
    byte[] tripleDes =
        Envelope.sealer()
            .withCipher(ContentCipher.DES_EDE3_CBC)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(CONTENT);
    byte[] aes =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_128_CBC)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(CONTENT);
    var modern = Envelope.opener().withPolicy(DecryptPolicy.MODERN);

    assertThat(Envelope.decrypt(tripleDes, alice.keySource()).content()).isEqualTo(CONTENT);
    assertThatThrownBy(() -> modern.decrypt(tripleDes, alice.keySource()))
        .isExactlyInstanceOf(PolicyViolationException.class)
        .hasMessageContaining("3des");
    assertThatThrownBy(() -> modern.decrypt(tripleDes, mallory.keySource()))
        .as("refused before any key is used")
        .isExactlyInstanceOf(PolicyViolationException.class);
    assertThat(modern.decrypt(aes, alice.keySource()).content()).isEqualTo(CONTENT);
    assertThat(ContentCipher.DES_EDE3_CBC.isLegacy()).isTrue();

    // an allow-list (issue 6 item 3): anything else is refused before any key is used
    var gcmOnly = Envelope.opener().withPolicy(DecryptPolicy.only(ContentCipher.AES_256_GCM));
    assertThatThrownBy(() -> gcmOnly.decrypt(aes, mallory.keySource()))
        .isExactlyInstanceOf(PolicyViolationException.class)
        .hasMessage("the policy refuses the cipher aes-128-cbc (allowed: aes-256-gcm)");
    var cbcOnly = Envelope.opener().withPolicy(DecryptPolicy.only(ContentCipher.AES_128_CBC));
    assertThat(cbcOnly.decrypt(aes, alice.keySource()).content()).isEqualTo(CONTENT);
    assertThatThrownBy(() -> cbcOnly.decrypt(tripleDes, alice.keySource()))
        .isExactlyInstanceOf(PolicyViolationException.class);
  }

  @Test
  void gcmInEnvelopedDataIsRejected() throws Exception {
    byte[] gcm =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_GCM)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(CONTENT);
    byte[] spoiled = MessageSurgery.asEnvelopedData(gcm);

    assertThat(Envelope.inspect(spoiled).type()).isEqualTo("EnvelopedData");
    assertThatThrownBy(() -> Envelope.decrypt(spoiled, alice.keySource()))
        .isExactlyInstanceOf(MalformedMessageException.class);
  }

  @Test
  void cbcInAuthEnvelopedDataIsRejected() throws Exception {
    byte[] cbc =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_CBC)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(CONTENT);
    byte[] spoiled = MessageSurgery.asAuthEnvelopedData(cbc, new byte[16]);

    assertThat(Envelope.inspect(spoiled).type()).isEqualTo("AuthEnvelopedData");
    assertThatThrownBy(() -> Envelope.decrypt(spoiled, alice.keySource()))
        .isExactlyInstanceOf(MalformedMessageException.class);
  }

  record BadInput(byte[] bytes) {}

  static Stream<Arguments> notMessages() {
    return Stream.of(
        Arguments.of(Named.of("empty", new BadInput(new byte[0]))),
        Arguments.of(
            Named.of("text", new BadInput("hello, world".getBytes(StandardCharsets.US_ASCII)))),
        Arguments.of(
            Named.of(
                "PEM with another label",
                new BadInput(
                    "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"
                        .getBytes(StandardCharsets.US_ASCII)))),
        Arguments.of(Named.of("empty SEQUENCE", new BadInput(new byte[] {0x30, 0x00}))),
        Arguments.of(
            Named.of("SEQUENCE cut short", new BadInput(new byte[] {0x30, (byte) 0x82, 0x01}))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notMessages")
  void notAMessageIsMalformed(BadInput in) {
    assertThatThrownBy(() -> Envelope.decrypt(in.bytes(), alice.keySource()))
        .isExactlyInstanceOf(MalformedMessageException.class);
  }

  @Test
  void base64WithAnyLineBreaksIsRead() throws Exception {
    byte[] der = Envelope.sealer().withRecipient(Recipient.of(alice.certificate())).seal(CONTENT);
    String b64 =
        java.util.Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(der);

    assertThat(
            Envelope.decrypt(b64.getBytes(StandardCharsets.US_ASCII), alice.keySource()).content())
        .isEqualTo(CONTENT);
  }

  /** A sealed message with its encryptedContent taken out (RFC 5652: detached content). */
  private static byte[] detached(ContentCipher cipher) throws Exception {
    byte[] der =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(CONTENT);
    return MessageSurgery.withContentInfo(
        der, e -> new EncryptedContentInfo(e.contentType(), e.contentEncryptionAlgorithm(), null));
  }

  /** With the right key, a wrong key, or a wrong key claiming the right certificate. */
  private static List<KeySource> anyKey() {
    return List.of(
        alice.keySource(),
        mallory.keySource(),
        KeySource.of(alice.certificate(), mallory.privateKey()));
  }

  private static void assertNeverOpens(byte[] message) throws Exception {
    for (KeySource keys : anyKey()) {
      Throwable t = catchThrowable(() -> Envelope.decrypt(message, keys));
      assertThat(t).isExactlyInstanceOf(DecryptionFailedException.class);
      assertThat(t).hasMessage(DecryptionFailedException.MESSAGE).hasNoCause();
    }
  }

  /**
   * A message whose encryptedContent is absent is described by inspect (length -1) and fails to
   * open as the one decryption failure, whatever the key, like the .NET vector
   * Decrypt_512_NoData_FixedValue: decrypting nothing cannot tell a right key from a wrong one.
   * (Regression: until EnvelopeReader.finish stopped closing the EncryptedContentInfo twice, this
   * threw NullPointerException for EnvelopedData and "unexpected trailing data" for
   * AuthEnvelopedData.)
   */
  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_128_GCM", "AES_192_GCM", "AES_256_GCM"})
  void absentEncryptedContentNeverOpensAead(ContentCipher cipher) throws Exception {
    byte[] message = detached(cipher);

    assertThat(Envelope.inspect(message).encryptedContentLength()).isEqualTo(-1);
    assertNeverOpens(message);
  }

  /** The same for CBC (EnvelopedData), where nothing but the padding could fail. */
  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_128_CBC", "AES_192_CBC", "AES_256_CBC", "DES_EDE3_CBC"})
  void absentEncryptedContentNeverOpensCbc(ContentCipher cipher) throws Exception {
    byte[] message = detached(cipher);

    assertThat(Envelope.inspect(message).encryptedContentLength()).isEqualTo(-1);
    assertNeverOpens(message);
  }

  /**
   * A zero-length CBC ciphertext is never valid (PKCS #7 padding adds at least one block): it must
   * not open, as a decryption failure or a format error.
   */
  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_128_CBC", "AES_256_CBC", "DES_EDE3_CBC"})
  void emptyCbcCiphertextNeverOpens(ContentCipher cipher) throws Exception {
    byte[] der =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(CONTENT);
    byte[] empty = MessageSurgery.withEncryptedContent(der, new byte[0]);

    assertThat(Envelope.inspect(empty).encryptedContentLength()).isZero();
    for (KeySource keys : anyKey()) {
      Throwable t = catchThrowable(() -> Envelope.decrypt(empty, keys));
      assertThat(t)
          .isNotNull()
          .isInstanceOfAny(DecryptionFailedException.class, MalformedMessageException.class);
    }
  }
}
