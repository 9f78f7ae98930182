package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.OaepHash;
import dev.envelope.Recipient;
import dev.envelope.RsaPadding;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.interop.TestPki;
import dev.envelope.interop.TestPki.Identity;
import dev.envelope.vectors.Json;
import dev.envelope.vectors.Vectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RSA key transport never reveals why an unwrap failed (SECURITY.md #10, #11, #13): Wycheproof
 * RSAES-PKCS1-v1_5 and RSAES-OAEP vectors through {@link RsaKeyTransport#unwrap}, own PKCS #1
 * cases, and then whole messages whose encryptedKey is each bad case, which must all fail alike.
 */
class RsaImplicitRejectionTest {

  private static final HexFormat HEX = HexFormat.of();

  /** The public bytes unwrap binds a substitute to (a recipient identifier, in messages). */
  private static final byte[] CONTEXT = "test rid".getBytes(StandardCharsets.US_ASCII);

  private static final SecureRandom RANDOM = new SecureRandom();

  private static Identity alice;
  private static Identity mallory;

  @BeforeAll
  static void keys() {
    alice = TestPki.rsa(2048, "alice");
    mallory = TestPki.rsa(2048, "mallory");
  }

  // ---------------------------------------------------------------------------------------------
  // Wycheproof, through the primitive

  static Path wycheproof() {
    return Vectors.dir().resolve("wycheproof/testvectors_v1");
  }

  static Stream<Arguments> wycheproofFiles() throws Exception {
    String p = System.getProperty("envelope.vectors");
    Path dir = p == null ? null : Path.of(p, "wycheproof/testvectors_v1");
    if (dir == null || !Files.isDirectory(dir)) {
      return Stream.of(Arguments.of("(shared vectors absent)"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("rsa_(pkcs1|oaep)_.*_test\\.json"))
          .sorted()
          .map(Arguments::of)
          .toList()
          .stream();
    }
  }

  /** The digest row for a Wycheproof hash name; null when Envelope has none. */
  static Algorithm digest(String wycheproofName) {
    return switch (wycheproofName) {
      case "SHA-1" -> Algorithm.SHA1;
      case "SHA-224" -> Algorithm.SHA224;
      case "SHA-256" -> Algorithm.SHA256;
      case "SHA-384" -> Algorithm.SHA384;
      case "SHA-512" -> Algorithm.SHA512;
      default -> null; // SHA-512/224, SHA-512/256: not in the algorithm table
    };
  }

  static PrivateKey pkcs8(String hex) throws Exception {
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(HEX.parseHex(hex)));
  }

  /** One Wycheproof test group: its key and scheme (null for PKCS #1 v1.5). */
  record Group(PrivateKey key, OaepParams scheme, List<Map<String, Object>> tests) {}

  static List<Group> groups(String file) throws Exception {
    Map<String, Object> json =
        Json.parseObject(Files.readString(wycheproof().resolve(file), StandardCharsets.UTF_8));
    List<Group> out = new ArrayList<>();
    for (Map<String, Object> g : Json.objects(json, "testGroups")) {
      OaepParams scheme = null;
      if (Json.string(g, "sha") != null) {
        Algorithm hash = digest(Json.string(g, "sha"));
        Algorithm mgf = digest(Json.string(g, "mgfSha"));
        if (hash == null || mgf == null) {
          String why =
              file
                  + ": "
                  + Json.string(g, "sha")
                  + "/MGF1-"
                  + Json.string(g, "mgfSha")
                  + " has no row in the algorithm table (no CMS peer uses it)";
          System.out.println("SKIPPED " + why);
          Assumptions.abort(why);
        }
        scheme = new OaepParams(hash, mgf, Bytes.empty());
      }
      out.add(
          new Group(pkcs8(Json.string(g, "privateKeyPkcs8")), scheme, Json.objects(g, "tests")));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wycheproofFiles")
  void wycheproofThroughUnwrap(String file) throws Exception {
    List<String> failures = new ArrayList<>();
    int count = 0;
    for (Group g : groups(file)) {
      for (Map<String, Object> t : g.tests()) {
        count++;
        String id = "tcId " + Json.integer(t, "tcId") + " (" + Json.string(t, "comment") + ")";
        byte[] msg = HEX.parseHex(Json.string(t, "msg"));
        byte[] ct = HEX.parseHex(Json.string(t, "ct"));
        String label = Json.string(t, "label");
        OaepParams scheme =
            g.scheme() == null || label == null || label.isEmpty()
                ? g.scheme()
                : new OaepParams(g.scheme().hash(), g.scheme().mgfHash(), Bytes.ofHex(label));
        String result = Json.string(t, "result");
        if (result.equals("valid")) {
          byte[] out = RsaKeyTransport.unwrap(g.key(), scheme, ct, msg.length, CONTEXT);
          if (!Arrays.equals(out, msg)) {
            failures.add(id + ": valid, but did not yield its message");
          }
          // a valid padding around a message of the wrong length takes the substitute path
          int other = msg.length == 32 ? 16 : 32;
          checkSubstitute(
              failures, id + " as a " + other + "-byte key", g.key(), scheme, ct, other, msg);
        } else if (result.equals("invalid")) {
          checkSubstitute(failures, id, g.key(), scheme, ct, msg.length, msg);
          checkSubstitute(failures, id + " as a 32-byte key", g.key(), scheme, ct, 32, msg);
        } else {
          failures.add(id + ": unexpected result " + result);
        }
      }
    }
    assertThat(count).as(file + " has tests").isPositive();
    assertThat(failures).as(file).isEmpty();
  }

  /**
   * The substitute path: exactly {@code length} bytes, the same on a repeat, not the real message,
   * and equal to the implicit-rejection key for (key, context, ciphertext).
   */
  private static void checkSubstitute(
      List<String> failures,
      String id,
      PrivateKey key,
      OaepParams scheme,
      byte[] ct,
      int length,
      byte[] message) {
    byte[] first = RsaKeyTransport.unwrap(key, scheme, ct, length, CONTEXT);
    byte[] again = RsaKeyTransport.unwrap(key, scheme, ct, length, CONTEXT);
    if (first.length != length) {
      failures.add(id + ": substitute of " + first.length + " bytes, not " + length);
    } else if (!Arrays.equals(first, again)) {
      failures.add(id + ": substitute differs on a repeat (not deterministic)");
    } else if (length > 0 && Arrays.equals(first, message)) {
      failures.add(id + ": yielded the real message");
    } else if (!Arrays.equals(first, RsaKeyTransport.substitute(key, ct, CONTEXT, length))) {
      failures.add(id + ": result is not the implicit-rejection substitute");
    }
  }

  @Test
  void substituteDependsOnContextAndCiphertext() {
    byte[] ct = new byte[256];
    ct[5] = 1;
    byte[] a = RsaKeyTransport.substitute(alice.privateKey(), ct, CONTEXT, 32);
    byte[] otherContext = RsaKeyTransport.substitute(alice.privateKey(), ct, new byte[] {1}, 32);
    ct[6] = 1;
    byte[] otherCiphertext = RsaKeyTransport.substitute(alice.privateKey(), ct, CONTEXT, 32);
    byte[] otherKey = RsaKeyTransport.substitute(mallory.privateKey(), ct, CONTEXT, 32);

    assertThat(
            Set.of(
                HEX.formatHex(a),
                HEX.formatHex(otherContext),
                HEX.formatHex(otherCiphertext),
                HEX.formatHex(otherKey)))
        .hasSize(4);
  }

  // ---------------------------------------------------------------------------------------------
  // own PKCS #1 v1.5 cases: each breaks one rule of EME-PKCS1-v1_5 (RFC 8017 7.2.2 step 3)

  private static final int K = 256; // RSA-2048

  /** An encoded message {@code first || type || PS || separator || M}. */
  static byte[] em(int first, int type, int psLength, boolean separator, byte[] m) {
    byte[] em = new byte[K];
    em[0] = (byte) first;
    em[1] = (byte) type;
    int i = 2;
    for (int p = 0; p < psLength; p++) {
      em[i++] = (byte) (1 + RANDOM.nextInt(255)); // non-zero padding octets
    }
    if (separator) {
      em[i++] = 0;
    }
    for (int j = 0; i < K; ) {
      em[i++] = j < m.length ? m[j++] : (byte) (1 + RANDOM.nextInt(255));
    }
    return em;
  }

  /** A PKCS #1 case: the block and the key length the unwrap is asked for. */
  record Pkcs1Case(byte[] em, int expectedLength, byte[] message) {}

  static Pkcs1Case standard(int first, int type, byte[] cek) {
    return new Pkcs1Case(em(first, type, K - 3 - cek.length, true, cek), 32, cek);
  }

  /** The cases that must take the substitute path, for a given 32-byte CEK. */
  static Map<String, Pkcs1Case> badPkcs1(byte[] cek) {
    Map<String, Pkcs1Case> m = new LinkedHashMap<>();
    m.put("first byte 01", standard(0x01, 0x02, cek));
    m.put("first byte ff", standard(0xff, 0x02, cek));
    m.put("block type 00", standard(0x00, 0x00, cek));
    m.put("block type 01 (signature padding)", standard(0x00, 0x01, cek));
    m.put("block type 03", standard(0x00, 0x03, cek));
    m.put("no 00 separator", new Pkcs1Case(em(0x00, 0x02, K - 2, false, new byte[0]), 32, cek));
    m.put("PS of 7 bytes", new Pkcs1Case(em(0x00, 0x02, 7, true, new byte[0]), K - 10, null));
    m.put("PS of 0 bytes", new Pkcs1Case(em(0x00, 0x02, 0, true, new byte[0]), K - 3, null));
    byte[] zeroInPs = em(0x00, 0x02, K - 3 - 32, true, cek);
    zeroInPs[2 + 20] = 0; // an early separator: the message is then too long
    m.put("00 inside PS", new Pkcs1Case(zeroInPs, 32, cek));
    m.put(
        "CEK of 5 bytes",
        new Pkcs1Case(em(0x00, 0x02, K - 3 - 5, true, Arrays.copyOf(cek, 5)), 32, null));
    m.put(
        "CEK of 31 bytes",
        new Pkcs1Case(em(0x00, 0x02, K - 3 - 31, true, Arrays.copyOf(cek, 31)), 32, null));
    m.put(
        "CEK of 33 bytes",
        new Pkcs1Case(em(0x00, 0x02, K - 3 - 33, true, Arrays.copyOf(cek, 33)), 32, null));
    m.put("all zero block", new Pkcs1Case(new byte[K], 32, null));
    return m;
  }

  /** Controls: valid blocks, which must yield their message. */
  static Map<String, Pkcs1Case> goodPkcs1(byte[] cek) {
    Map<String, Pkcs1Case> m = new LinkedHashMap<>();
    m.put("32-byte CEK", standard(0x00, 0x02, cek));
    byte[] longest = new byte[K - 11];
    RANDOM.nextBytes(longest);
    m.put(
        "PS of exactly 8 bytes", new Pkcs1Case(em(0x00, 0x02, 8, true, longest), K - 11, longest));
    return m;
  }

  /** Textbook RSA encryption of a block, so that any block can be sent. */
  static byte[] rawEncrypt(PublicKey key, byte[] em) {
    RSAPublicKey rsa = (RSAPublicKey) key;
    byte[] c =
        new BigInteger(1, em).modPow(rsa.getPublicExponent(), rsa.getModulus()).toByteArray();
    byte[] out = new byte[K];
    int n = Math.min(c.length, K);
    System.arraycopy(c, c.length - n, out, K - n, n);
    return out;
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Test
  void ownPkcs1CasesThroughThePaddingCheck() {
    List<String> failures = new ArrayList<>();
    byte[] cek = randomBytes(32);
    byte[] substitute = randomBytes(32);
    badPkcs1(cek)
        .forEach(
            (name, c) -> {
              byte[] sub = Arrays.copyOf(substitute, c.expectedLength());
              if (!Arrays.equals(Pkcs1Padding.select(c.em(), c.expectedLength(), sub), sub)) {
                failures.add(name + ": did not select the substitute");
              }
            });
    goodPkcs1(cek)
        .forEach(
            (name, c) -> {
              byte[] sub = Arrays.copyOf(substitute, c.expectedLength());
              if (!Arrays.equals(
                  Pkcs1Padding.select(c.em(), c.expectedLength(), sub), c.message())) {
                failures.add(name + ": did not yield its message");
              }
            });
    assertThat(failures).isEmpty();
  }

  @Test
  void ownPkcs1CasesThroughUnwrap() {
    List<String> failures = new ArrayList<>();
    byte[] cek = randomBytes(32);
    badPkcs1(cek)
        .forEach(
            (name, c) -> {
              byte[] ct = rawEncrypt(alice.certificate().getPublicKey(), c.em());
              checkSubstitute(
                  failures,
                  name,
                  alice.privateKey(),
                  null,
                  ct,
                  c.expectedLength(),
                  c.message() == null ? new byte[0] : c.message());
            });
    goodPkcs1(cek)
        .forEach(
            (name, c) -> {
              byte[] ct = rawEncrypt(alice.certificate().getPublicKey(), c.em());
              byte[] out =
                  RsaKeyTransport.unwrap(alice.privateKey(), null, ct, c.expectedLength(), CONTEXT);
              if (!Arrays.equals(out, c.message())) {
                failures.add(name + ": did not yield its message");
              }
            });
    assertThat(failures).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // whole messages (SECURITY.md #10, #13): every bad encryptedKey fails exactly like a wrong key

  /** What a decryption shows; for the bad cases it must be one value. */
  record Outcome(String type, String message, boolean causeNull, int suppressed) {
    static Outcome of(Throwable t) {
      return new Outcome(
          t.getClass().getName(), t.getMessage(), t.getCause() == null, t.getSuppressed().length);
    }
  }

  static final Outcome GENERIC_FAILURE =
      new Outcome(
          DecryptionFailedException.class.getName(), DecryptionFailedException.MESSAGE, true, 0);

  /** Opened to the real content: the bad case was not bad to the decryptor (an oracle). */
  static final Outcome REAL_CONTENT = new Outcome("(opened to the real content)", "", true, 0);

  /**
   * Opened to other bytes. Only CBC can do this: under a random key (a substitute, or a wrong key)
   * the last block ends in valid PKCS #7 padding about once in 256 (RFC 3218 2.2.1). The wrong-key
   * control is exposed to it alike, so it says nothing about the RSA padding.
   */
  static final Outcome GARBAGE = new Outcome("(opened to garbage)", "", true, 0);

  /**
   * Decrypts every case. All failures must be the one generic failure (a Set of size 1); no case
   * may open to the real content; and only CBC may, rarely, open to garbage.
   */
  private static void assertOneOutcome(
      Template t, Map<String, byte[]> messages, Map<String, KeySource> keys) {
    Map<Outcome, List<String>> seen = new LinkedHashMap<>();
    messages.forEach(
        (name, message) -> {
          Outcome o;
          try {
            byte[] content = Envelope.decrypt(message, keys.get(name)).content();
            o = Arrays.equals(content, t.content()) ? REAL_CONTENT : GARBAGE;
          } catch (Throwable e) {
            o = Outcome.of(e);
          }
          seen.computeIfAbsent(o, x -> new ArrayList<>()).add(name);
        });
    List<String> garbage = seen.getOrDefault(GARBAGE, List.of());
    seen.remove(GARBAGE);
    Set<Outcome> failures = new LinkedHashSet<>(seen.keySet());

    assertThat(failures).as("outcomes, with the cases that gave each: %s", seen).hasSize(1);
    assertThat(failures).containsExactly(GENERIC_FAILURE);
    if (t.cipher().isAuthenticated()) {
      assertThat(garbage).as("a GCM tag never verifies under a wrong key").isEmpty();
    } else {
      // about messages.size() / 256 expected; more than 6 happens by chance with p < 1e-9
      assertThat(garbage.size())
          .as("CBC cases that passed the padding check: %s", garbage)
          .isLessThanOrEqualTo(6);
      if (!garbage.isEmpty()) {
        System.out.println("CBC padding passed by chance (about 1 in 256 per case): " + garbage);
      }
    }
  }

  private static final byte[] TEMPLATE_CONTENT =
      "the content of the template message, longer than one block"
          .getBytes(StandardCharsets.US_ASCII);

  /** A message sealed by Envelope for an identity, with its real CEK (unwrapped with the key). */
  record Template(byte[] der, byte[] cek, ContentCipher cipher, byte[] content) {}

  static Template template(Identity id, ContentCipher cipher, RsaPadding padding, OaepHash hash)
      throws Exception {
    byte[] der =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(new Recipient.KeyTransport(id.certificate(), padding, hash))
            .seal(TEMPLATE_CONTENT);
    KeyTransRecipientInfo k = MessageSurgery.ktri(der);
    OaepParams scheme =
        padding == RsaPadding.PKCS1 ? null : OaepParams.parse(k.keyEncryptionAlgorithm());
    byte[] cek =
        RsaKeyTransport.unwrap(
            id.privateKey(), scheme, k.encryptedKey().toByteArray(), cipher.keyBits() / 8, CONTEXT);
    assertThat(Envelope.decrypt(der, id.keySource()).content())
        .as("the template opens")
        .isEqualTo(TEMPLATE_CONTENT);
    return new Template(der, cek, cipher, TEMPLATE_CONTENT);
  }

  /** The controls of #10: a wrong key, a wrong CEK, and the right CEK with spoiled content. */
  static void addControls(
      Template t, Identity id, Map<String, byte[]> messages, Map<String, KeySource> keys)
      throws Exception {
    messages.put("control: another private key with the right certificate", t.der());
    keys.put(
        "control: another private key with the right certificate",
        KeySource.of(id.certificate(), mallory.privateKey()));
    messages.put("control: another key, no certificate", t.der());
    keys.put("control: another key, no certificate", KeySource.of(mallory.privateKey()));
    messages.put(
        "control: valid padding, wrong 32-byte CEK",
        MessageSurgery.withEncryptedKey(
            t.der(), pkcs1OrOaep(id, MessageSurgery.ktri(t.der()), randomBytes(32))));
    var m = MessageSurgery.decode(t.der());
    byte[] content = m.encryptedContentInfo().encryptedContent().toByteArray();
    if (t.cipher().isAuthenticated()) {
      byte[] mac = ((dev.envelope.cms.AuthEnvelopedData) m).mac().toByteArray();
      mac[0] ^= 0x01;
      messages.put("control: right CEK, tampered tag", MessageSurgery.withMac(t.der(), mac));
      byte[] flipped = content.clone();
      flipped[0] ^= 0x01;
      messages.put(
          "control: right CEK, tampered content",
          MessageSurgery.withEncryptedContent(t.der(), flipped));
    } else {
      ContentSpec spec =
          ContentSpec.parse(m.encryptedContentInfo().contentEncryptionAlgorithm(), false);
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(t.cek(), "AES"),
          new IvParameterSpec(spec.iv().toByteArray()));
      byte[] padTooLong = new byte[32];
      Arrays.fill(padTooLong, 16, 32, (byte) 0x11); // a pad of 17 in a 16-byte block
      messages.put(
          "control: right CEK, CBC pad byte 17",
          MessageSurgery.withEncryptedContent(t.der(), c.doFinal(padTooLong)));
      byte[] padZero = new byte[32]; // last byte 00: no PKCS #7 pad is 0
      messages.put(
          "control: right CEK, CBC pad byte 0",
          MessageSurgery.withEncryptedContent(t.der(), c.doFinal(padZero)));
      byte[] padInconsistent = new byte[32];
      padInconsistent[31] = 4;
      padInconsistent[30] = 4;
      padInconsistent[29] = 3; // 04 needs four 04s
      padInconsistent[28] = 4;
      messages.put(
          "control: right CEK, inconsistent CBC padding",
          MessageSurgery.withEncryptedContent(t.der(), c.doFinal(padInconsistent)));
    }
  }

  /** Encrypts {@code cek} the way the entry says (JCA, independent of Envelope). */
  static byte[] pkcs1OrOaep(Identity id, KeyTransRecipientInfo k, byte[] cek) throws Exception {
    if (k.keyEncryptionAlgorithm().algorithm().equals(Algorithm.RSA_PKCS1.oid())) {
      Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      c.init(Cipher.ENCRYPT_MODE, id.certificate().getPublicKey());
      return c.doFinal(cek);
    }
    return jcaOaep(id, OaepParams.parse(k.keyEncryptionAlgorithm()), cek);
  }

  static byte[] jcaOaep(Identity id, OaepParams p, byte[] cek) throws Exception {
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(
        Cipher.ENCRYPT_MODE,
        id.certificate().getPublicKey(),
        new OAEPParameterSpec(
            p.hash().jcaName(),
            "MGF1",
            new MGF1ParameterSpec(p.mgfHash().jcaName()),
            new PSource.PSpecified(p.label().toByteArray())));
    return c.doFinal(cek);
  }

  private static String name(Map<String, Object> vector) {
    return "tcId "
        + Json.integer(vector, "tcId")
        + " ("
        + Json.string(vector, "comment")
        + ", "
        + Json.string(vector, "result")
        + ")";
  }

  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_256_CBC", "AES_256_GCM"})
  void everyBadPkcs1EncryptedKeyFailsLikeAWrongKey(ContentCipher cipher) throws Exception {
    Template t = template(alice, cipher, RsaPadding.PKCS1, OaepHash.SHA256);
    Map<String, byte[]> messages = new LinkedHashMap<>();
    Map<String, KeySource> keys = new LinkedHashMap<>();
    PublicKey pub = alice.certificate().getPublicKey();
    // the real CEK inside each bad block: only the padding is wrong
    badPkcs1(t.cek())
        .forEach(
            (name, c) ->
                messages.put(
                    name, MessageSurgery.withEncryptedKey(t.der(), rawEncrypt(pub, c.em()))));
    byte[] ek = MessageSurgery.ktri(t.der()).encryptedKey().toByteArray();
    messages.put(
        "encryptedKey one byte short",
        MessageSurgery.withEncryptedKey(t.der(), Arrays.copyOf(ek, K - 1)));
    messages.put(
        "encryptedKey with a 00 prepended",
        MessageSurgery.withEncryptedKey(t.der(), prepend00(ek)));
    messages.put(
        "encryptedKey = n (not reduced)",
        MessageSurgery.withEncryptedKey(t.der(), modulusBytes(pub)));
    messages.put("encryptedKey empty", MessageSurgery.withEncryptedKey(t.der(), new byte[0]));
    addControls(t, alice, messages, keys);
    messages.keySet().forEach(n -> keys.putIfAbsent(n, alice.keySource()));

    assertOneOutcome(t, messages, keys);
  }

  private static byte[] prepend00(byte[] b) {
    byte[] out = new byte[b.length + 1];
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }

  private static byte[] modulusBytes(PublicKey key) {
    byte[] n = ((RSAPublicKey) key).getModulus().toByteArray();
    return n.length > K ? Arrays.copyOfRange(n, n.length - K, n.length) : n;
  }

  /**
   * Wycheproof's 2048-bit PKCS #1 ciphertexts, all of them (the valid ones carry some other message
   * than the CEK), as the encryptedKey of a message sealed for the vector's key. The file has 33
   * keys: one template each.
   */
  @ParameterizedTest
  @EnumSource(
      value = ContentCipher.class,
      names = {"AES_256_CBC", "AES_256_GCM"})
  void wycheproofPkcs1CiphertextsInMessagesFailAlike(ContentCipher cipher) throws Exception {
    List<Group> groups = groups("rsa_pkcs1_2048_test.json");
    Map<String, byte[]> messages = new LinkedHashMap<>();
    Map<String, KeySource> keys = new LinkedHashMap<>();
    Template first = null;
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      Identity w = TestPki.forKey(g.key(), "wycheproof rsa_pkcs1_2048 key " + i);
      Template t = template(w, cipher, RsaPadding.PKCS1, OaepHash.SHA256);
      if (first == null) {
        first = t;
        addControls(t, w, messages, keys);
      }
      for (Map<String, Object> v : g.tests()) {
        messages.put(
            name(v), MessageSurgery.withEncryptedKey(t.der(), HEX.parseHex(Json.string(v, "ct"))));
        keys.put(name(v), w.keySource());
      }
    }
    Identity w0 = TestPki.forKey(groups.get(0).key(), "wycheproof rsa_pkcs1_2048 key 0");
    messages.keySet().forEach(n -> keys.putIfAbsent(n, w0.keySource()));

    assertOneOutcome(first, messages, keys);
  }

  static Stream<Arguments> oaepMessageCases() {
    List<Arguments> out = new ArrayList<>();
    for (String f :
        List.of(
            "rsa_oaep_2048_sha1_mgf1sha1_test.json", "rsa_oaep_2048_sha256_mgf1sha256_test.json")) {
      for (ContentCipher c : List.of(ContentCipher.AES_256_CBC, ContentCipher.AES_256_GCM)) {
        out.add(Arguments.of(Named.of(f + " " + c.cliName(), f), c));
      }
    }
    return out.stream();
  }

  /**
   * Wycheproof's OAEP ciphertexts (invalid padding, invalid ciphertext, and valid ones that carry
   * another message or a label) as encryptedKey, plus parameter mismatches: an OAEP or MGF1 hash
   * other than the message declares, a label it does not declare, and the reverse.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("oaepMessageCases")
  void wycheproofOaepCiphertextsAndMismatchesInMessagesFailAlike(String file, ContentCipher cipher)
      throws Exception {
    List<Group> groups = groups(file);
    Group g0 = groups.get(0);
    Identity w = TestPki.forKey(g0.key(), "wycheproof " + file);
    Algorithm h = g0.scheme().hash();
    Template t =
        template(w, cipher, RsaPadding.OAEP, h == Algorithm.SHA1 ? OaepHash.SHA1 : OaepHash.SHA256);
    Map<String, byte[]> messages = new LinkedHashMap<>();
    Map<String, KeySource> keys = new LinkedHashMap<>();
    for (Group g : groups) {
      assertThat(g.key()).as("one key per OAEP file").isEqualTo(g0.key());
      for (Map<String, Object> v : g.tests()) {
        messages.put(
            name(v), MessageSurgery.withEncryptedKey(t.der(), HEX.parseHex(Json.string(v, "ct"))));
      }
    }
    Algorithm other = h == Algorithm.SHA1 ? Algorithm.SHA256 : Algorithm.SHA1;
    OaepParams labelled = new OaepParams(h, h, Bytes.ofHex("0102"));
    OaepParams mixed = new OaepParams(h, other, Bytes.empty());
    messages.put(
        "real CEK, OAEP hash other than declared",
        MessageSurgery.withEncryptedKey(
            t.der(), jcaOaep(w, new OaepParams(other, h, Bytes.empty()), t.cek())));
    messages.put(
        "real CEK, MGF1 hash other than declared",
        MessageSurgery.withEncryptedKey(t.der(), jcaOaep(w, mixed, t.cek())));
    messages.put(
        "real CEK with a label the message does not declare",
        MessageSurgery.withEncryptedKey(t.der(), jcaOaep(w, labelled, t.cek())));
    messages.put(
        "declared label 0102, real CEK encrypted without it",
        MessageSurgery.withKeyEncryption(
            t.der(), labelled.toAlgorithmIdentifier(), jcaOaep(w, OaepParams.of(h), t.cek())));
    messages.put(
        "real CEK as PKCS #1 v1.5 in an OAEP entry",
        MessageSurgery.withEncryptedKey(
            t.der(),
            rawEncrypt(w.certificate().getPublicKey(), em(0, 2, K - 3 - 32, true, t.cek()))));
    addControls(t, w, messages, keys);
    messages.keySet().forEach(n -> keys.putIfAbsent(n, w.keySource()));

    assertOneOutcome(t, messages, keys);

    // the positive twins of the mismatches: declared as sent, they open
    byte[] labelledOk =
        MessageSurgery.withKeyEncryption(
            t.der(), labelled.toAlgorithmIdentifier(), jcaOaep(w, labelled, t.cek()));
    assertThat(Envelope.decrypt(labelledOk, w.keySource()).content()).isEqualTo(t.content());
    byte[] mixedOk =
        MessageSurgery.withKeyEncryption(
            t.der(), mixed.toAlgorithmIdentifier(), jcaOaep(w, mixed, t.cek()));
    assertThat(Envelope.decrypt(mixedOk, w.keySource()).content()).isEqualTo(t.content());
  }

  /** Unusable key-encryption parameters are format errors, not decryption failures. */
  @Test
  void unusableKeyEncryptionParametersAreFormatErrors() throws Exception {
    Template t = template(alice, ContentCipher.AES_256_GCM, RsaPadding.OAEP, OaepHash.SHA256);
    byte[] ek = MessageSurgery.ktri(t.der()).encryptedKey().toByteArray();

    byte[] absent =
        MessageSurgery.withKeyEncryption(
            t.der(), AlgorithmIdentifier.absent(Algorithm.RSA_OAEP.oid()), ek);
    assertThat(catchThrowable(() -> Envelope.decrypt(absent, alice.keySource())))
        .as("RSAES-OAEP parameters absent (CVE-2026-28390 shape)")
        .isExactlyInstanceOf(MalformedMessageException.class);

    byte[] md5 =
        MessageSurgery.withKeyEncryption(
            t.der(),
            new AlgorithmIdentifier(
                Algorithm.RSA_OAEP.oid(),
                Bytes.ofHex("3010a00e300c06082a864886f70d02050500")), // hashFunc MD5
            ek);
    assertThat(catchThrowable(() -> Envelope.decrypt(md5, alice.keySource())))
        .as("OAEP with MD5")
        .isExactlyInstanceOf(UnsupportedAlgorithmException.class);

    byte[] rsaWithParams =
        MessageSurgery.withKeyEncryption(
            t.der(), new AlgorithmIdentifier(Algorithm.RSA_PKCS1.oid(), Bytes.ofHex("0400")), ek);
    assertThat(catchThrowable(() -> Envelope.decrypt(rsaWithParams, alice.keySource())))
        .as("rsaEncryption with parameters other than NULL")
        .isExactlyInstanceOf(MalformedMessageException.class);
  }
}
