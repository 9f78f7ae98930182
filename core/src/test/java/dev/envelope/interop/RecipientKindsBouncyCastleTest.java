package dev.envelope.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KeySource;
import dev.envelope.KeyWrap;
import dev.envelope.Recipient;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.interop.TestPki.Identity;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KEKRecipientId;
import org.bouncycastle.cms.PasswordRecipient;
import org.bouncycastle.cms.PasswordRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKEKAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEKEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEKRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcePasswordAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcePasswordEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcePasswordRecipientInfoGenerator;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5's recipient kinds with Bouncy Castle 1.87 as the peer, both ways, with AES-256-GCM
 * (AuthEnvelopedData) and AES-256-CBC (EnvelopedData) content: ECDH on P-384 and P-521 (RFC 5753,
 * the X9.63 KDF over SHA-1 to SHA-512, standard and cofactor ECDH), password recipients (RFC 3211,
 * PBKDF2 with HMAC-SHA1 and HMAC-SHA256, AES-128-CBC and AES-256-CBC as the PWRI-KEK inner cipher,
 * a non-ASCII password as UTF-8), KEK recipients (RFC 5652 6.2.3, AES-128 and AES-256 key wrap),
 * and one message holding an RSA, an EC, a password and a KEK recipient, made by either side and
 * opened by the other with each holder's secret alone.
 *
 * <p>BC runs on its own provider throughout (with the JDK's it cannot open AuthEnvelopedData, see
 * DESIGN.md). Every positive case has a negative twin: the wrong password, KEK or EC key is a
 * {@link DecryptionFailedException} in Envelope (a {@link NoMatchingRecipientException} where the
 * key is of a kind no entry can use, decided from public data) and a {@link CMSException} in BC.
 */
class RecipientKindsBouncyCastleTest {

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final byte[] CONTENT =
      "Recipient kinds with Bouncy Castle: ECDH P-384/P-521, passwords, KEKs, mixed."
          .getBytes(StandardCharsets.UTF_8);

  /** Non-ASCII on purpose: both sides must take it as UTF-8 (BC's PKCS5_SCHEME2_UTF8). */
  private static final String PASSWORD = "Pässwörd für Bouncy Castle ✓";

  private static final String WRONG_PASSWORD = "Passwörd für Bouncy Castle ✓";

  /** Kept low so the suite stays fast; the count itself is not what is tested here. */
  private static final int ITERATIONS = 2048;

  private static final List<ContentCipher> CIPHERS =
      List.of(ContentCipher.AES_256_GCM, ContentCipher.AES_256_CBC);

  private static final Map<String, Identity> IDS = new ConcurrentHashMap<>();

  private static Identity rsa;

  @BeforeAll
  static void identities() {
    rsa = TestPki.rsa(2048, "bc-kinds-rsa");
  }

  /** One identity per curve and role, made once. */
  private static Identity ec(String curve, String role) {
    return IDS.computeIfAbsent(
        curve + "/" + role,
        k -> KeyAgreePki.identity(spec(curve), "bc-kinds-" + role + "-" + curve));
  }

  private static String spec(String curve) {
    return switch (curve) {
      case "P-256" -> "ec-p256";
      case "P-384" -> "ec-p384";
      case "P-521" -> "ec-p521";
      default -> throw new IllegalArgumentException(curve);
    };
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static void assertDecryptionFailed(byte[] message, KeySource keys) {
    assertThatThrownBy(() -> Envelope.decrypt(message, keys))
        .isExactlyInstanceOf(DecryptionFailedException.class)
        .hasMessage(DecryptionFailedException.MESSAGE);
  }

  // ---------------------------------------------------------------------------------------------
  // BC as sealer and opener

  /** A message sealed by BC for the given recipient entries. */
  private static byte[] bcSeal(ContentCipher cipher, RecipientInfoGenerator... generators)
      throws Exception {
    if (cipher.isAuthenticated()) {
      CMSAuthEnvelopedDataGenerator g = new CMSAuthEnvelopedDataGenerator();
      for (RecipientInfoGenerator r : generators) {
        g.addRecipientInfoGenerator(r);
      }
      OutputAEADEncryptor enc =
          (OutputAEADEncryptor)
              new JceCMSContentEncryptorBuilder(bcContentOid(cipher)).setProvider(BC).build();
      return g.generate(new CMSProcessableByteArray(CONTENT), enc).getEncoded();
    }
    CMSEnvelopedDataGenerator g = new CMSEnvelopedDataGenerator();
    for (RecipientInfoGenerator r : generators) {
      g.addRecipientInfoGenerator(r);
    }
    return g.generate(
            new CMSProcessableByteArray(CONTENT),
            new JceCMSContentEncryptorBuilder(bcContentOid(cipher)).setProvider(BC).build())
        .getEncoded();
  }

  private static ASN1ObjectIdentifier bcContentOid(ContentCipher cipher) {
    return switch (cipher) {
      case AES_256_GCM -> CMSAlgorithm.AES256_GCM;
      case AES_256_CBC -> CMSAlgorithm.AES256_CBC;
      default -> throw new IllegalArgumentException(cipher.toString());
    };
  }

  /** BC's recipient (the right class for EnvelopedData or AuthEnvelopedData). */
  private record BcKey(
      org.bouncycastle.cms.Recipient enveloped, org.bouncycastle.cms.Recipient authEnveloped) {
    static BcKey of(java.security.PrivateKey key) {
      return new BcKey(
          new JceKeyAgreeEnvelopedRecipient(key).setProvider(BC),
          new JceKeyAgreeAuthEnvelopedRecipient(key).setProvider(BC));
    }

    static BcKey rsa(java.security.PrivateKey key) {
      return new BcKey(
          new JceKeyTransEnvelopedRecipient(key).setProvider(BC),
          new JceKeyTransAuthEnvelopedRecipient(key).setProvider(BC));
    }

    static BcKey password(String password) {
      return new BcKey(
          new JcePasswordEnvelopedRecipient(password.toCharArray())
              .setPasswordConversionScheme(PasswordRecipient.PKCS5_SCHEME2_UTF8)
              .setProvider(BC),
          new JcePasswordAuthEnvelopedRecipient(password.toCharArray())
              .setPasswordConversionScheme(PasswordRecipient.PKCS5_SCHEME2_UTF8)
              .setProvider(BC));
    }

    static BcKey kek(byte[] key) {
      SecretKeySpec k = new SecretKeySpec(key, "AES");
      return new BcKey(
          new JceKEKEnvelopedRecipient(k).setProvider(BC),
          new JceKEKAuthEnvelopedRecipient(k).setProvider(BC));
    }
  }

  private static RecipientInformationStore bcRecipients(byte[] message, ContentCipher cipher)
      throws CMSException {
    return cipher.isAuthenticated()
        ? new CMSAuthEnvelopedData(message).getRecipientInfos()
        : new CMSEnvelopedData(message).getRecipientInfos();
  }

  /** BC opens {@code message} through the entry {@code rid} names, with {@code key}. */
  private static byte[] bcOpen(byte[] message, ContentCipher cipher, RecipientId rid, BcKey key)
      throws CMSException {
    RecipientInformation ri = bcRecipients(message, cipher).get(rid);
    assertThat(ri).as("BC finds the entry for %s", rid).isNotNull();
    return ri.getContent(cipher.isAuthenticated() ? key.authEnveloped() : key.enveloped());
  }

  // ---------------------------------------------------------------------------------------------
  // ECDH on P-384 and P-521 (RFC 5753)

  record EcCase(String curve, KdfHash hash, KeyWrap wrap, boolean cofactor, ContentCipher cipher) {
    @Override
    public String toString() {
      return curve
          + (cofactor ? " cofactor" : " standard")
          + " X9.63-"
          + hash
          + " "
          + wrap
          + "-wrap "
          + cipher.cliName();
    }
  }

  static Stream<Arguments> ecCases() {
    List<Arguments> out = new ArrayList<>();
    for (String curve : List.of("P-384", "P-521")) {
      for (ContentCipher c : CIPHERS) {
        List<EcCase> cases =
            List.of(
                new EcCase(curve, KdfHash.SHA1, KeyWrap.AES_128, false, c),
                new EcCase(curve, KdfHash.SHA256, KeyWrap.AES_256, false, c),
                new EcCase(curve, KdfHash.SHA384, KeyWrap.AES_256, false, c),
                new EcCase(curve, KdfHash.SHA512, KeyWrap.AES_128, false, c),
                new EcCase(curve, KdfHash.SHA384, KeyWrap.AES_256, true, c));
        for (EcCase k : cases) {
          out.add(Arguments.of(Named.of(k.toString(), k)));
        }
      }
    }
    return out.stream();
  }

  private static ASN1ObjectIdentifier bcScheme(KdfHash hash, boolean cofactor) {
    return switch (hash) {
      case SHA1 -> cofactor ? CMSAlgorithm.ECCDH_SHA1KDF : CMSAlgorithm.ECDH_SHA1KDF;
      case SHA224 -> cofactor ? CMSAlgorithm.ECCDH_SHA224KDF : CMSAlgorithm.ECDH_SHA224KDF;
      case SHA256 -> cofactor ? CMSAlgorithm.ECCDH_SHA256KDF : CMSAlgorithm.ECDH_SHA256KDF;
      case SHA384 -> cofactor ? CMSAlgorithm.ECCDH_SHA384KDF : CMSAlgorithm.ECDH_SHA384KDF;
      case SHA512 -> cofactor ? CMSAlgorithm.ECCDH_SHA512KDF : CMSAlgorithm.ECDH_SHA512KDF;
    };
  }

  private static ASN1ObjectIdentifier bcWrap(KeyWrap wrap) {
    return switch (wrap) {
      case AES_128 -> CMSAlgorithm.AES128_WRAP;
      case AES_192 -> CMSAlgorithm.AES192_WRAP;
      case AES_256 -> CMSAlgorithm.AES256_WRAP;
    };
  }

  /** BC's key agreement entry for {@code bob}, with an ephemeral key on {@code curve}. */
  private static JceKeyAgreeRecipientInfoGenerator bcKari(
      String curve, KdfHash hash, KeyWrap wrap, boolean cofactor, Identity bob) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
    g.initialize(new ECGenParameterSpec(curve));
    KeyPair ephemeral = g.generateKeyPair();
    JceKeyAgreeRecipientInfoGenerator rig =
        new JceKeyAgreeRecipientInfoGenerator(
                bcScheme(hash, cofactor),
                ephemeral.getPrivate(),
                ephemeral.getPublic(),
                bcWrap(wrap))
            .setProvider(BC);
    rig.addRecipient(bob.certificate());
    return rig;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ecCases")
  void bouncyCastleSealsForAnEcKeyEnvelopeOpens(EcCase k) throws Exception {
    Identity bob = ec(k.curve(), "bob");
    byte[] message = bcSeal(k.cipher(), bcKari(k.curve(), k.hash(), k.wrap(), k.cofactor(), bob));

    // what BC wrote is what the case says
    KeyAgreeRecipientInfo kari = KeyAgreeOpensslInteropTest.kari(message);
    Algorithm scheme = Algorithm.byOid(kari.keyEncryptionAlgorithm().algorithm()).orElseThrow();
    assertThat(scheme.hash().orElseThrow().cliName()).isEqualTo(k.hash().cliName());
    assertThat(scheme.cliName()).contains(k.cofactor() ? "cofactor" : "std");

    Decrypted d = Envelope.decrypt(message, KeySource.of(bob.certificate(), bob.privateKey()));
    assertThat(d.content()).isEqualTo(CONTENT);
    assertThat(d.cipher()).isEqualTo(k.cipher());
    assertThat(Envelope.decrypt(message, bob.keyOnly()).content()).isEqualTo(CONTENT);

    // negative twins: another key on the same curve, and the entry's wrapped key modified
    Identity eve = ec(k.curve(), "eve");
    assertDecryptionFailed(message, eve.keySource());
    assertDecryptionFailed(
        KeyAgreeOpensslInteropTest.withEncryptedKeyFlipped(message), bob.keySource());
  }

  /** Envelope writes standard ECDH only (RFC 5753 leaves the choice to the sender). */
  static Stream<Arguments> ecCasesEnvelopeWrites() {
    return ecCases().filter(a -> !((EcCase) ((Named<?>) a.get()[0]).getPayload()).cofactor());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ecCasesEnvelopeWrites")
  void envelopeSealsForAnEcKeyBouncyCastleOpens(EcCase k) throws Exception {
    Identity bob = ec(k.curve(), "bob");
    byte[] message =
        Envelope.sealer()
            .withCipher(k.cipher())
            .withRecipient(new Recipient.KeyAgreement(bob.certificate(), k.hash(), k.wrap()))
            .seal(CONTENT);

    RecipientId rid = new JceKeyAgreeRecipientId(bob.certificate());
    assertThat(bcOpen(message, k.cipher(), rid, BcKey.of(bob.privateKey()))).isEqualTo(CONTENT);

    // negative twin: BC with another key on the same curve fails
    Identity eve = ec(k.curve(), "eve");
    assertThatThrownBy(() -> bcOpen(message, k.cipher(), rid, BcKey.of(eve.privateKey())))
        .isInstanceOf(CMSException.class);
  }

  /**
   * The default recipient of an EC certificate ({@code Recipient.of}) opens in BC on both curves.
   */
  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_256_GCM", "AES_256_CBC"})
  void theDefaultEcRecipientOpensInBouncyCastle(ContentCipher cipher) throws Exception {
    for (String curve : List.of("P-384", "P-521")) {
      Identity bob = ec(curve, "bob");
      byte[] message =
          Envelope.sealer()
              .withCipher(cipher)
              .withRecipient(Recipient.of(bob.certificate()))
              .seal(CONTENT);
      RecipientId rid = new JceKeyAgreeRecipientId(bob.certificate());
      assertThat(bcOpen(message, cipher, rid, BcKey.of(bob.privateKey())))
          .as(curve)
          .isEqualTo(CONTENT);
      assertThatThrownBy(
              () ->
                  bcOpen(
                      KeyAgreeOpensslInteropTest.withEncryptedKeyFlipped(message),
                      cipher,
                      rid,
                      BcKey.of(bob.privateKey())))
          .as(curve + " flipped")
          .isInstanceOf(CMSException.class);
    }
  }

  /** A key of a kind no entry can use is decided from public data: no matching recipient. */
  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_256_GCM", "AES_256_CBC"})
  void anRsaKeyForAnEcOnlyMessageFromBouncyCastleMatchesNothing(ContentCipher cipher)
      throws Exception {
    Identity bob = ec("P-384", "bob");
    byte[] message = bcSeal(cipher, bcKari("P-384", KdfHash.SHA256, KeyWrap.AES_256, false, bob));
    assertThatThrownBy(() -> Envelope.decrypt(message, rsa.keySource()))
        .isExactlyInstanceOf(NoMatchingRecipientException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // passwords (RFC 3211)

  record PwCase(PasswordRecipient.PRF bcPrf, KdfHash prf, ASN1ObjectIdentifier kekCipher) {
    @Override
    public String toString() {
      return "PBKDF2-"
          + prf
          + " "
          + (kekCipher.equals(CMSAlgorithm.AES128_CBC) ? "AES-128" : "AES-256")
          + "-CBC kek";
    }
  }

  static Stream<Arguments> passwordCases() {
    List<Arguments> out = new ArrayList<>();
    for (ContentCipher c : CIPHERS) {
      for (PwCase p :
          List.of(
              new PwCase(PasswordRecipient.PRF.HMacSHA256, KdfHash.SHA256, CMSAlgorithm.AES256_CBC),
              new PwCase(PasswordRecipient.PRF.HMacSHA256, KdfHash.SHA256, CMSAlgorithm.AES128_CBC),
              new PwCase(PasswordRecipient.PRF.HMacSHA1, KdfHash.SHA1, CMSAlgorithm.AES256_CBC),
              new PwCase(PasswordRecipient.PRF.HMacSHA1, KdfHash.SHA1, CMSAlgorithm.AES128_CBC))) {
        out.add(Arguments.of(Named.of(p + " " + c.cliName(), p), c));
      }
    }
    return out.stream();
  }

  private static JcePasswordRecipientInfoGenerator bcPwri(PwCase p, String password) {
    return (JcePasswordRecipientInfoGenerator)
        new JcePasswordRecipientInfoGenerator(p.kekCipher(), password.toCharArray())
            .setProvider(BC)
            .setPasswordConversionScheme(PasswordRecipient.PKCS5_SCHEME2_UTF8)
            .setPRF(p.bcPrf())
            .setSaltAndIterationCount(random(16), ITERATIONS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passwordCases")
  void bouncyCastleSealsForAPasswordEnvelopeOpens(PwCase p, ContentCipher cipher) throws Exception {
    byte[] message = bcSeal(cipher, bcPwri(p, PASSWORD));

    Decrypted d = Envelope.decrypt(message, KeySource.password(PASSWORD.toCharArray()));
    assertThat(d.content()).isEqualTo(CONTENT);
    assertThat(d.cipher()).isEqualTo(cipher);

    assertDecryptionFailed(message, KeySource.password(WRONG_PASSWORD.toCharArray()));
  }

  /** Envelope always writes AES-256-CBC as the PWRI-KEK inner cipher. */
  static Stream<Arguments> passwordCasesEnvelopeWrites() {
    return passwordCases()
        .filter(
            a ->
                ((PwCase) ((Named<?>) a.get()[0]).getPayload())
                    .kekCipher()
                    .equals(CMSAlgorithm.AES256_CBC));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passwordCasesEnvelopeWrites")
  void envelopeSealsForAPasswordBouncyCastleOpens(PwCase p, ContentCipher cipher) throws Exception {
    byte[] message =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(new Recipient.Password(PASSWORD.toCharArray(), p.prf(), ITERATIONS))
            .seal(CONTENT);

    RecipientId rid = new PasswordRecipientId();
    assertThat(bcOpen(message, cipher, rid, BcKey.password(PASSWORD))).isEqualTo(CONTENT);
    assertThatThrownBy(() -> bcOpen(message, cipher, rid, BcKey.password(WRONG_PASSWORD)))
        .isInstanceOf(CMSException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // key-encryption keys (RFC 5652 6.2.3)

  static Stream<Arguments> kekCases() {
    List<Arguments> out = new ArrayList<>();
    for (ContentCipher c : CIPHERS) {
      for (int bytes : new int[] {16, 32}) {
        out.add(Arguments.of(bytes, c));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "AES-{0}-byte KEK, {1}")
  @MethodSource("kekCases")
  void bouncyCastleSealsForAKekEnvelopeOpens(int kekBytes, ContentCipher cipher) throws Exception {
    byte[] kek = random(kekBytes);
    byte[] id = random(8);
    byte[] message =
        bcSeal(
            cipher,
            new JceKEKRecipientInfoGenerator(id, new SecretKeySpec(kek, "AES")).setProvider(BC));

    Decrypted d = Envelope.decrypt(message, KeySource.kek(id, kek));
    assertThat(d.content()).isEqualTo(CONTENT);
    assertThat(d.cipher()).isEqualTo(cipher);

    // negative twins: the right identifier with the wrong key; the right key under another name
    assertDecryptionFailed(message, KeySource.kek(id, random(kekBytes)));
    byte[] otherId = id.clone();
    otherId[0] ^= 1;
    // a KEK is of a kind the entry could use, so this is not "no matching recipient": with no
    // entry under its identifier nothing is tried, and the answer is the one decryption failure
    assertDecryptionFailed(message, KeySource.kek(otherId, random(kekBytes)));
  }

  @ParameterizedTest(name = "AES-{0}-byte KEK, {1}")
  @MethodSource("kekCases")
  void envelopeSealsForAKekBouncyCastleOpens(int kekBytes, ContentCipher cipher) throws Exception {
    byte[] kek = random(kekBytes);
    byte[] id = random(8);
    byte[] message =
        Envelope.sealer().withCipher(cipher).withRecipient(Recipient.kek(id, kek)).seal(CONTENT);

    RecipientId rid = new KEKRecipientId(id);
    assertThat(bcOpen(message, cipher, rid, BcKey.kek(kek))).isEqualTo(CONTENT);
    assertThatThrownBy(() -> bcOpen(message, cipher, rid, BcKey.kek(random(kekBytes))))
        .isInstanceOf(CMSException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // one message, four kinds of recipient: RSA, EC (P-384), password, KEK

  private static final byte[] MIXED_KEK_ID = {0x4d, 0x49, 0x58};

  /** A holder of one of the mixed message's secrets, as each side takes it. */
  private record Holder(
      String name,
      KeySource envelopeKeys,
      KeySource envelopeWrongKeys,
      RecipientId bcId,
      BcKey bcKey,
      BcKey bcWrongKey) {}

  private static List<Holder> holders(byte[] kek) {
    Identity bob = ec("P-384", "bob");
    Identity eve = ec("P-384", "eve");
    Identity mallory = TestPki.rsa(2048, "bc-kinds-mallory");
    byte[] wrongKek = kek.clone();
    wrongKek[0] ^= 1;
    return List.of(
        new Holder(
            "rsa",
            rsa.keySource(),
            mallory.keySource(),
            new JceKeyTransRecipientId(rsa.certificate()),
            BcKey.rsa(rsa.privateKey()),
            BcKey.rsa(mallory.privateKey())),
        new Holder(
            "ec-p384",
            bob.keySource(),
            eve.keySource(),
            new JceKeyAgreeRecipientId(bob.certificate()),
            BcKey.of(bob.privateKey()),
            BcKey.of(eve.privateKey())),
        new Holder(
            "password",
            KeySource.password(PASSWORD.toCharArray()),
            KeySource.password(WRONG_PASSWORD.toCharArray()),
            new PasswordRecipientId(),
            BcKey.password(PASSWORD),
            BcKey.password(WRONG_PASSWORD)),
        new Holder(
            "kek",
            KeySource.kek(MIXED_KEK_ID, kek),
            KeySource.kek(MIXED_KEK_ID, wrongKek),
            new KEKRecipientId(MIXED_KEK_ID),
            BcKey.kek(kek),
            BcKey.kek(wrongKek)));
  }

  static Stream<Arguments> mixedCases() {
    List<Arguments> out = new ArrayList<>();
    for (ContentCipher c : CIPHERS) {
      for (String h : List.of("rsa", "ec-p384", "password", "kek")) {
        out.add(Arguments.of(c, h));
      }
    }
    return out.stream();
  }

  private static Holder holder(List<Holder> all, String name) {
    return all.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
  }

  @ParameterizedTest(name = "{0}, opened by {1}")
  @MethodSource("mixedCases")
  void aMixedMessageFromBouncyCastleOpensForEachHolder(ContentCipher cipher, String who)
      throws Exception {
    byte[] kek = random(32);
    Identity bob = ec("P-384", "bob");
    byte[] message =
        bcSeal(
            cipher,
            new JceKeyTransRecipientInfoGenerator(rsa.certificate()).setProvider(BC),
            bcKari("P-384", KdfHash.SHA384, KeyWrap.AES_256, false, bob),
            bcPwri(
                new PwCase(
                    PasswordRecipient.PRF.HMacSHA256, KdfHash.SHA256, CMSAlgorithm.AES256_CBC),
                PASSWORD),
            new JceKEKRecipientInfoGenerator(MIXED_KEK_ID, new SecretKeySpec(kek, "AES"))
                .setProvider(BC));
    assertThat(bcRecipients(message, cipher).size()).isEqualTo(4);
    Holder h = holder(holders(kek), who);

    assertThat(Envelope.decrypt(message, h.envelopeKeys()).content()).isEqualTo(CONTENT);
    // negative twin: the same kind of secret, the wrong one
    assertWrongSecretFails(message, cipher, h);
  }

  /**
   * The wrong secret of a holder fails. An RSA key that is not the recipient's gets the
   * implicit-rejection substitute key (RFC 3218 2.3.2), which fails on the content: always for AEAD
   * content, and for CBC content unless the garbage happens to end in valid padding (about 1 in
   * 256), in which case what comes out is still not the content.
   */
  private static void assertWrongSecretFails(byte[] message, ContentCipher cipher, Holder h) {
    if (h.name().equals("rsa") && !cipher.isAuthenticated()) {
      Throwable t =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  assertThat(Envelope.decrypt(message, h.envelopeWrongKeys()).content())
                      .isNotEqualTo(CONTENT));
      if (t != null) {
        assertThat(t)
            .isExactlyInstanceOf(DecryptionFailedException.class)
            .hasMessage(DecryptionFailedException.MESSAGE);
      }
      return;
    }
    assertDecryptionFailed(message, h.envelopeWrongKeys());
  }

  @ParameterizedTest(name = "{0}, opened by {1}")
  @MethodSource("mixedCases")
  void aMixedMessageFromEnvelopeOpensInBouncyCastleForEachHolder(ContentCipher cipher, String who)
      throws Exception {
    byte[] kek = random(32);
    Identity bob = ec("P-384", "bob");
    byte[] message =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(Recipient.of(rsa.certificate()))
            .withRecipient(Recipient.of(bob.certificate()))
            .withRecipient(
                new Recipient.Password(PASSWORD.toCharArray(), KdfHash.SHA256, ITERATIONS))
            .withRecipient(Recipient.kek(MIXED_KEK_ID, kek))
            .seal(CONTENT);
    assertThat(bcRecipients(message, cipher).size()).isEqualTo(4);
    Holder h = holder(holders(kek), who);

    assertThat(bcOpen(message, cipher, h.bcId(), h.bcKey())).isEqualTo(CONTENT);
    // BC's RSA engine throws its unchecked DataLengthException ("input too large for RSA
    // cipher") when the encrypted key, read as a number, is not below the wrong key's modulus
    assertThatThrownBy(() -> bcOpen(message, cipher, h.bcId(), h.bcWrongKey()))
        .isInstanceOfAny(CMSException.class, DataLengthException.class);
    // and Envelope itself, for the same holder
    assertThat(Envelope.decrypt(message, h.envelopeKeys()).content()).isEqualTo(CONTENT);
  }
}
