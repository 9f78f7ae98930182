package dev.envelope.recipient;

import static dev.envelope.recipient.KekRecipientsTest.assertDecryptionFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KeySource;
import dev.envelope.Limits;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.PasswordRecipientInfo;
import dev.envelope.cms.PwriParams;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.PwriWrap;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.interop.TestPki;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PasswordRecipientInfo (RFC 3211): PBKDF2 with HMAC-SHA1/256/512 and the id-alg-PWRI-KEK wrap with
 * an AES-256-CBC inner cipher; the iteration bound refused before anything is derived; the wrong
 * password as the one decryption failure; malformed parameters as format errors.
 */
class PasswordRecipientsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] CONTENT =
      "password recipients, RFC 3211".getBytes(StandardCharsets.UTF_8);
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  private static byte[] seal(char[] pw, KdfHash prf, int iterations, ContentCipher cipher)
      throws Exception {
    return Envelope.sealer()
        .withCipher(cipher)
        .withRecipient(new Recipient.Password(pw, prf, iterations))
        .seal(CONTENT);
  }

  private static byte[] seal1000() throws Exception {
    return seal(PASSWORD, KdfHash.SHA256, 1000, ContentCipher.AES_256_GCM);
  }

  @ParameterizedTest
  @EnumSource(
      value = KdfHash.class,
      names = {"SHA1", "SHA256", "SHA512"})
  void roundTrips(KdfHash prf) throws Exception {
    for (ContentCipher cipher :
        new ContentCipher[] {ContentCipher.AES_256_GCM, ContentCipher.AES_256_CBC}) {
      byte[] message = seal(PASSWORD, prf, 1000, cipher);
      Decrypted d = Envelope.decrypt(message, KeySource.password(PASSWORD));
      assertThat(d.content()).isEqualTo(CONTENT);
      assertThat(d.key()).isNull();
    }
  }

  @Test
  void theDefaultsAreWrittenAsDocumented() throws Exception {
    byte[] message = Envelope.sealer().withRecipient(Recipient.password(PASSWORD)).seal(CONTENT);

    PasswordRecipientInfo pwri = RecipientSurgery.only(message, PasswordRecipientInfo.class);
    assertThat(pwri.keyDerivationAlgorithm().algorithm()).isEqualTo(Algorithm.PBKDF2.oid());
    PwriParams.Pbkdf2 p = PwriParams.readPbkdf2(pwri.keyDerivationAlgorithm());
    assertThat(p.salt().length()).isEqualTo(16);
    assertThat(p.iterationCount()).isEqualTo(BigInteger.valueOf(600_000));
    assertThat(p.keyLength()).isEqualTo(-1); // as OpenSSL writes it
    assertThat(p.prf()).isEqualTo(AlgorithmIdentifier.withNull(Algorithm.HMAC_SHA256.oid()));
    assertThat(pwri.keyEncryptionAlgorithm().algorithm()).isEqualTo(Algorithm.PWRI_KEK.oid());
    AlgorithmIdentifier inner = PwriParams.readKekCipher(pwri.keyEncryptionAlgorithm());
    assertThat(ContentSpec.parse(inner, false).algorithm()).isEqualTo(Algorithm.AES_256_CBC);
    assertThat(pwri.encryptedKey().length()).isEqualTo(48); // 4 + 32 padded to 3 blocks

    assertThat(Envelope.decrypt(message, KeySource.password(PASSWORD)).content())
        .isEqualTo(CONTENT);
  }

  @Test
  void sha1IsTheDefaultPrfAndLeftOut() throws Exception {
    byte[] message = seal(PASSWORD, KdfHash.SHA1, 1000, ContentCipher.AES_256_GCM);
    PasswordRecipientInfo pwri = RecipientSurgery.only(message, PasswordRecipientInfo.class);
    assertThat(PwriParams.readPbkdf2(pwri.keyDerivationAlgorithm()).prf()).isNull();
  }

  @Test
  void aWrongPasswordFailsAsEveryWrongKeyDoes() throws Exception {
    byte[] message = seal1000();
    assertDecryptionFailed(
        () -> Envelope.decrypt(message, KeySource.password("wrong".toCharArray())));
    assertDecryptionFailed(() -> Envelope.decrypt(message, KeySource.password(new char[] {'c'})));
  }

  /**
   * The password is the UTF-8 bytes of its text (as OpenSSL takes a UTF-8 command line): Bouncy
   * Castle's PBKDF2 over the UTF-8 bytes derives the KEK that unwraps the entry.
   */
  @Test
  void passwordsAreEncodedAsUtf8() throws Exception {
    char[] pw = "pässwörd €✓ 日本".toCharArray();
    byte[] message = seal(pw, KdfHash.SHA256, 1000, ContentCipher.AES_256_GCM);
    assertThat(Envelope.decrypt(message, KeySource.password(pw)).content()).isEqualTo(CONTENT);

    PasswordRecipientInfo pwri = RecipientSurgery.only(message, PasswordRecipientInfo.class);
    PwriParams.Pbkdf2 p = PwriParams.readPbkdf2(pwri.keyDerivationAlgorithm());
    PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(new SHA256Digest());
    g.init(
        new String(pw).getBytes(StandardCharsets.UTF_8),
        p.salt().toByteArray(),
        p.iterationCount().intValue());
    byte[] kek = ((KeyParameter) g.generateDerivedParameters(256)).getKey();
    assertThat(PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(pw))
        .isEqualTo(new String(pw).getBytes(StandardCharsets.UTF_8));
    ContentSpec inner =
        ContentSpec.parse(PwriParams.readKekCipher(pwri.keyEncryptionAlgorithm()), false);
    byte[] cek =
        PwriWrap.unwrap(
            Algorithm.AES_256_CBC,
            kek,
            inner.iv().toByteArray(),
            pwri.encryptedKey().toByteArray());
    assertThat(cek).hasSize(32);
    assertThat(PasswordRecipients.unwrap(pwri, pw, 32, 1000)).isEqualTo(cek);
  }

  // ---------------------------------------------------------------------------------------------
  // the iteration bound

  private static byte[] withPwri(byte[] message, UnaryOperator<PasswordRecipientInfo> f) {
    return RecipientSurgery.rewrite(
        message, ri -> ri instanceof PasswordRecipientInfo p ? f.apply(p) : ri);
  }

  /** PBKDF2-params written by hand: any INTEGER for the count, optional keyLength. */
  private static AlgorithmIdentifier pbkdf2(
      Bytes salt, BigInteger count, Integer keyLength, AlgorithmIdentifier prf) {
    byte[] params =
        DerWriter.encode(
            w ->
                w.addSequence(
                    s -> {
                      s.addOctetString(salt.toByteArray());
                      s.addInteger(count);
                      if (keyLength != null) {
                        s.addInteger(keyLength);
                      }
                      if (prf != null) {
                        s.addSequence(
                            a -> {
                              a.addOid(prf.algorithm());
                              if (prf.parameters() != null) {
                                a.addEncoded(prf.parameters().toByteArray());
                              }
                            });
                      }
                    }));
    return new AlgorithmIdentifier(Algorithm.PBKDF2.oid(), Bytes.of(params));
  }

  private static byte[] withKdf(
      byte[] message, BigInteger count, Integer keyLength, AlgorithmIdentifier prf) {
    return withPwri(
        message,
        p -> {
          PwriParams.Pbkdf2 old = readOrFail(p);
          return new PasswordRecipientInfo(
              pbkdf2(old.salt(), count == null ? old.iterationCount() : count, keyLength, prf),
              p.keyEncryptionAlgorithm(),
              p.encryptedKey());
        });
  }

  private static PwriParams.Pbkdf2 readOrFail(PasswordRecipientInfo p) {
    try {
      return PwriParams.readPbkdf2(p.keyDerivationAlgorithm());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final AlgorithmIdentifier SHA256_PRF =
      AlgorithmIdentifier.withNull(Algorithm.HMAC_SHA256.oid());

  /**
   * 2^31 iterations (openssl 3.0 would compute them for hours) are refused with the limit's name,
   * before any PBKDF2 work: the message fails the same way whatever the password.
   */
  @Test
  void twoToThe31IterationsAreRefusedBeforeDerivation() throws Exception {
    byte[] message = withKdf(seal1000(), BigInteger.ONE.shiftLeft(31), null, SHA256_PRF);
    for (char[] pw : List.of(PASSWORD, "anything".toCharArray())) {
      assertThatThrownBy(() -> Envelope.decrypt(message, KeySource.password(pw)))
          .isExactlyInstanceOf(LimitExceededException.class)
          .hasMessage("limit exceeded: maxPasswordIterations=2147483648 > 10000000");
    }
    byte[] huge = withKdf(seal1000(), BigInteger.ONE.shiftLeft(62), null, SHA256_PRF);
    assertThatThrownBy(() -> Envelope.decrypt(huge, KeySource.password(PASSWORD)))
        .isExactlyInstanceOf(LimitExceededException.class);
  }

  @Test
  void theBoundIsConfigurableAndInclusive() throws Exception {
    byte[] message = seal1000();
    var atLimit = Envelope.opener().withLimits(Limits.DEFAULT.withMaxPasswordIterations(1000));
    assertThat(atLimit.decrypt(message, KeySource.password(PASSWORD)).content()).isEqualTo(CONTENT);
    var below = Envelope.opener().withLimits(Limits.DEFAULT.withMaxPasswordIterations(999));
    assertThatThrownBy(() -> below.decrypt(message, KeySource.password(PASSWORD)))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage("limit exceeded: maxPasswordIterations=1000 > 999");
  }

  // ---------------------------------------------------------------------------------------------
  // parameters

  @Test
  void aMatchingKeyLengthIsAcceptedAndAnotherIsMalformed() throws Exception {
    byte[] message = seal1000();
    byte[] explicit = withKdf(message, null, 32, SHA256_PRF);
    assertThat(Envelope.decrypt(explicit, KeySource.password(PASSWORD)).content())
        .isEqualTo(CONTENT);
    for (int bad : new int[] {1, 16, 24, 64}) {
      byte[] m = withKdf(message, null, bad, SHA256_PRF);
      assertThatThrownBy(() -> Envelope.decrypt(m, KeySource.password(PASSWORD)))
          .isExactlyInstanceOf(MalformedMessageException.class)
          .hasMessageContaining("keyLength");
    }
  }

  @Test
  void badPbkdf2ParametersAreFormatErrors() throws Exception {
    byte[] message = seal1000();
    byte[] zero = withKdf(message, BigInteger.ZERO, null, SHA256_PRF);
    byte[] negative = withKdf(message, BigInteger.valueOf(-5), null, SHA256_PRF);
    byte[] noSalt =
        withPwri(
            message,
            p ->
                new PasswordRecipientInfo(
                    pbkdf2(Bytes.empty(), BigInteger.valueOf(1000), null, SHA256_PRF),
                    p.keyEncryptionAlgorithm(),
                    p.encryptedKey()));
    byte[] bigSalt =
        withPwri(
            message,
            p ->
                new PasswordRecipientInfo(
                    pbkdf2(Bytes.of(new byte[1 << 20]), BigInteger.valueOf(1000), null, SHA256_PRF),
                    p.keyEncryptionAlgorithm(),
                    p.encryptedKey()));
    byte[] noParams =
        withPwri(
            message,
            p ->
                new PasswordRecipientInfo(
                    AlgorithmIdentifier.absent(Algorithm.PBKDF2.oid()),
                    p.keyEncryptionAlgorithm(),
                    p.encryptedKey()));
    byte[] prfParams =
        withKdf(
            message,
            null,
            null,
            new AlgorithmIdentifier(Algorithm.HMAC_SHA256.oid(), Bytes.ofHex("0400")));
    for (byte[] m : List.of(zero, negative, noSalt, bigSalt, noParams, prfParams)) {
      assertThatThrownBy(() -> Envelope.decrypt(m, KeySource.password(PASSWORD)))
          .isExactlyInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void anAbsentPrfMeansHmacSha1() throws Exception {
    byte[] message = seal(PASSWORD, KdfHash.SHA1, 1000, ContentCipher.AES_256_GCM);
    byte[] explicitSha1 =
        withKdf(message, null, null, AlgorithmIdentifier.withNull(Algorithm.HMAC_SHA1.oid()));
    assertThat(Envelope.decrypt(explicitSha1, KeySource.password(PASSWORD)).content())
        .isEqualTo(CONTENT);
    // the same entry claiming SHA-256 derives another key: a wrong password, in effect
    byte[] claimsSha256 = withKdf(message, null, null, SHA256_PRF);
    assertDecryptionFailed(() -> Envelope.decrypt(claimsSha256, KeySource.password(PASSWORD)));
  }

  @Test
  void unsupportedAlgorithmsAreNamed() throws Exception {
    byte[] message = seal1000();
    byte[] unknownPrf =
        withKdf(message, null, null, AlgorithmIdentifier.withNull(Oid.of("1.2.840.113549.2.99")));
    byte[] noKdf =
        withPwri(
            message,
            p -> new PasswordRecipientInfo(null, p.keyEncryptionAlgorithm(), p.encryptedKey()));
    byte[] scrypt =
        withPwri(
            message,
            p ->
                new PasswordRecipientInfo(
                    new AlgorithmIdentifier(Oid.of("1.3.6.1.4.1.11591.4.11"), Bytes.ofHex("3000")),
                    p.keyEncryptionAlgorithm(),
                    p.encryptedKey()));
    byte[] notPwriKek =
        withPwri(
            message,
            p ->
                new PasswordRecipientInfo(
                    p.keyDerivationAlgorithm(),
                    AlgorithmIdentifier.absent(Algorithm.AES_256_WRAP.oid()),
                    p.encryptedKey()));
    byte[] gcmInner = withInner(message, innerGcm());
    for (byte[] m : List.of(unknownPrf, noKdf, scrypt, notPwriKek, gcmInner)) {
      assertThatThrownBy(() -> Envelope.decrypt(m, KeySource.password(PASSWORD)))
          .isExactlyInstanceOf(UnsupportedAlgorithmException.class);
    }
  }

  private static AlgorithmIdentifier innerGcm() {
    return ContentSpec.fresh(Algorithm.AES_256_GCM, new byte[12]).toAlgorithmIdentifier();
  }

  private static byte[] withInner(byte[] message, AlgorithmIdentifier inner) {
    return withPwri(
        message,
        p ->
            new PasswordRecipientInfo(
                p.keyDerivationAlgorithm(),
                PwriParams.pwriKek(Algorithm.PWRI_KEK.oid(), inner),
                p.encryptedKey()));
  }

  @Test
  void badInnerCipherParametersAreFormatErrors() throws Exception {
    byte[] message = seal1000();
    byte[] shortIv =
        withInner(
            message,
            new AlgorithmIdentifier(
                Algorithm.AES_256_CBC.oid(), Bytes.ofHex("0408" + "00".repeat(8))));
    byte[] noIv = withInner(message, AlgorithmIdentifier.absent(Algorithm.AES_256_CBC.oid()));
    byte[] noInner =
        withPwri(
            message,
            p ->
                new PasswordRecipientInfo(
                    p.keyDerivationAlgorithm(),
                    AlgorithmIdentifier.absent(Algorithm.PWRI_KEK.oid()),
                    p.encryptedKey()));
    for (byte[] m : List.of(shortIv, noIv, noInner)) {
      assertThatThrownBy(() -> Envelope.decrypt(m, KeySource.password(PASSWORD)))
          .isExactlyInstanceOf(MalformedMessageException.class);
    }
  }

  @Test
  void spoiledEncryptedKeysFailUniformly() throws Exception {
    byte[] message = seal1000();
    byte[] ek =
        RecipientSurgery.only(message, PasswordRecipientInfo.class).encryptedKey().toByteArray();
    for (byte[] spoiled :
        List.of(
            flip(ek, 0),
            flip(ek, ek.length - 1),
            flip(ek, ek.length / 2),
            java.util.Arrays.copyOf(ek, 16),
            java.util.Arrays.copyOf(ek, ek.length - 1),
            new byte[0])) {
      byte[] m =
          withPwri(
              message,
              p ->
                  new PasswordRecipientInfo(
                      p.keyDerivationAlgorithm(), p.keyEncryptionAlgorithm(), Bytes.of(spoiled)));
      assertDecryptionFailed(() -> Envelope.decrypt(m, KeySource.password(PASSWORD)));
    }
  }

  private static byte[] flip(byte[] b, int i) {
    byte[] c = b.clone();
    c[i] ^= 0x01;
    return c;
  }

  /** A 3DES-CBC inner cipher (RFC 3211's own example) opens; made here with PwriWrap directly. */
  @Test
  void opensATripleDesInnerCipher() throws Exception {
    byte[] message = seal1000();
    PasswordRecipientInfo ours = RecipientSurgery.only(message, PasswordRecipientInfo.class);
    byte[] cek = PasswordRecipients.unwrap(ours, PASSWORD, 32, 1000);
    byte[] salt = new byte[8];
    RANDOM.nextBytes(salt);
    byte[] iv = new byte[8];
    RANDOM.nextBytes(iv);
    byte[] kek = dev.envelope.crypto.Pbkdf2.derive(PASSWORD, salt, 500, Algorithm.HMAC_SHA1, 24);
    byte[] ek = PwriWrap.wrap(Algorithm.DES_EDE3_CBC, kek, iv, cek, RANDOM);
    byte[] m =
        withPwri(
            message,
            p ->
                new PasswordRecipientInfo(
                    PwriParams.pbkdf2(Algorithm.PBKDF2.oid(), salt, 500, 24, null),
                    PwriParams.pwriKek(
                        Algorithm.PWRI_KEK.oid(),
                        ContentSpec.fresh(Algorithm.DES_EDE3_CBC, iv).toAlgorithmIdentifier()),
                    Bytes.of(ek)));
    assertThat(Envelope.decrypt(m, KeySource.password(PASSWORD)).content()).isEqualTo(CONTENT);
    assertDecryptionFailed(() -> Envelope.decrypt(m, KeySource.password("x".toCharArray())));
  }

  // ---------------------------------------------------------------------------------------------
  // mixed recipients

  @Test
  void oneMessageForACertificateAPasswordAndAKek() throws Exception {
    TestPki.Identity alice = TestPki.rsa(2048, "alice");
    byte[] kekId = {0x0a, 0x0b};
    byte[] kek = new byte[32];
    RANDOM.nextBytes(kek);
    for (ContentCipher cipher :
        new ContentCipher[] {ContentCipher.AES_256_GCM, ContentCipher.AES_128_CBC}) {
      byte[] message =
          Envelope.sealer()
              .withCipher(cipher)
              .withRecipient(Recipient.of(alice.certificate()))
              .withRecipient(new Recipient.Password(PASSWORD, KdfHash.SHA512, 1000))
              .withRecipient(Recipient.kek(kekId, kek))
              .seal(CONTENT);

      var ris = RecipientSurgery.decode(message).recipientInfos();
      // DER writes a SET OF in sorted order, so the entries are found by kind, not position
      assertThat(ris).hasSize(3);
      int ktri = indexOf(ris, KeyTransRecipientInfo.class);
      int pwri = indexOf(ris, PasswordRecipientInfo.class);
      int kekri = indexOf(ris, KekRecipientInfo.class);

      Decrypted byCert = Envelope.decrypt(message, alice.keySource());
      Decrypted byPassword = Envelope.decrypt(message, KeySource.password(PASSWORD));
      Decrypted byKek = Envelope.decrypt(message, KeySource.kek(kekId, kek));
      assertThat(byCert.content()).isEqualTo(CONTENT);
      assertThat(byPassword.content()).isEqualTo(CONTENT);
      assertThat(byKek.content()).isEqualTo(CONTENT);
      assertThat(byCert.recipientIndex()).isEqualTo(ktri);
      assertThat(byPassword.recipientIndex()).isEqualTo(pwri);
      assertThat(byKek.recipientIndex()).isEqualTo(kekri);

      // all three at once, the wrong password first: the KEK or certificate still opens it
      KeySource all =
          KeySource.concat(
              List.of(
                  KeySource.password("wrong".toCharArray()),
                  KeySource.kek(kekId, kek),
                  alice.keySource()));
      assertThat(Envelope.decrypt(message, all).content()).isEqualTo(CONTENT);
      // only wrong secrets: the one failure
      assertDecryptionFailed(
          () ->
              Envelope.decrypt(
                  message,
                  KeySource.concat(
                      List.of(
                          KeySource.password("wrong".toCharArray()),
                          KeySource.kek(kekId, new byte[32])))));
    }
  }

  private static int indexOf(List<? extends Object> ris, Class<?> type) {
    int at = -1;
    for (int i = 0; i < ris.size(); i++) {
      if (type.isInstance(ris.get(i))) {
        assertThat(at).as("one " + type.getSimpleName()).isEqualTo(-1);
        at = i;
      }
    }
    assertThat(at).as(type.getSimpleName()).isNotNegative();
    return at;
  }
}
