package dev.envelope.recipient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KeyAgreeCodec;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorPublicKey;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.EnvelopeException;
import dev.envelope.vectors.Json;
import dev.envelope.vectors.Vectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof's ECDH and XDH vectors through the key agreement path of an entry (the originator key
 * as a message would carry it, {@link KeyAgreeRecipients#sharedSecret}, which is what {@code
 * unwrap} calls before any KDF): every invalid public key is refused, every valid one gives the
 * expected shared secret, and "acceptable" ones either are refused or give the expected secret,
 * except zero shared secrets (the low-order X25519/X448 points), which Envelope always refuses
 * (SECURITY.md #17-#19).
 *
 * <ul>
 *   <li>{@code ecdh_secp{256,384,521}r1_test.json}: public keys as SubjectPublicKeyInfo, read as an
 *       originatorKey (strict DER, so BER variants are refused);
 *   <li>{@code ecdh_secp256r1_ecpoint_test.json}: bare points under {@code id-ecPublicKey} with
 *       absent parameters (the recipient's curve), as OpenSSL writes the originatorKey;
 *   <li>{@code x25519_test.json}, {@code x448_test.json}: raw u-coordinates under
 *       id-X25519/id-X448.
 * </ul>
 */
class KeyAgreeWycheproofTest {

  private static final HexFormat HEX = HexFormat.of();

  /** One Wycheproof case, with its file's kind and curve. */
  record Case(String file, String curve, String encoding, Map<String, Object> test) {
    String result() {
      return Json.string(test, "result");
    }

    List<String> flags() {
      return Json.strings(test, "flags");
    }

    @Override
    public String toString() {
      return file + " #" + Json.integer(test, "tcId") + " " + result() + " " + flags();
    }
  }

  static final List<String> FILES =
      List.of(
          "ecdh_secp256r1_test.json",
          "ecdh_secp384r1_test.json",
          "ecdh_secp521r1_test.json",
          "ecdh_secp256r1_ecpoint_test.json",
          "x25519_test.json",
          "x448_test.json");

  static Stream<Arguments> cases() {
    String p = System.getProperty("envelope.vectors");
    Path dir = p == null ? null : Path.of(p, "wycheproof", "testvectors_v1");
    if (dir == null || !Files.isDirectory(dir)) {
      return Stream.of(Arguments.of(Named.of("(shared vectors absent)", null)));
    }
    List<Arguments> out = new ArrayList<>();
    for (String f : FILES) {
      Map<String, Object> root =
          Json.parseObject(new String(Vectors.read(dir.resolve(f)), StandardCharsets.UTF_8));
      for (Map<String, Object> g : Json.objects(root, "testGroups")) {
        String curve = Json.string(g, "curve");
        String encoding = Json.string(g, "encoding");
        for (Map<String, Object> t : Json.objects(g, "tests")) {
          Case c = new Case(f, curve, encoding, t);
          out.add(Arguments.of(Named.of(c.toString(), c)));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesOnlyWithValidPublicKeys(Case c) throws Exception {
    if (c == null) {
      Vectors.dir(); // skips, saying why
    }
    PrivateKey key = privateKey(c);
    byte[] pub = HEX.parseHex(Json.string(c.test(), "public"));
    byte[] expected = HEX.parseHex(Json.string(c.test(), "shared"));

    byte[] z;
    try {
      OriginatorPublicKey originator = originator(c, pub);
      z = KeyAgreeRecipients.sharedSecret(originator, key);
      assertThat(KeyAgreeRecipients.accepts(kariFrom(originator), key))
          .as("an entry whose key agrees is this key's")
          .isTrue();
    } catch (EnvelopeException | dev.envelope.asn1.Asn1Exception e) {
      assertThat(c.result())
          .as("refused (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")")
          .isNotEqualTo("valid");
      return;
    }
    assertThat(c.result()).as("agreed, so it must not be invalid").isNotEqualTo("invalid");
    assertThat(c.flags())
        .as("zero shared secrets are always refused")
        .doesNotContain("ZeroSharedSecret");
    if (c.flags().contains("LowOrderPublic")) {
      // x448 tcId 67-69: low order only when the top bit is (wrongly) masked; RFC 7748 5 decodes
      // X448 u-coordinates whole, so these are ordinary points with a non-zero secret
      assertThat(c.curve()).isEqualTo("curve448");
      assertThat(new BigInteger(1, expected).signum()).isPositive();
    }
    assertThat(HEX.formatHex(z)).isEqualTo(HEX.formatHex(expected));
  }

  private static dev.envelope.cms.KeyAgreeRecipientInfo kariFrom(OriginatorPublicKey o) {
    return new dev.envelope.cms.KeyAgreeRecipientInfo(
        o,
        null,
        KeyAgreeCodec.keyEncryptionAlgorithm(
            Algorithm.ECDH_STD_SHA256.oid(),
            AlgorithmIdentifier.absent(Algorithm.AES_128_WRAP.oid())),
        List.of(
            new dev.envelope.cms.KeyAgreeRecipientInfo.RecipientEncryptedKey(
                new dev.envelope.cms.RecipientIdentifier.SubjectKeyId(Bytes.ofHex("01")),
                null,
                Bytes.ofHex("00"))));
  }

  private static OriginatorPublicKey originator(Case c, byte[] pub) throws Exception {
    return switch (c.curve()) {
      case "curve25519" ->
          new OriginatorPublicKey(
              AlgorithmIdentifier.absent(Algorithm.X25519.oid()), Bytes.of(pub));
      case "curve448" ->
          new OriginatorPublicKey(AlgorithmIdentifier.absent(Algorithm.X448.oid()), Bytes.of(pub));
      default ->
          "ecpoint".equals(c.encoding())
              ? new OriginatorPublicKey(
                  AlgorithmIdentifier.absent(Algorithm.EC_PUBLIC_KEY.oid()), Bytes.of(pub))
              : KeyAgreeCodec.originatorKey(pub);
    };
  }

  private static PrivateKey privateKey(Case c) throws Exception {
    byte[] priv = HEX.parseHex(Json.string(c.test(), "private"));
    return switch (c.curve()) {
      case "curve25519" ->
          KeyFactory.getInstance("XDH")
              .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, priv));
      case "curve448" ->
          KeyFactory.getInstance("XDH")
              .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X448, priv));
      default -> {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec(c.curve()));
        ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
        yield KeyFactory.getInstance("EC")
            .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, priv), spec));
      }
    };
  }
}
