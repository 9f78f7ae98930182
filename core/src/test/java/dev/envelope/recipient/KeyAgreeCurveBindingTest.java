package dev.envelope.recipient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.Envelope;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.KeyAgreeCodec;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorPublicKey;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.interop.KeyAgreePki;
import dev.envelope.interop.TestPki.Identity;
import dev.envelope.vectors.Json;
import dev.envelope.vectors.Vectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md #18 (KA-curve-binding): the originator key must be on the recipient's curve, and only
 * named curves are accepted. Wycheproof's {@code WrongCurve} and {@code UnnamedCurve} public keys
 * (whatever their result, "acceptable" ones included: our policy is stricter) are refused at the
 * key agreement seam and as the originatorKey of a real message; so are explicit parameters equal
 * to P-256 and binary-curve parameters with m = 2^31 (BC CVE-2024-29857), each in under 100 ms, and
 * never by deriving a KEK.
 */
class KeyAgreeCurveBindingTest {

  private static final byte[] CONTENT = "bound to one curve".getBytes(StandardCharsets.UTF_8);
  private static final long BUDGET_MS = 100;

  private static final List<String> FILES =
      List.of("ecdh_secp256r1_test.json", "ecdh_secp384r1_test.json", "ecdh_secp521r1_test.json");

  private static Identity p256;
  private static Identity p384;
  private static Identity p521;

  @BeforeAll
  static void keys() {
    p256 = KeyAgreePki.identity("ec-p256", "bob");
    p384 = KeyAgreePki.identity("ec-p384", "bob");
    p521 = KeyAgreePki.identity("ec-p521", "bob");
  }

  private static Identity forFile(String f) {
    return f.contains("256") ? p256 : f.contains("384") ? p384 : p521;
  }

  private static byte[] seal(Identity id) throws Exception {
    return Envelope.sealer().withRecipient(Recipient.of(id.certificate())).seal(CONTENT);
  }

  private static byte[] withOriginator(byte[] message, OriginatorPublicKey o) {
    return RecipientSurgery.rewrite(
        message,
        KeyAgreeRecipientInfo.class,
        k ->
            new KeyAgreeRecipientInfo(
                o, k.ukm(), k.keyEncryptionAlgorithm(), k.recipientEncryptedKeys()));
  }

  /** Refused through the whole open path, quickly, with one of the allowed outcomes. */
  private static void refusedQuickly(String what, byte[] message, Identity id) {
    Envelope.class.getName(); // loaded before timing
    long start = System.nanoTime();
    Throwable t = catchThrowable(() -> Envelope.decrypt(message, id.keySource()));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(t)
        .as(what)
        .isInstanceOfAny(
            MalformedMessageException.class,
            UnsupportedAlgorithmException.class,
            DecryptionFailedException.class,
            NoMatchingRecipientException.class);
    assertThat(ms).as(what + ": milliseconds").isLessThan(BUDGET_MS);
  }

  @Test
  void wycheproofWrongAndUnnamedCurvesAreRefused_18() throws Exception {
    int cases = 0;
    List<String> accepted = new ArrayList<>();
    for (String f : FILES) {
      Identity id = forFile(f);
      byte[] message = seal(id);
      Envelope.decrypt(message, id.keySource()); // warm-up
      Map<String, Object> root =
          Json.parseObject(
              new String(
                  Vectors.read(Vectors.dir().resolve("wycheproof/testvectors_v1").resolve(f)),
                  StandardCharsets.UTF_8));
      for (Map<String, Object> g : Json.objects(root, "testGroups")) {
        for (Map<String, Object> t : Json.objects(g, "tests")) {
          List<String> flags = Json.strings(t, "flags");
          if (!flags.contains("WrongCurve") && !flags.contains("UnnamedCurve")) {
            continue;
          }
          cases++;
          String what = f + " tcId " + Json.integer(t, "tcId") + " " + flags;
          byte[] spki = HexFormat.of().parseHex(Json.string(t, "public"));
          OriginatorPublicKey o;
          try {
            o = KeyAgreeCodec.originatorKey(spki);
          } catch (dev.envelope.asn1.Asn1Exception e) {
            continue; // not even a SubjectPublicKeyInfo: refused while reading
          }
          try {
            KeyAgreeRecipients.sharedSecret(o, id.privateKey());
            accepted.add(what);
          } catch (EnvelopeException e) {
            // refused before any KDF
          }
          refusedQuickly(what, withOriginator(message, o), id);
        }
      }
    }
    assertThat(cases).as("WrongCurve and UnnamedCurve cases").isGreaterThan(60);
    assertThat(accepted).as("agreed with another curve's or an unnamed curve's key").isEmpty();
  }

  @Test
  void explicitP256AndF2mParametersAreRefusedFast_18() throws Exception {
    byte[] message = seal(p256);
    Envelope.decrypt(message, p256.keySource()); // warm-up
    OriginatorPublicKey named =
        (OriginatorPublicKey)
            RecipientSurgery.only(message, KeyAgreeRecipientInfo.class).originator();

    // specifiedCurve: exactly P-256's parameters, spelled out (RFC 5480 allows only namedCurve)
    X9ECParameters p256Params = ECNamedCurveTable.getByName("P-256");
    OriginatorPublicKey explicit =
        new OriginatorPublicKey(
            new AlgorithmIdentifier(
                Algorithm.EC_PUBLIC_KEY.oid(), Bytes.of(p256Params.toASN1Primitive().getEncoded())),
            named.publicKey());
    // a characteristic-two field with m = 2^31 (trinomial basis): costly to set up if honoured
    byte[] f2m =
        DerWriter.encode(
            w ->
                w.addSequence(
                    s -> {
                      s.addInteger(1);
                      s.addSequence(
                          field -> {
                            field.addOid(dev.envelope.asn1.Oid.of("1.2.840.10045.1.2"));
                            field.addSequence(
                                c2 -> {
                                  c2.addInteger(BigInteger.ONE.shiftLeft(31));
                                  c2.addOid(dev.envelope.asn1.Oid.of("1.2.840.10045.1.2.3.2"));
                                  c2.addInteger(7);
                                });
                          });
                      s.addSequence(
                          curve -> {
                            curve.addOctetString(new byte[] {1});
                            curve.addOctetString(new byte[] {1});
                          });
                      s.addOctetString(named.publicKey().toByteArray());
                      s.addInteger(BigInteger.ONE.shiftLeft(300).add(BigInteger.ONE));
                    }));
    OriginatorPublicKey binary =
        new OriginatorPublicKey(
            new AlgorithmIdentifier(Algorithm.EC_PUBLIC_KEY.oid(), Bytes.of(f2m)),
            named.publicKey());

    for (OriginatorPublicKey o : List.of(explicit, binary)) {
      long start = System.nanoTime();
      Throwable seam = catchThrowable(() -> KeyAgreeRecipients.sharedSecret(o, p256.privateKey()));
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(BUDGET_MS);
      assertThat(seam).isInstanceOf(UnsupportedAlgorithmException.class);
      refusedQuickly("explicit parameters", withOriginator(message, o), p256);
    }
  }
}
