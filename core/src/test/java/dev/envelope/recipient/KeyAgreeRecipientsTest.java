package dev.envelope.recipient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KeySource;
import dev.envelope.KeyWrap;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.KeyAgreeCodec;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorPublicKey;
import dev.envelope.cms.KeyAgreeRecipientInfo.RecipientEncryptedKey;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.X963Kdf;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.interop.KeyAgreePki;
import dev.envelope.interop.TestPki.Identity;
import dev.envelope.x509.CertificateBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key agreement recipients through the public API (Sealer and Opener) and the package's seams:
 * round trips on every curve, KDF hash, key wrap and identifier kind; the negative cases (a wrong
 * key, a modified encrypted key, an originator point off the curve or of low order, absent wrap
 * parameters, a huge ukm, explicit curve parameters), each with the exception it must give; the ukm
 * read as entityUInfo and as the HKDF salt; and the KDFs against hand computations.
 */
class KeyAgreeRecipientsTest {

  private static final byte[] CONTENT =
      "Agreed between an ephemeral key and a static one.".getBytes(StandardCharsets.UTF_8);

  static final List<String> SPECS = List.of("ec-p256", "ec-p384", "ec-p521", "x25519", "x448");

  private static final Map<String, Identity> IDS = new ConcurrentHashMap<>();

  /** One identity per spec and name, made once for the class. */
  static Identity id(String spec, String name) {
    return IDS.computeIfAbsent(spec + "/" + name, k -> KeyAgreePki.identity(spec, name));
  }

  // -- round trips --------------------------------------------------------------------------------

  static Stream<Arguments> curvesCiphersRids() {
    List<Arguments> out = new ArrayList<>();
    for (String spec : SPECS) {
      for (ContentCipher c : List.of(ContentCipher.AES_256_GCM, ContentCipher.AES_128_CBC)) {
        for (RecipientIdentifierType rid : RecipientIdentifierType.values()) {
          out.add(Arguments.of(spec, c, rid));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("curvesCiphersRids")
  void sealsAndOpensWithTheDefaults(String spec, ContentCipher cipher, RecipientIdentifierType rid)
      throws Exception {
    Identity bob = id(spec, "bob");
    byte[] message =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipientIdentifier(rid)
            .withRecipient(Recipient.of(bob.certificate()))
            .seal(CONTENT);

    KeyAgreeRecipientInfo kari = kari(message);
    assertThat(kari.originator()).isInstanceOf(OriginatorPublicKey.class);
    assertThat(kari.ukm()).as("no ukm written").isNull();
    Algorithm scheme = Algorithm.byOid(kari.keyEncryptionAlgorithm().algorithm()).orElseThrow();
    assertThat(scheme)
        .isEqualTo(spec.startsWith("ec-") ? Algorithm.ECDH_STD_SHA256 : Algorithm.ECDH_HKDF_SHA256);
    AlgorithmIdentifier wrap = KeyAgreeCodec.keyWrapAlgorithm(kari.keyEncryptionAlgorithm());
    assertThat(wrap).isEqualTo(AlgorithmIdentifier.absent(Algorithm.AES_256_WRAP.oid()));
    OriginatorPublicKey opk = (OriginatorPublicKey) kari.originator();
    if (spec.startsWith("ec-")) {
      assertThat(opk.algorithm().algorithm()).isEqualTo(Algorithm.EC_PUBLIC_KEY.oid());
      assertThat(KeyAgreeCodec.ecParameters(opk.algorithm()))
          .isInstanceOf(KeyAgreeCodec.NamedCurve.class);
      assertThat(opk.publicKey().get(0)).as("uncompressed point").isEqualTo((byte) 4);
    } else {
      assertThat(opk.algorithm().hasParameters()).isFalse();
    }
    RecipientIdentifier written = kari.recipientEncryptedKeys().get(0).rid();
    assertThat(written)
        .isInstanceOf(
            rid == RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER
                ? RecipientIdentifier.IssuerSerial.class
                : RecipientIdentifier.SubjectKeyId.class);

    Decrypted d = Envelope.decrypt(message, KeySource.of(bob.certificate(), bob.privateKey()));
    assertThat(d.content()).isEqualTo(CONTENT);
    // the key alone (no certificate): matched by trial
    assertThat(Envelope.decrypt(message, KeySource.of(bob.privateKey())).content())
        .isEqualTo(CONTENT);
  }

  static Stream<Arguments> hashesAndWraps() {
    List<Arguments> out = new ArrayList<>();
    for (String spec : List.of("ec-p256", "ec-p521", "x25519", "x448")) {
      for (KdfHash h : KdfHash.values()) {
        for (KeyWrap w : KeyWrap.values()) {
          out.add(Arguments.of(spec, h, w));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("hashesAndWraps")
  void everyKdfHashAndWrap(String spec, KdfHash hash, KeyWrap wrap) throws Exception {
    Identity bob = id(spec, "bob");
    Recipient r = new Recipient.KeyAgreement(bob.certificate(), hash, wrap);
    boolean xdh = !spec.startsWith("ec-");
    if (xdh && (hash == KdfHash.SHA1 || hash == KdfHash.SHA224)) {
      // RFC 8418 defines HKDF with SHA-256, -384 and -512 only
      assertThatThrownBy(() -> Envelope.sealer().withRecipient(r).seal(CONTENT))
          .isInstanceOf(UnsupportedAlgorithmException.class)
          .hasMessageContaining("sha256, sha384 or sha512");
      return;
    }
    byte[] message = Envelope.sealer().withRecipient(r).seal(CONTENT);
    Algorithm scheme =
        Algorithm.byOid(kari(message).keyEncryptionAlgorithm().algorithm()).orElseThrow();
    assertThat(scheme.isHkdfAgreement()).isEqualTo(xdh);
    assertThat(scheme.hash().orElseThrow().cliName()).isEqualTo(hash.cliName());
    assertThat(Envelope.decrypt(message, keys(bob)).content()).isEqualTo(CONTENT);
  }

  @Test
  void severalKeyAgreementRecipientsOfDifferentCurvesEachOpen() throws Exception {
    List<Identity> all = SPECS.stream().map(s -> id(s, "carol")).toList();
    var sealer = Envelope.sealer();
    for (Identity i : all) {
      sealer = sealer.withRecipient(Recipient.of(i.certificate()));
    }
    byte[] message = sealer.seal(CONTENT);
    for (Identity i : all) {
      assertThat(Envelope.decrypt(message, keys(i)).content()).isEqualTo(CONTENT);
      assertThat(Envelope.decrypt(message, KeySource.of(i.privateKey())).content())
          .isEqualTo(CONTENT);
    }
  }

  // -- negative cases -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"ec-p256", "ec-p384", "ec-p521", "x25519", "x448"})
  void aWrongKeyOfTheSameCurveIsTheGenericFailure(String spec) throws Exception {
    byte[] message = seal(id(spec, "bob"));
    Identity mallory = id(spec, "mallory");

    assertGeneric(
        catchThrowable(() -> Envelope.decrypt(message, KeySource.of(mallory.privateKey()))));
    // with a certificate that does not match the identifier: still tried, still the generic failure
    assertGeneric(catchThrowable(() -> Envelope.decrypt(message, keys(mallory))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ec-p256", "ec-p384", "x25519", "x448"})
  void aModifiedEncryptedKeyIsTheGenericFailure(String spec) throws Exception {
    Identity bob = id(spec, "bob");
    byte[] message = seal(bob);
    byte[] spoiled =
        withKari(
            message,
            k -> {
              RecipientEncryptedKey rek = k.recipientEncryptedKeys().get(0);
              byte[] ek = rek.encryptedKey().toByteArray();
              ek[ek.length / 2] ^= 0x01;
              return new KeyAgreeRecipientInfo(
                  k.originator(),
                  k.ukm(),
                  k.keyEncryptionAlgorithm(),
                  List.of(new RecipientEncryptedKey(rek.rid(), null, Bytes.of(ek))));
            });
    assertGeneric(catchThrowable(() -> Envelope.decrypt(spoiled, keys(bob))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ec-p256", "ec-p384", "ec-p521"})
  void anOriginatorPointOffTheCurveIsRefusedBeforeAnyKdfOrUnwrap(String spec) throws Exception {
    Identity bob = id(spec, "bob");
    byte[] message = seal(bob);
    KeyAgreeRecipientInfo kari = kari(message);
    OriginatorPublicKey opk = (OriginatorPublicKey) kari.originator();
    byte[] point = opk.publicKey().toByteArray();
    point[point.length - 1] ^= 0x01; // y changed: (x, y') is not on the curve
    OriginatorPublicKey off = new OriginatorPublicKey(opk.algorithm(), Bytes.of(point));

    // the seam: no shared secret, so no KDF input, no KEK, no unwrap
    assertGeneric(catchThrowable(() -> KeyAgreeRecipients.sharedSecret(off, bob.privateKey())));
    byte[] spoiled = withKari(message, k -> withOriginator(k, off));
    assertGeneric(catchThrowable(() -> Envelope.decrypt(spoiled, keys(bob))));
  }

  static Stream<Arguments> undecodablePoints() {
    return Stream.of(
        Arguments.of("infinity", HexFormat.of().parseHex("00")),
        Arguments.of("empty", new byte[0]),
        Arguments.of("compressed", compressed()),
        Arguments.of("one byte short", new byte[64]),
        Arguments.of("hybrid form 06", hybrid()));
  }

  private static byte[] compressed() {
    byte[] p = new byte[33];
    p[0] = 0x02;
    p[32] = 0x01;
    return p;
  }

  private static byte[] hybrid() {
    byte[] p = new byte[65];
    p[0] = 0x06;
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undecodablePoints")
  void anUndecodableOriginatorPointIsMalformed(String what, byte[] point) throws Exception {
    Identity bob = id("ec-p256", "bob");
    byte[] message = seal(bob);
    OriginatorPublicKey opk = (OriginatorPublicKey) kari(message).originator();
    OriginatorPublicKey bad = new OriginatorPublicKey(opk.algorithm(), Bytes.of(point));

    assertThatThrownBy(() -> KeyAgreeRecipients.sharedSecret(bad, bob.privateKey()))
        .isInstanceOf(MalformedMessageException.class);
    byte[] spoiled = withKari(message, k -> withOriginator(k, bad));
    assertThatThrownBy(() -> Envelope.decrypt(spoiled, keys(bob)))
        .isInstanceOf(MalformedMessageException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x25519", "x448"})
  void aLowOrderOriginatorKeyIsTheGenericFailure(String spec) throws Exception {
    Identity bob = id(spec, "bob");
    byte[] message = seal(bob);
    OriginatorPublicKey opk = (OriginatorPublicKey) kari(message).originator();
    int n = spec.equals("x25519") ? 32 : 56;
    for (byte[] u : List.of(new byte[n], one(n))) { // u = 0 and u = 1: small order on both curves
      OriginatorPublicKey low = new OriginatorPublicKey(opk.algorithm(), Bytes.of(u));
      assertGeneric(catchThrowable(() -> KeyAgreeRecipients.sharedSecret(low, bob.privateKey())));
      byte[] spoiled = withKari(message, k -> withOriginator(k, low));
      assertGeneric(catchThrowable(() -> Envelope.decrypt(spoiled, keys(bob))));
    }
    // a key of the wrong length
    OriginatorPublicKey shortKey =
        new OriginatorPublicKey(opk.algorithm(), Bytes.of(new byte[n - 1]));
    assertThatThrownBy(() -> KeyAgreeRecipients.sharedSecret(shortKey, bob.privateKey()))
        .isInstanceOf(MalformedMessageException.class);
  }

  private static byte[] one(int n) {
    byte[] u = new byte[n];
    u[0] = 1; // little-endian
    return u;
  }

  @Test
  void absentKeyWrapParametersAreMalformed() throws Exception {
    Identity bob = id("ec-p256", "bob");
    byte[] message = seal(bob);
    byte[] spoiled =
        withKari(
            message,
            k ->
                new KeyAgreeRecipientInfo(
                    k.originator(),
                    k.ukm(),
                    AlgorithmIdentifier.absent(k.keyEncryptionAlgorithm().algorithm()),
                    k.recipientEncryptedKeys()));
    assertThatThrownBy(() -> Envelope.decrypt(spoiled, keys(bob)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("keyEncryptionAlgorithm.parameters");
  }

  @Test
  void anUnknownSchemeOrWrapIsUnsupported() throws Exception {
    Identity bob = id("ec-p256", "bob");
    byte[] message = seal(bob);
    byte[] unknownScheme =
        withKari(
            message,
            k ->
                new KeyAgreeRecipientInfo(
                    k.originator(),
                    k.ukm(),
                    new AlgorithmIdentifier(
                        Oid.of("1.3.132.1.15.1"), k.keyEncryptionAlgorithm().parameters()),
                    k.recipientEncryptedKeys()));
    assertThatThrownBy(() -> Envelope.decrypt(unknownScheme, keys(bob)))
        .isInstanceOf(UnsupportedAlgorithmException.class);
    byte[] kwp =
        withKari(
            message,
            k ->
                new KeyAgreeRecipientInfo(
                    k.originator(),
                    k.ukm(),
                    KeyAgreeCodec.keyEncryptionAlgorithm(
                        k.keyEncryptionAlgorithm().algorithm(),
                        AlgorithmIdentifier.absent(Algorithm.AES_256_WRAP_PAD.oid())),
                    k.recipientEncryptedKeys()));
    // AES-KWP is read (Envelope writes it for short legacy content keys); relabelling an RFC 3394
    // entry as KWP changes the KDF input and the wrap, so it fails as the generic failure
    assertThatThrownBy(() -> Envelope.decrypt(kwp, keys(bob)))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void aMismatchedWrapIsTheGenericFailure() throws Exception {
    // aes128-wrap named while the entry was wrapped under a 32-byte KEK: a different KEK comes out
    Identity bob = id("ec-p256", "bob");
    byte[] message = seal(bob);
    byte[] spoiled =
        withKari(
            message,
            k ->
                new KeyAgreeRecipientInfo(
                    k.originator(),
                    k.ukm(),
                    KeyAgreeCodec.keyEncryptionAlgorithm(
                        k.keyEncryptionAlgorithm().algorithm(),
                        AlgorithmIdentifier.absent(Algorithm.AES_128_WRAP.oid())),
                    k.recipientEncryptedKeys()));
    assertGeneric(catchThrowable(() -> Envelope.decrypt(spoiled, keys(bob))));
  }

  @Test
  void aHugeUkmIsALimit() throws Exception {
    Identity bob = id("ec-p256", "bob");
    byte[] message = seal(bob);
    byte[] spoiled =
        withKari(
            message,
            k ->
                new KeyAgreeRecipientInfo(
                    k.originator(),
                    Bytes.of(new byte[KeyAgreeRecipients.MAX_UKM_BYTES + 1]),
                    k.keyEncryptionAlgorithm(),
                    k.recipientEncryptedKeys()));
    assertThatThrownBy(() -> Envelope.decrypt(spoiled, keys(bob)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("ukm");
  }

  @Test
  void explicitCurveParametersAreUnsupportedAndAnotherCurveIsNotThisKeysEntry() throws Exception {
    Identity bob = id("ec-p256", "bob");
    byte[] message = seal(bob);
    OriginatorPublicKey opk = (OriginatorPublicKey) kari(message).originator();
    // specifiedCurve: any SEQUENCE where the named curve OID would be
    OriginatorPublicKey explicit =
        new OriginatorPublicKey(
            new AlgorithmIdentifier(
                Algorithm.EC_PUBLIC_KEY.oid(),
                Bytes.of(DerWriter.encode(w -> w.addSequence(s -> s.addInteger(1))))),
            opk.publicKey());
    assertThatThrownBy(() -> KeyAgreeRecipients.sharedSecret(explicit, bob.privateKey()))
        .isInstanceOf(UnsupportedAlgorithmException.class);
    assertThatThrownBy(
            () -> Envelope.decrypt(withKari(message, k -> withOriginator(k, explicit)), keys(bob)))
        .isInstanceOf(UnsupportedAlgorithmException.class);

    // named P-384 while the key is P-256: not this key's entry (curve binding)
    OriginatorPublicKey p384 =
        new OriginatorPublicKey(
            new AlgorithmIdentifier(
                Algorithm.EC_PUBLIC_KEY.oid(),
                KeyAgreeCodec.namedCurveParameters(Algorithm.P384.oid())),
            opk.publicKey());
    assertThatThrownBy(() -> KeyAgreeRecipients.sharedSecret(p384, bob.privateKey()))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(
            () -> Envelope.decrypt(withKari(message, k -> withOriginator(k, p384)), keys(bob)))
        .isInstanceOf(NoMatchingRecipientException.class);
  }

  @Test
  void anX25519KeyDoesNotTakeAnX448EntryNorAnEcOne() throws Exception {
    byte[] forX448 = seal(id("x448", "bob"));
    byte[] forEc = seal(id("ec-p256", "bob"));
    Identity x25519 = id("x25519", "bob");
    assertThat(KeyAgreeRecipients.accepts(kari(forX448), x25519.privateKey())).isFalse();
    assertThat(KeyAgreeRecipients.accepts(kari(forEc), x25519.privateKey())).isFalse();
    assertThatThrownBy(() -> Envelope.decrypt(forX448, keys(x25519)))
        .isInstanceOf(NoMatchingRecipientException.class);
  }

  @Test
  void theOriginatorParametersMayBeAbsentOrNull() throws Exception {
    // RFC 5753 3.1.1: absent or NULL mean the recipient's curve (what OpenSSL writes is absent)
    Identity bob = id("ec-p384", "bob");
    byte[] message = seal(bob);
    OriginatorPublicKey opk = (OriginatorPublicKey) kari(message).originator();
    for (AlgorithmIdentifier a :
        List.of(
            AlgorithmIdentifier.absent(Algorithm.EC_PUBLIC_KEY.oid()),
            AlgorithmIdentifier.withNull(Algorithm.EC_PUBLIC_KEY.oid()))) {
      byte[] m =
          withKari(message, k -> withOriginator(k, new OriginatorPublicKey(a, opk.publicKey())));
      assertThat(Envelope.decrypt(m, keys(bob)).content()).isEqualTo(CONTENT);
    }
  }

  @Test
  void aStaticOriginatorIsUnsupported() throws Exception {
    Identity bob = id("ec-p256", "bob");
    byte[] message = seal(bob);
    byte[] spoiled =
        withKari(
            message,
            k ->
                withOriginator(
                    k, new KeyAgreeRecipientInfo.OriginatorSubjectKeyId(Bytes.ofHex("0102"))));
    assertThatThrownBy(() -> Envelope.decrypt(spoiled, keys(bob)))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageContaining("static-static");
  }

  /**
   * SECURITY.md #22: sealing for a certificate whose EC point is off its curve, or whose X25519 key
   * is of low order, fails with a clear error and writes nothing.
   */
  @Test
  void sealingForABadPublicKeyFailsClearly() throws Exception {
    Identity ca = id("ec-p256", "ca-for-bad-keys");
    ECPublicKey good = (ECPublicKey) id("ec-p256", "bob").certificate().getPublicKey();
    ECPoint w = good.getW();
    PublicKey off =
        KeyFactory.getInstance("EC")
            .generatePublic(
                new ECPublicKeySpec(
                    new ECPoint(w.getAffineX(), w.getAffineY().add(BigInteger.ONE)),
                    good.getParams()));
    X509Certificate caCert =
        CertificateBuilder.forSubject("CN=bad-key CA")
            .certificateAuthority(true)
            .selfSigned(new KeyPair(ca.certificate().getPublicKey(), ca.privateKey()));
    X509Certificate offCert =
        CertificateBuilder.forSubject("CN=off the curve").issuedBy(off, caCert, ca.privateKey());

    assertThatThrownBy(() -> Envelope.sealer().withRecipient(Recipient.of(offCert)).seal(CONTENT))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("not a point on its curve");

    PublicKey lowOrder =
        KeyFactory.getInstance("XDH")
            .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.ZERO));
    X509Certificate lowCert =
        CertificateBuilder.forSubject("CN=low order").issuedBy(lowOrder, caCert, ca.privateKey());
    assertThatThrownBy(() -> Envelope.sealer().withRecipient(Recipient.of(lowCert)).seal(CONTENT))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("low-order");
  }

  // -- ukm
  // -----------------------------------------------------------------------------------------

  /**
   * A ukm is read as entityUInfo (both KDFs) and, for RFC 8418, as the HKDF salt: the entry is
   * re-made here with a ukm through the package's KDF seam and the message must then open.
   */
  @ParameterizedTest
  @ValueSource(strings = {"ec-p256", "x25519", "x448"})
  void aUkmIsReadAsTheRfcsSay(String spec) throws Exception {
    Identity bob = id(spec, "bob");
    byte[] cek = new byte[32];
    new SecureRandom().nextBytes(cek);
    KeyAgreeRecipientInfo plain =
        KeyAgreeRecipients.seal(
            bob.certificate(),
            new RecipientIdentifier.SubjectKeyId(Bytes.ofHex("01")),
            Algorithm.SHA256,
            Algorithm.AES_256_WRAP,
            cek,
            new SecureRandom());
    Bytes ukm = Bytes.ofHex("00112233445566778899aabbccddeeff");
    // the entry re-made with the ukm: the ephemeral private key is gone after sealing, so Z comes
    // from the recipient's side (the same value, that is the point of the agreement)
    byte[] zr = KeyAgreeRecipients.sharedSecret(plain.originator(), bob.privateKey());
    Algorithm scheme = KeyAgreeRecipients.scheme(plain);
    AlgorithmIdentifier wrapId = KeyAgreeCodec.keyWrapAlgorithm(plain.keyEncryptionAlgorithm());
    byte[] kek = KeyAgreeRecipients.kdf(scheme, zr, ukm, wrapId, 32);
    byte[] ek = dev.envelope.crypto.KeyWraps.wrap(Algorithm.AES_256_WRAP, kek, cek);
    KeyAgreeRecipientInfo withUkm =
        new KeyAgreeRecipientInfo(
            plain.originator(),
            ukm,
            plain.keyEncryptionAlgorithm(),
            List.of(
                new RecipientEncryptedKey(
                    plain.recipientEncryptedKeys().get(0).rid(), null, Bytes.of(ek))));

    assertThat(KeyAgreeRecipients.unwrap(withUkm, 0, bob.privateKey(), 32)).isEqualTo(cek);
    // without the ukm the KEK differs: the generic failure
    KeyAgreeRecipientInfo dropped =
        new KeyAgreeRecipientInfo(
            withUkm.originator(),
            null,
            withUkm.keyEncryptionAlgorithm(),
            withUkm.recipientEncryptedKeys());
    assertGeneric(
        catchThrowable(() -> KeyAgreeRecipients.unwrap(dropped, 0, bob.privateKey(), 32)));
    // and the unwrap of the plain entry gives the same key
    assertThat(KeyAgreeRecipients.unwrap(plain, 0, bob.privateKey(), 32)).isEqualTo(cek);
    // a wrong content-key length is the generic failure too
    assertGeneric(catchThrowable(() -> KeyAgreeRecipients.unwrap(plain, 0, bob.privateKey(), 16)));
  }

  /**
   * The other direction of {@code KeyAgreeBouncyCastleInteropTest.aUkmFromBouncyCastleOpens}: an
   * RFC 8418 entry re-made with a ukm (salt and entityUInfo, section 2.2) opens in Bouncy Castle
   * 1.87 on its own provider, and so does the original without one.
   */
  @ParameterizedTest
  @ValueSource(strings = {"x25519", "x448"})
  void anRfc8418EntryWithAUkmOpensInBouncyCastle(String spec) throws Exception {
    Identity bob = id(spec, "bob");
    byte[] message =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_CBC)
            .withRecipient(Recipient.of(bob.certificate()))
            .seal(CONTENT);
    KeyAgreeRecipientInfo k = kari(message);
    byte[] cek = KeyAgreeRecipients.unwrap(k, 0, bob.privateKey(), 32);
    Bytes ukm = Bytes.ofHex("0011223344556677");
    byte[] z = KeyAgreeRecipients.sharedSecret(k.originator(), bob.privateKey());
    byte[] kek =
        KeyAgreeRecipients.kdf(
            KeyAgreeRecipients.scheme(k),
            z,
            ukm,
            KeyAgreeCodec.keyWrapAlgorithm(k.keyEncryptionAlgorithm()),
            32);
    byte[] ek = dev.envelope.crypto.KeyWraps.wrap(Algorithm.AES_256_WRAP, kek, cek);
    byte[] withUkm =
        withKari(
            message,
            x ->
                new KeyAgreeRecipientInfo(
                    x.originator(),
                    ukm,
                    x.keyEncryptionAlgorithm(),
                    List.of(
                        new RecipientEncryptedKey(
                            x.recipientEncryptedKeys().get(0).rid(), null, Bytes.of(ek)))));
    assertThat(Envelope.decrypt(withUkm, keys(bob)).content()).isEqualTo(CONTENT);

    var bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    for (byte[] m : List.of(message, withUkm)) {
      var ri =
          new org.bouncycastle.cms.CMSEnvelopedData(m)
              .getRecipientInfos()
              .getRecipients()
              .iterator()
              .next();
      byte[] opened =
          ri.getContent(
              new org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient(bob.privateKey())
                  .setProvider(bc));
      assertThat(opened).isEqualTo(CONTENT);
    }
  }

  // -- KDFs against hand computations -------------------------------------------------------------

  @Test
  void sharedInfoIsTheRfc5753Encoding() {
    byte[] si =
        KeyAgreeCodec.sharedInfo(
            AlgorithmIdentifier.absent(Algorithm.AES_128_WRAP.oid()), Bytes.ofHex("a1a2"), 16);
    // SEQUENCE { SEQUENCE { aes128-wrap }, [0] { OCTET STRING a1a2 }, [2] { OCTET STRING 00000080 }
    // }
    assertThat(HexFormat.of().formatHex(si))
        .isEqualTo("301b300b0609608648016503040105a0040402a1a2a20604040000" + "0080");
  }

  @Test
  void x963KdfIsHashOfZCounterSharedInfo() throws GeneralSecurityException {
    byte[] z = HexFormat.of().parseHex("0102030405");
    byte[] info = HexFormat.of().parseHex("aabb");
    MessageDigest md = MessageDigest.getInstance("SHA-1");
    byte[] k1 = md.digest(HexFormat.of().parseHex("0102030405" + "00000001" + "aabb"));
    byte[] k2 = md.digest(HexFormat.of().parseHex("0102030405" + "00000002" + "aabb"));
    byte[] expected = new byte[32];
    System.arraycopy(k1, 0, expected, 0, 20);
    System.arraycopy(k2, 0, expected, 20, 12);
    assertThat(X963Kdf.derive(Algorithm.SHA1, z, info, 32)).isEqualTo(expected);
  }

  // -- helpers
  // -------------------------------------------------------------------------------------

  static KeySource keys(Identity i) {
    return KeySource.of(i.certificate(), i.privateKey());
  }

  static byte[] seal(Identity to) throws GeneralSecurityException {
    return Envelope.sealer().withRecipient(Recipient.of(to.certificate())).seal(CONTENT);
  }

  static void assertGeneric(Throwable t) {
    assertThat(t).isExactlyInstanceOf(DecryptionFailedException.class);
    assertThat(t).hasMessage(DecryptionFailedException.MESSAGE).hasNoCause();
  }

  static CmsMessage decode(byte[] der) {
    try {
      return CmsCodec.decode(der, CmsLimits.DEFAULT);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static KeyAgreeRecipientInfo kari(byte[] der) {
    return decode(der).recipientInfos().stream()
        .filter(KeyAgreeRecipientInfo.class::isInstance)
        .map(KeyAgreeRecipientInfo.class::cast)
        .findFirst()
        .orElseThrow();
  }

  static KeyAgreeRecipientInfo withOriginator(
      KeyAgreeRecipientInfo k, KeyAgreeRecipientInfo.Originator o) {
    return new KeyAgreeRecipientInfo(
        o, k.ukm(), k.keyEncryptionAlgorithm(), k.recipientEncryptedKeys());
  }

  /** Every KeyAgreeRecipientInfo rewritten by {@code f}. */
  static byte[] withKari(byte[] der, UnaryOperator<KeyAgreeRecipientInfo> f) {
    return RecipientSurgery.rewrite(der, KeyAgreeRecipientInfo.class, f);
  }
}
