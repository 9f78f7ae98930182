package dev.envelope.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Readdress;
import dev.envelope.Recipient;
import dev.envelope.armor.Armor;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.error.RecipientChangeException;
import dev.envelope.interop.KeyAgreePki;
import dev.envelope.interop.TestPki;
import dev.envelope.interop.TestPki.Identity;
import dev.envelope.recipient.MlKemFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.PasswordRecipient;
import org.bouncycastle.cms.PasswordRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKEMAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEMEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcePasswordAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcePasswordEnvelopedRecipient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Readdress}: recipients added for a message's existing content key and entries removed,
 * with everything else byte for byte as it was (encrypted content, algorithm, originatorInfo,
 * attributes, mac), checked with the project's own reader; the version derived again; DER stays
 * DER, BER stays BER, PEM stays PEM; Bouncy Castle opens the added password, X25519 and ML-KEM
 * entries. Negative twins: a wrong key or a modified content fails to add with nothing written; a
 * removal that matches nothing, or that would leave nobody, is refused.
 */
class ReaddressTest {
  private static final char[] NEW_PASSWORD = "a new pässword".toCharArray();

  @TempDir static Path dir;
  static Identity ec;
  static KeySource rsaKeys;

  @BeforeAll
  static void setUp() {
    ec = TestPki.ec("readdress-ec");
    rsaKeys = KeySource.of(BcMessages.RSA_CERT, BcMessages.RSA.getPrivate());
  }

  /** A message read with the project's reader: header, encrypted content, fields as sent. */
  record Parsed(EnvelopeReader.Header header, byte[] content, EnvelopeReader.Verbatim verbatim) {}

  static Parsed parse(byte[] message) throws Exception {
    EnvelopeReader r =
        EnvelopeReader.open(Armor.decoding(new ByteArrayInputStream(message)), CmsLimits.DEFAULT);
    byte[] content = r.encryptedContent().readAllBytes();
    r.finish();
    return new Parsed(r.header(), content, r.verbatim());
  }

  static byte[] apply(Readdress r, byte[] message, KeySource keys) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.apply(new ByteArrayInputStream(message), out, keys);
    return out.toByteArray();
  }

  static void assertUnchangedBut(byte[] before, byte[] after) throws Exception {
    Parsed a = parse(before);
    Parsed b = parse(after);
    assertThat(b.content()).as("encrypted content").isEqualTo(a.content());
    assertThat(b.verbatim().contentInfoHead()).isEqualTo(a.verbatim().contentInfoHead());
    assertThat(b.verbatim().originatorInfo()).isEqualTo(a.verbatim().originatorInfo());
    assertThat(b.verbatim().trailer()).as("attributes and mac").isEqualTo(a.verbatim().trailer());
    assertThat(b.verbatim().definite()).isEqualTo(a.verbatim().definite());
  }

  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"enveloped", "authEnveloped", "envelopedStream", "authEnvelopedStream"})
  void addsAnEcRecipientToAnRsaMessageAndKeepsEverythingElse(String kind) throws Exception {
    byte[] before =
        switch (kind) {
          case "enveloped" -> BcMessages.enveloped(true, BcMessages.ktri());
          case "authEnveloped" -> BcMessages.authEnveloped(BcMessages.ktri());
          case "envelopedStream" ->
              BcMessages.envelopedStream(100, BcMessages.PLAINTEXT, BcMessages.ktri());
          default -> BcMessages.authEnvelopedStream(100, BcMessages.ktri());
        };
    byte[] after =
        apply(
            Envelope.readdress().withAddedRecipient(Recipient.of(ec.certificate())),
            before,
            rsaKeys);
    assertUnchangedBut(before, after);
    assertThat(after[1] == (byte) 0x80).isEqualTo(before[1] == (byte) 0x80);
    assertThat(parse(after).header().recipientInfos()).hasSize(2);
    assertThat(Envelope.decrypt(after, ec.keySource()).content()).isEqualTo(BcMessages.PLAINTEXT);
    assertThat(Envelope.decrypt(after, rsaKeys).content()).isEqualTo(BcMessages.PLAINTEXT);
    boolean auth = kind.startsWith("auth");
    assertThat(
            bcOpen(
                after,
                auth,
                ri -> ri.getRID().match(holder(ec)),
                auth
                    ? new JceKeyAgreeAuthEnvelopedRecipient(ec.privateKey())
                        .setProvider(BcMessages.BC)
                    : new JceKeyAgreeEnvelopedRecipient(ec.privateKey())
                        .setProvider(BcMessages.BC)))
        .isEqualTo(BcMessages.PLAINTEXT);
  }

  @Test
  void removesByCertificateIndexAndKekId() throws Exception {
    byte[] before =
        BcMessages.enveloped(true, BcMessages.ktri(), BcMessages.kekri(), BcMessages.pwri());
    byte[] noRsa = apply(Envelope.readdress().withoutRecipient(BcMessages.RSA_CERT), before, null);
    assertUnchangedBut(before, noRsa);
    assertThat(parse(noRsa).header().recipientInfos())
        .hasSize(2)
        .noneMatch(KeyTransRecipientInfo.class::isInstance);
    assertThatThrownBy(() -> Envelope.decrypt(noRsa, rsaKeys))
        .isInstanceOf(NoMatchingRecipientException.class);
    KeySource kek = KeySource.kek(BcMessages.KEK_ID, BcMessages.KEK.getEncoded());
    assertThat(Envelope.decrypt(noRsa, kek).content()).isEqualTo(BcMessages.PLAINTEXT);

    byte[] noKek = apply(Envelope.readdress().withoutKek(BcMessages.KEK_ID), before, null);
    assertThat(parse(noKek).header().recipientInfos())
        .hasSize(2)
        .noneMatch(KekRecipientInfo.class::isInstance);
    assertThat(Envelope.decrypt(noKek, rsaKeys).content()).isEqualTo(BcMessages.PLAINTEXT);

    int pwri = indexOf(parse(before).header().recipientInfos(), PasswordRecipientInfo.class);
    byte[] noPassword = apply(Envelope.readdress().withoutRecipientAt(pwri), before, null);
    assertThat(parse(noPassword).header().recipientInfos())
        .hasSize(2)
        .noneMatch(PasswordRecipientInfo.class::isInstance);
    assertThatThrownBy(() -> Envelope.decrypt(noPassword, KeySource.password(BcMessages.PASSWORD)))
        .isInstanceOf(NoMatchingRecipientException.class);
  }

  @Test
  void theVersionIsDerivedAgain() throws Exception {
    // ktri with issuerAndSerialNumber only, no originatorInfo or attributes: version 0
    byte[] before =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_CBC)
            .withRecipient(Recipient.of(BcMessages.RSA_CERT))
            .seal(BcMessages.PLAINTEXT);
    assertThat(parse(before).header().version()).isZero();
    // a pwri makes it 3 (RFC 5652 6.1)
    byte[] withPassword =
        apply(
            Envelope.readdress().withAddedRecipient(Recipient.password(NEW_PASSWORD)),
            before,
            rsaKeys);
    assertThat(parse(withPassword).header().version()).isEqualTo(3);
    int pwri = indexOf(parse(withPassword).header().recipientInfos(), PasswordRecipientInfo.class);
    byte[] back = apply(Envelope.readdress().withoutRecipientAt(pwri), withPassword, null);
    assertThat(parse(back).header().version()).isZero();
    assertThat(back).isEqualTo(before); // DER in, DER out, the same recipient entry
  }

  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_256_GCM", "AES_256_CBC"})
  void bouncyCastleOpensAddedPasswordX25519AndMlKemEntries(ContentCipher cipher) throws Exception {
    Identity x25519 = KeyAgreePki.identity("x25519", "readdress-x25519");
    MlKemFixtures.KemIdentity kem = MlKemFixtures.identity("ml-kem-768");
    byte[] before =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(Recipient.of(BcMessages.RSA_CERT))
            .seal(BcMessages.PLAINTEXT);
    byte[] after =
        apply(
            Envelope.readdress()
                .withAddedRecipient(
                    new Recipient.Password(NEW_PASSWORD, dev.envelope.KdfHash.SHA256, 2048))
                .withAddedRecipient(Recipient.of(x25519.certificate()))
                .withAddedRecipient(Recipient.of(kem.certificate())),
            before,
            rsaKeys);
    assertUnchangedBut(before, after);
    boolean auth = cipher.isAuthenticated();
    var bc = BcMessages.BC;
    assertThat(
            bcOpen(
                after,
                auth,
                PasswordRecipientInformation.class::isInstance,
                auth
                    ? new JcePasswordAuthEnvelopedRecipient(NEW_PASSWORD)
                        .setPasswordConversionScheme(PasswordRecipient.PKCS5_SCHEME2_UTF8)
                        .setProvider(bc)
                    : new JcePasswordEnvelopedRecipient(NEW_PASSWORD)
                        .setPasswordConversionScheme(PasswordRecipient.PKCS5_SCHEME2_UTF8)
                        .setProvider(bc)))
        .isEqualTo(BcMessages.PLAINTEXT);
    assertThat(
            bcOpen(
                after,
                auth,
                ri -> ri.getRID().match(holder(x25519)),
                auth
                    ? new JceKeyAgreeAuthEnvelopedRecipient(x25519.privateKey()).setProvider(bc)
                    : new JceKeyAgreeEnvelopedRecipient(x25519.privateKey()).setProvider(bc)))
        .isEqualTo(BcMessages.PLAINTEXT);
    assertThat(
            bcOpen(
                after,
                auth,
                ri -> ri.getRID().match(holder(kem.certificate())),
                auth
                    ? new JceKEMAuthEnvelopedRecipient(kem.privateKey()).setProvider(bc)
                    : new JceKEMEnvelopedRecipient(kem.privateKey()).setProvider(bc)))
        .isEqualTo(BcMessages.PLAINTEXT);
    assertThat(Envelope.decrypt(after, KeySource.of(kem.certificate(), kem.privateKey())).content())
        .isEqualTo(BcMessages.PLAINTEXT);
  }

  @Test
  void pemStaysPemAndAFileAppearsWhole() throws Exception {
    byte[] der = BcMessages.authEnveloped(BcMessages.ktri());
    byte[] pem = Armor.pem(der).getBytes(StandardCharsets.US_ASCII);
    Readdress add = Envelope.readdress().withAddedRecipient(Recipient.of(ec.certificate()));
    byte[] after = apply(add, pem, rsaKeys);
    assertThat(new String(after, StandardCharsets.US_ASCII)).startsWith("-----BEGIN CMS-----\n");
    assertUnchangedBut(der, after);

    Path in = Files.write(dir.resolve("in.p7m"), der);
    Path out = dir.resolve("out.p7m");
    Readdress.Result r = add.apply(in, out, rsaKeys, false);
    assertThat(r).isEqualTo(new Readdress.Result(0, 1, 2));
    assertThat(Envelope.decrypt(Files.readAllBytes(out), ec.keySource()).content())
        .isEqualTo(BcMessages.PLAINTEXT);
    assertThatThrownBy(() -> add.apply(in, in, rsaKeys, true))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("over the input");
  }

  // ---------------------------------------------------------------------------------------------
  // negative twins: nothing is written

  @Test
  void aWrongKeyAddsNothing() throws Exception {
    byte[] before = BcMessages.authEnveloped(BcMessages.ktri());
    Identity other = TestPki.rsa(2048, "readdress-wrong");
    Readdress add = Envelope.readdress().withAddedRecipient(Recipient.of(ec.certificate()));
    assertNothingWritten(add, before, other.keySource(), DecryptionFailedException.class);
    assertNothingWritten(add, before, ec.keySource(), NoMatchingRecipientException.class);
    Path in = Files.write(dir.resolve("wrong-key.p7m"), before);
    Path out = dir.resolve("wrong-key.out");
    assertThatThrownBy(() -> add.apply(in, out, other.keySource(), false))
        .isInstanceOf(DecryptionFailedException.class);
    assertThat(out).doesNotExist();
    assertThat(Files.list(dir))
        .noneMatch(p -> p.getFileName().toString().contains("wrong-key.out"));
  }

  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_256_GCM", "AES_256_CBC"})
  void aModifiedContentAddsNothing(ContentCipher cipher) throws Exception {
    byte[] before =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(Recipient.of(BcMessages.RSA_CERT))
            .seal(BcMessages.PLAINTEXT);
    Parsed p = parse(before);
    // the last ciphertext byte: the tag (GCM) or the padding (CBC) no longer checks
    int at = lastIndexOf(before, p.content());
    byte[] spoiled = before.clone();
    spoiled[at + p.content().length - 1] ^= 1;
    Readdress add = Envelope.readdress().withAddedRecipient(Recipient.of(ec.certificate()));
    assertNothingWritten(add, spoiled, rsaKeys, DecryptionFailedException.class);
    // and a truncated message is malformed, with nothing written
    byte[] truncated = java.util.Arrays.copyOf(before, before.length - 3);
    assertNothingWritten(add, truncated, rsaKeys, MalformedMessageException.class);
    assertNothingWritten(
        Envelope.readdress()
            .withoutRecipientAt(0)
            .withAddedRecipient(Recipient.of(ec.certificate())),
        truncated,
        rsaKeys,
        MalformedMessageException.class);
  }

  @Test
  void aRemovalThatMatchesNothingOrLeavesNobodyIsRefused() throws Exception {
    byte[] before = BcMessages.enveloped(false, BcMessages.ktri(), BcMessages.kekri());
    var noSuch =
        catchRecipientChange(
            Envelope.readdress().withoutKek(BcMessages.KEK_ID).withoutRecipient(ec.certificate()),
            before);
    assertThat(noSuch.removal()).isEqualTo(1);
    assertThat(noSuch.getMessage()).contains("readdress-ec");
    assertThat(catchRecipientChange(Envelope.readdress().withoutRecipientAt(2), before).removal())
        .isZero();
    var everyone =
        catchRecipientChange(
            Envelope.readdress().withoutRecipient(BcMessages.RSA_CERT).withoutRecipientAt(1),
            before);
    assertThat(everyone.removal()).isEqualTo(-1);
    assertThat(everyone.getMessage()).contains("nobody could open");
    assertThat(everyone.exitCode()).isEqualTo(1);
    // removing everyone while adding someone is a change of recipients, not a locked message
    byte[] swapped =
        apply(
            Envelope.readdress()
                .withoutRecipientAt(0)
                .withoutRecipientAt(1)
                .withAddedRecipient(Recipient.of(ec.certificate())),
            before,
            rsaKeys);
    assertThat(parse(swapped).header().recipientInfos()).hasSize(1);
    assertThat(Envelope.decrypt(swapped, ec.keySource()).content()).isEqualTo(BcMessages.PLAINTEXT);
  }

  // ---------------------------------------------------------------------------------------------

  private static RecipientChangeException catchRecipientChange(Readdress r, byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> r.apply(new ByteArrayInputStream(message), out, null));
    assertThat(t).isInstanceOf(RecipientChangeException.class);
    assertThat(out.size()).isZero();
    return (RecipientChangeException) t;
  }

  private static void assertNothingWritten(
      Readdress r, byte[] message, KeySource keys, Class<? extends EnvelopeException> expected) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> r.apply(new ByteArrayInputStream(message), out, keys))
        .isInstanceOf(expected);
    assertThat(out.size()).as("bytes written").isZero();
  }

  private static int indexOf(List<RecipientInfo> infos, Class<?> kind) {
    for (int i = 0; i < infos.size(); i++) {
      if (kind.isInstance(infos.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no " + kind.getSimpleName());
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = haystack.length - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("content not found in one piece");
  }

  private static X509CertificateHolder holder(Identity id) {
    return holder(id.certificate());
  }

  private static X509CertificateHolder holder(java.security.cert.X509Certificate c) {
    try {
      return new X509CertificateHolder(c.getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bcOpen(
      byte[] message,
      boolean auth,
      Predicate<RecipientInformation> which,
      org.bouncycastle.cms.Recipient recipient)
      throws Exception {
    var store =
        auth
            ? new CMSAuthEnvelopedData(message).getRecipientInfos()
            : new CMSEnvelopedData(message).getRecipientInfos();
    RecipientInformation ri =
        store.getRecipients().stream().filter(which).findFirst().orElseThrow();
    return ri.getContent(recipient);
  }
}
