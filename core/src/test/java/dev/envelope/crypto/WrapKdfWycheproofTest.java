package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.recipient.RecipientSurgery;
import dev.envelope.vectors.Json;
import dev.envelope.vectors.Vectors;
import dev.envelope.x509.CertificateBuilder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's vectors for the primitives under the password, KEK, key agreement and KEM recipients
 * (files under {@code wycheproof/testvectors_v1} of the shared vectors), through the project's own
 * entry points:
 *
 * <ul>
 *   <li>{@code aes_wrap_test.json} (RFC 3394) and {@code aes_kwp_test.json} (RFC 5649) through
 *       {@link KeyWraps#wrap}/{@link KeyWraps#unwrap} with the {@code AES_*_WRAP} and {@code
 *       AES_*_WRAP_PAD} rows: a valid case wraps to the expected bytes and unwraps back, and the
 *       same wrapped key with one byte flipped is a {@link DecryptionFailedException}; every
 *       invalid wrapped key is a {@link DecryptionFailedException} on unwrap, and a key KW cannot
 *       take (empty, not a multiple of 8) is refused by wrap; "acceptable" (RFC 3394's one-block
 *       8-byte wrap, which SP 800-38F leaves out) may go either way but never to a wrong result;
 *   <li>{@code hkdf_sha{256,384,512}_test.json} through {@link Hkdf#derive}: the expected output, a
 *       different one for a flipped input byte, and sizes above 255 * HashLen refused (RFC 5869
 *       2.3);
 *   <li>{@code pbkdf2_hmacsha{1,256}_test.json} through {@link Pbkdf2#derive}: the expected key and
 *       a different one for another password. Passwords that are not UTF-8 are skipped ({@link
 *       Pbkdf2} takes text and encodes it as UTF-8, as every CMS password recipient does here), and
 *       so are iteration counts above {@value #MAX_ITERATIONS} to keep the suite fast; both counts
 *       are printed.
 * </ul>
 */
class WrapKdfWycheproofTest {

  private static final HexFormat HEX = HexFormat.of();

  /** PBKDF2 cases above this count are skipped (the RFC 6070 case with 16,777,216 iterations). */
  static final int MAX_ITERATIONS = 100_000;

  private static Map<String, Object> file(String name) {
    Path p = Vectors.dir().resolve("wycheproof/testvectors_v1").resolve(name);
    assumeTrue(Files.isRegularFile(p), "missing Wycheproof file " + p);
    return Json.parseObject(new String(Vectors.read(p), StandardCharsets.UTF_8));
  }

  private static byte[] hex(Map<String, Object> t, String key) {
    return HEX.parseHex(Json.string(t, key));
  }

  private static String name(String file, Map<String, Object> t) {
    return file
        + " #"
        + Json.integer(t, "tcId")
        + " "
        + Json.string(t, "result")
        + " "
        + Json.strings(t, "flags")
        + (Json.string(t, "comment").isEmpty() ? "" : " (" + Json.string(t, "comment") + ")");
  }

  // ---------------------------------------------------------------------------------------------
  // AES key wrap, RFC 3394 and RFC 5649

  @TestFactory
  Stream<DynamicTest> aesKeyWrap() {
    return keyWrap("aes_wrap_test.json", KW_ROWS, t -> !shorterThanOneSemiblock(t));
  }

  @TestFactory
  Stream<DynamicTest> aesKeyWrapWithPadding() {
    return keyWrap(
        "aes_kwp_test.json",
        Map.of(
            16,
            Algorithm.AES_128_WRAP_PAD,
            24,
            Algorithm.AES_192_WRAP_PAD,
            32,
            Algorithm.AES_256_WRAP_PAD),
        t -> true);
  }

  private static final Map<Integer, Algorithm> KW_ROWS =
      Map.of(16, Algorithm.AES_128_WRAP, 24, Algorithm.AES_192_WRAP, 32, Algorithm.AES_256_WRAP);

  /** A wrapped key of fewer than 8 bytes (Wycheproof aes_wrap cases 14-24, 56-66, 111-121). */
  private static boolean shorterThanOneSemiblock(Map<String, Object> t) {
    return Json.string(t, "ct").length() < 16;
  }

  /**
   * The invalid RFC 3394 cases whose wrapped key is shorter than one 8-byte semiblock (0, 1 and 4
   * bytes): {@link DecryptionFailedException}, not the JDK's {@code NegativeArraySizeException} out
   * of {@code KeyWrapCipher.engineDoFinal} (a bug these vectors found).
   */
  @TestFactory
  Stream<DynamicTest> aesKeyWrapShorterThanOneSemiblock() {
    return keyWrap("aes_wrap_test.json", KW_ROWS, WrapKdfWycheproofTest::shorterThanOneSemiblock);
  }

  /**
   * The same short wrapped keys as a message would carry them: a KEK entry and a key agreement
   * entry whose encryptedKey is 1, 4 or 7 bytes, opened with the right secret. Envelope must answer
   * with its checked family ({@link DecryptionFailedException}, as {@link KeyWraps#unwrap}
   * documents), never with an unchecked exception out of the JDK.
   */
  @TestFactory
  Stream<DynamicTest> aMessageWhoseWrappedKeyIsShorterThanOneSemiblockFailsToDecrypt()
      throws Exception {
    byte[] content = "short wrapped keys".getBytes(StandardCharsets.UTF_8);
    byte[] kekId = {7, 7, 7};
    byte[] kek = new byte[32];
    KeyPair kp = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate cert = CertificateBuilder.forSubject("CN=short wrapped keys").selfSigned(kp);
    byte[] kekMessage = Envelope.sealer().withRecipient(Recipient.kek(kekId, kek)).seal(content);
    byte[] kariMessage = Envelope.sealer().withRecipient(Recipient.of(cert)).seal(content);
    List<DynamicTest> out = new ArrayList<>();
    for (int n : new int[] {1, 4, 7}) {
      Bytes ek = Bytes.of(new byte[n]);
      byte[] shortKek =
          RecipientSurgery.rewrite(
              kekMessage,
              KekRecipientInfo.class,
              k ->
                  new KekRecipientInfo(
                      k.keyIdentifier(), k.kekIdExtras(), k.keyEncryptionAlgorithm(), ek));
      byte[] shortKari =
          RecipientSurgery.rewrite(
              kariMessage,
              KeyAgreeRecipientInfo.class,
              k ->
                  new KeyAgreeRecipientInfo(
                      k.originator(),
                      k.ukm(),
                      k.keyEncryptionAlgorithm(),
                      k.recipientEncryptedKeys().stream()
                          .map(
                              r ->
                                  new KeyAgreeRecipientInfo.RecipientEncryptedKey(
                                      r.rid(), r.rKeyIdExtras(), ek))
                          .toList()));
      out.add(
          DynamicTest.dynamicTest(
              "KEK entry, " + n + "-byte encryptedKey",
              () ->
                  assertThatThrownBy(() -> Envelope.decrypt(shortKek, KeySource.kek(kekId, kek)))
                      .isExactlyInstanceOf(DecryptionFailedException.class)));
      out.add(
          DynamicTest.dynamicTest(
              "key agreement entry, " + n + "-byte encryptedKey",
              () ->
                  assertThatThrownBy(
                          () -> Envelope.decrypt(shortKari, KeySource.of(cert, kp.getPrivate())))
                      .isExactlyInstanceOf(DecryptionFailedException.class)));
    }
    return out.stream();
  }

  private static Stream<DynamicTest> keyWrap(
      String fileName, Map<Integer, Algorithm> rows, Predicate<Map<String, Object>> which) {
    Map<String, Object> f = file(fileName);
    List<DynamicTest> out = new ArrayList<>();
    int all = 0;
    for (Map<String, Object> g : Json.objects(f, "testGroups")) {
      Algorithm row = rows.get(Json.integer(g, "keySize") / 8);
      assertThat(row).as(fileName + " keySize " + g.get("keySize")).isNotNull();
      for (Map<String, Object> t : Json.objects(g, "tests")) {
        all++;
        if (which.test(t)) {
          out.add(DynamicTest.dynamicTest(name(fileName, t), () -> keyWrapCase(row, t)));
        }
      }
    }
    assertThat(all).as(fileName).isEqualTo(Json.integer(f, "numberOfTests"));
    return out.stream();
  }

  private static void keyWrapCase(Algorithm row, Map<String, Object> t) throws Exception {
    byte[] kek = hex(t, "key");
    byte[] msg = hex(t, "msg");
    byte[] ct = hex(t, "ct");
    assertThat(kek).hasSize(row.keyBytes());
    switch (Json.string(t, "result")) {
      case "valid" -> {
        assertThat(KeyWraps.wrap(row, kek, msg)).isEqualTo(ct);
        assertThat(KeyWraps.unwrap(row, kek, ct)).isEqualTo(msg);
        // the negative twin: any flipped byte of the wrapped key breaks the integrity check
        for (int i : new int[] {0, ct.length / 2, ct.length - 1}) {
          byte[] flipped = ct.clone();
          flipped[i] ^= 0x01;
          assertThatThrownBy(() -> KeyWraps.unwrap(row, kek, flipped))
              .as("flipped byte %d", i)
              .isExactlyInstanceOf(DecryptionFailedException.class)
              .hasMessage(DecryptionFailedException.MESSAGE);
        }
        byte[] truncated = Arrays.copyOf(ct, ct.length - 8);
        assertThatThrownBy(() -> KeyWraps.unwrap(row, kek, truncated))
            .as("truncated by one semiblock")
            .isExactlyInstanceOf(DecryptionFailedException.class);
      }
      case "acceptable" -> {
        // RFC 3394 2 wraps an 8-byte key as one AES block; SP 800-38F does not: either is fine,
        // a different result is not
        Throwable w = catchThrowable(() -> KeyWraps.wrap(row, kek, msg));
        if (w == null) {
          assertThat(KeyWraps.wrap(row, kek, msg)).isEqualTo(ct);
        } else {
          assertThat(w).isInstanceOf(GeneralSecurityException.class);
        }
        Throwable u = catchThrowable(() -> KeyWraps.unwrap(row, kek, ct));
        if (u == null) {
          assertThat(KeyWraps.unwrap(row, kek, ct)).isEqualTo(msg);
        } else {
          assertThat(u).isExactlyInstanceOf(DecryptionFailedException.class);
        }
      }
      case "invalid" -> {
        List<String> flags = Json.strings(t, "flags");
        assertThatThrownBy(() -> KeyWraps.unwrap(row, kek, ct))
            .isExactlyInstanceOf(DecryptionFailedException.class)
            .hasMessage(DecryptionFailedException.MESSAGE);
        if (flags.contains("WrongDataSize") || flags.contains("EmptyKey")) {
          // a key KW cannot carry is refused when sealing too
          assertThatThrownBy(() -> KeyWraps.wrap(row, kek, msg))
              .isInstanceOf(GeneralSecurityException.class);
        }
      }
      default -> throw new AssertionError("unknown result " + t.get("result"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // HKDF, RFC 5869

  @TestFactory
  Stream<DynamicTest> hkdf() {
    List<DynamicTest> out = new ArrayList<>();
    for (Map.Entry<String, Algorithm> e :
        Map.of(
                "hkdf_sha256_test.json", Algorithm.SHA256,
                "hkdf_sha384_test.json", Algorithm.SHA384,
                "hkdf_sha512_test.json", Algorithm.SHA512)
            .entrySet()) {
      Map<String, Object> f = file(e.getKey());
      int n = 0;
      for (Map<String, Object> g : Json.objects(f, "testGroups")) {
        for (Map<String, Object> t : Json.objects(g, "tests")) {
          out.add(DynamicTest.dynamicTest(name(e.getKey(), t), () -> hkdfCase(e.getValue(), t)));
          n++;
        }
      }
      assertThat(n).as(e.getKey()).isEqualTo(Json.integer(f, "numberOfTests"));
    }
    return out.stream();
  }

  private static void hkdfCase(Algorithm digest, Map<String, Object> t) throws Exception {
    byte[] ikm = hex(t, "ikm");
    byte[] salt = hex(t, "salt");
    byte[] info = hex(t, "info");
    int size = Json.integer(t, "size");
    switch (Json.string(t, "result")) {
      case "valid" -> {
        byte[] okm = hex(t, "okm");
        assertThat(Hkdf.derive(digest, salt, ikm, info, size)).isEqualTo(okm);
        // an empty salt is HashLen zero bytes (RFC 5869 2.2), also when given as null
        if (salt.length == 0) {
          assertThat(Hkdf.derive(digest, null, ikm, info, size)).isEqualTo(okm);
          assertThat(
                  Hkdf.derive(
                      digest,
                      new byte[MessageDigest.getInstance(digest.jcaName()).getDigestLength()],
                      ikm,
                      info,
                      size))
              .isEqualTo(okm);
        }
        if (info.length == 0) {
          assertThat(Hkdf.derive(digest, salt, ikm, null, size)).isEqualTo(okm);
        }
        // the negative twin: a flipped input key byte gives another key
        if (ikm.length > 0) {
          byte[] other = ikm.clone();
          other[0] ^= 0x01;
          assertThat(Hkdf.derive(digest, salt, other, info, size)).isNotEqualTo(okm);
        }
      }
      case "invalid" ->
          // SizeTooLarge: more than 255 * HashLen bytes (RFC 5869 2.3)
          assertThatThrownBy(() -> Hkdf.derive(digest, salt, ikm, info, size))
              .isInstanceOf(IllegalArgumentException.class);
      default -> throw new AssertionError("unexpected result " + t.get("result"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // PBKDF2, RFC 8018 5.2

  @TestFactory
  Stream<DynamicTest> pbkdf2() {
    List<DynamicTest> out = new ArrayList<>();
    Map<String, Integer> skipped = new TreeMap<>();
    for (Map.Entry<String, Algorithm> e :
        Map.of(
                "pbkdf2_hmacsha1_test.json", Algorithm.HMAC_SHA1,
                "pbkdf2_hmacsha256_test.json", Algorithm.HMAC_SHA256)
            .entrySet()) {
      Map<String, Object> f = file(e.getKey());
      for (Map<String, Object> g : Json.objects(f, "testGroups")) {
        for (Map<String, Object> t : Json.objects(g, "tests")) {
          String name = name(e.getKey(), t);
          char[] password = utf8(hex(t, "password"));
          String skip = null;
          if (password == null) {
            skip = "password not UTF-8";
          } else if (Json.integer(t, "iterationCount") > MAX_ITERATIONS) {
            skip = "iterationCount above " + MAX_ITERATIONS;
          }
          if (skip != null) {
            skipped.merge(e.getKey() + ": " + skip, 1, Integer::sum);
            String why = skip;
            out.add(
                DynamicTest.dynamicTest(
                    name, () -> assumeTrue(false, "skipped for speed or encoding: " + why)));
            continue;
          }
          out.add(DynamicTest.dynamicTest(name, () -> pbkdf2Case(e.getValue(), password, t)));
        }
      }
    }
    skipped.forEach(
        (why, n) ->
            System.out.println("WrapKdfWycheproofTest: skipped " + n + " PBKDF2 cases, " + why));
    return out.stream();
  }

  /** The password as text when its bytes are well-formed UTF-8, else null. */
  private static char[] utf8(byte[] bytes) {
    try {
      CharBuffer cb =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      char[] out = new char[cb.remaining()];
      cb.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void pbkdf2Case(Algorithm prf, char[] password, Map<String, Object> t)
      throws Exception {
    assertThat(Json.string(t, "result")).isEqualTo("valid");
    byte[] salt = hex(t, "salt");
    int iterations = Json.integer(t, "iterationCount");
    int dkLen = Json.integer(t, "dkLen");
    byte[] dk = hex(t, "dk");

    assertThat(Pbkdf2.derive(password.clone(), salt, iterations, prf, dkLen)).isEqualTo(dk);

    // the negative twin: another password (one more character) gives another key
    char[] other = Arrays.copyOf(password, password.length + 1);
    other[password.length] = 'x';
    assertThat(Pbkdf2.derive(other, salt, iterations, prf, dkLen)).isNotEqualTo(dk);
  }
}
