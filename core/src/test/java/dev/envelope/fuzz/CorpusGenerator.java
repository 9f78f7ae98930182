package dev.envelope.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.RsaPadding;
import dev.envelope.Sealer;
import dev.envelope.armor.Armor;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import dev.envelope.cms.Attribute;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.EncryptedContentInfo;
import dev.envelope.cms.EnvelopedData;
import dev.envelope.cms.OriginatorInfo;
import dev.envelope.x509.CertificateBuilder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Makes the committed fuzz corpus, once: not a test that runs by itself (its name does not match
 * surefire's patterns, and it needs a system property). From the repository root:
 *
 * <pre>
 * ./mvnw -o -pl core test -Dtest=CorpusGenerator -Denvelope.fuzz.regenerate=corpus
 * ./mvnw -o -pl core test -Dtest=CorpusGenerator -Denvelope.fuzz.regenerate=keys   # new keys too
 * </pre>
 *
 * <p>It writes {@code valid-*} messages for every kind of recipient entry (ktri with OAEP, PKCS #1
 * v1.5 and a subjectKeyIdentifier, kari with P-256 and X25519, kekri, pwri, KEM with ML-KEM-768,
 * and all kinds in one message), every content cipher family (AES-GCM, AES-CCM, ChaCha20-Poly1305,
 * AES-CBC, 3DES, RC2, RC4), in DER, BER with indefinite lengths and PEM, plus a few structural
 * variants (originatorInfo, attributes, detached content), into the {@code *Inputs} folders the
 * Jazzer tests replay. Every message carries {@link FuzzKeys#PLAINTEXT} for the keys in {@code
 * keys/}. Crash files ({@code crash-*}) that Jazzer adds there are left alone.
 */
class CorpusGenerator {
  static final Path RESOURCES = Path.of("src/test/resources/dev/envelope/fuzz");

  @Test
  @EnabledIfSystemProperty(named = "envelope.fuzz.regenerate", matches = "corpus|keys")
  void generate() throws Exception {
    if (System.getProperty("envelope.fuzz.regenerate").equals("keys")
        || !Files.exists(RESOURCES.resolve("keys/rsa.key"))) {
      keys();
    }
    Map<String, byte[]> messages = messages();
    for (String dir : List.of("OpenPathFuzzTestInputs", "CmsDecoderFuzzTestInputs")) {
      Path d = RESOURCES.resolve(dir);
      Files.createDirectories(d);
      try (var old = Files.list(d)) {
        for (Path p : old.toList()) {
          if (p.getFileName().toString().startsWith("valid-")) {
            Files.delete(p);
          }
        }
      }
      for (var e : messages.entrySet()) {
        if (dir.startsWith("Cms") && e.getKey().endsWith(".pem")) {
          continue; // the codec reads binary only
        }
        Files.write(d.resolve("valid-" + e.getKey()), e.getValue());
      }
    }
    // the ASN.1 layer gets a few messages and the certificates: other shapes of DER
    Path asn1 = RESOURCES.resolve("Asn1FuzzTestInputs");
    Files.createDirectories(asn1);
    for (String name :
        List.of(
            "all-kinds-aes256gcm.der",
            "all-kinds-chacha20.ber",
            "kari-p256-chacha20.ber",
            "structure-enveloped-attrs.der")) {
      Files.write(asn1.resolve("valid-" + name), messages.get(name));
    }
    for (String kind : FuzzKeys.KINDS) {
      Files.write(
          asn1.resolve("valid-cert-" + kind + ".der"), FuzzKeys.certificate(kind).getEncoded());
    }
    System.out.println("CorpusGenerator: " + messages.size() + " messages in " + RESOURCES);
  }

  /** A CA (thrown away) and one key of each kind with a certificate from it, valid 100 years. */
  private static void keys() throws Exception {
    Path dir = RESOURCES.resolve("keys");
    Files.createDirectories(dir);
    KeyPair caPair = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate ca =
        CertificateBuilder.forSubject("CN=Envelope fuzz CA")
            .certificateAuthority(true)
            .validDays(36_500)
            .selfSigned(caPair);
    for (String kind : FuzzKeys.KINDS) {
      KeyPair kp =
          switch (kind) {
            case "rsa" -> {
              KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
              g.initialize(1024); // small on purpose: cheap trial decryptions
              yield g.generateKeyPair();
            }
            case "p256" -> CertificateBuilder.generateKeyPair("ec-p256");
            case "x25519" -> CertificateBuilder.generateKeyPair("x25519");
            case "mlkem768" -> CertificateBuilder.generateKeyPair("ml-kem-768");
            default -> throw new IllegalArgumentException(kind);
          };
      X509Certificate cert =
          CertificateBuilder.forSubject("CN=Envelope fuzz " + kind)
              .validDays(36_500)
              .issuedBy(kp.getPublic(), ca, caPair.getPrivate());
      Files.write(dir.resolve(kind + ".key"), kp.getPrivate().getEncoded());
      Files.write(dir.resolve(kind + ".crt"), cert.getEncoded());
    }
  }

  private static Sealer sealer(ContentCipher cipher, Recipient... recipients) {
    return Envelope.sealer().withCipher(cipher).withRecipients(List.of(recipients));
  }

  private static byte[] der(Sealer s) throws Exception {
    return s.seal(FuzzKeys.PLAINTEXT);
  }

  /** BER: the streaming sealer without a length writes indefinite lengths throughout. */
  private static byte[] ber(Sealer s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream o = s.openEncrypting(out)) {
      o.write(FuzzKeys.PLAINTEXT);
    }
    return out.toByteArray();
  }

  static Map<String, byte[]> messages() throws Exception {
    Recipient rsa = Recipient.of(FuzzKeys.certificate("rsa"));
    Recipient rsaPkcs1 =
        ((Recipient.KeyTransport) Recipient.of(FuzzKeys.certificate("rsa")))
            .withPadding(RsaPadding.PKCS1);
    Recipient p256 = Recipient.of(FuzzKeys.certificate("p256"));
    Recipient x25519 = Recipient.of(FuzzKeys.certificate("x25519"));
    Recipient mlkem = Recipient.of(FuzzKeys.certificate("mlkem768"));
    Recipient kek = Recipient.kek(FuzzKeys.KEK_ID, FuzzKeys.KEK);
    // 1000 iterations: valid, and cheap enough for a hundred thousand mutants
    Recipient password = new Recipient.Password(FuzzKeys.PASSWORD, KdfHash.SHA256, 1000);
    Recipient[] all = {rsa, p256, x25519, mlkem, kek, password};

    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("ktri-oaep-aes256gcm.der", der(sealer(ContentCipher.AES_256_GCM, rsa)));
    m.put("ktri-pkcs1-aes256cbc.der", der(sealer(ContentCipher.AES_256_CBC, rsaPkcs1)));
    m.put(
        "ktri-ski-aes128gcm.der",
        der(
            sealer(ContentCipher.AES_128_GCM, rsa)
                .withRecipientIdentifier(RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER)));
    m.put("kari-p256-aes128cbc.der", der(sealer(ContentCipher.AES_128_CBC, p256)));
    m.put("kari-x25519-chacha20.der", der(sealer(ContentCipher.CHACHA20_POLY1305, x25519)));
    m.put("kem-mlkem768-aes256gcm.der", der(sealer(ContentCipher.AES_256_GCM, mlkem)));
    m.put("kekri-aes256cbc.der", der(sealer(ContentCipher.AES_256_CBC, kek)));
    m.put("kekri-aes128ccm.der", der(sealer(ContentCipher.AES_128_CCM, kek)));
    m.put("pwri-aes128gcm.der", der(sealer(ContentCipher.AES_128_GCM, password)));
    m.put("pwri-rc2-128.der", der(sealer(ContentCipher.RC2_128, password)));
    m.put("ktri-rc4-128.der", der(sealer(ContentCipher.RC4_128, rsaPkcs1)));
    m.put("all-kinds-aes256gcm.der", der(sealer(ContentCipher.AES_256_GCM, all)));
    m.put("all-kinds-3des.der", der(sealer(ContentCipher.DES_EDE3_CBC, all)));

    m.put("ktri-oaep-aes256gcm.ber", ber(sealer(ContentCipher.AES_256_GCM, rsa)));
    m.put("kari-p256-chacha20.ber", ber(sealer(ContentCipher.CHACHA20_POLY1305, p256)));
    m.put("kari-x25519-aes256cbc.ber", ber(sealer(ContentCipher.AES_256_CBC, x25519)));
    m.put("kem-mlkem768-aes128cbc.ber", ber(sealer(ContentCipher.AES_128_CBC, mlkem)));
    m.put("kekri-chacha20.ber", ber(sealer(ContentCipher.CHACHA20_POLY1305, kek)));
    m.put("pwri-aes256cbc.ber", ber(sealer(ContentCipher.AES_256_CBC, password)));
    m.put("all-kinds-chacha20.ber", ber(sealer(ContentCipher.CHACHA20_POLY1305, all)));

    m.put(
        "ktri-oaep-aes256gcm.pem",
        Armor.pem(m.get("ktri-oaep-aes256gcm.der")).getBytes(StandardCharsets.US_ASCII));

    // structural variants, re-encoded through the codec (DER)
    EnvelopedData ed =
        (EnvelopedData) CmsCodec.decode(m.get("kekri-aes256cbc.der"), CmsLimits.DEFAULT);
    OriginatorInfo oi =
        new OriginatorInfo(List.of(Bytes.of(FuzzKeys.certificate("rsa").getEncoded())), List.of());
    m.put(
        "structure-enveloped-attrs.der",
        CmsCodec.encode(
            new EnvelopedData(
                oi, ed.recipientInfos(), ed.encryptedContentInfo(), attributes("unprotected"))));
    EncryptedContentInfo eci = ed.encryptedContentInfo();
    m.put(
        "structure-detached.der",
        CmsCodec.encode(
            new EnvelopedData(
                null,
                ed.recipientInfos(),
                new EncryptedContentInfo(eci.contentType(), eci.contentEncryptionAlgorithm(), null),
                List.of())));
    AuthEnvelopedData aed =
        (AuthEnvelopedData) CmsCodec.decode(m.get("kem-mlkem768-aes256gcm.der"), CmsLimits.DEFAULT);
    m.put(
        "structure-unauth-attrs.der",
        CmsCodec.encode(
            new AuthEnvelopedData(
                oi,
                aed.recipientInfos(),
                aed.encryptedContentInfo(),
                List.of(),
                aed.mac(),
                attributes("unauthenticated"))));
    // authAttrs added after sealing: well-formed, but the tag no longer matches
    m.put(
        "structure-auth-attrs-bad-tag.der",
        CmsCodec.encode(
            new AuthEnvelopedData(
                null,
                aed.recipientInfos(),
                aed.encryptedContentInfo(),
                attributes("authenticated"),
                aed.mac(),
                List.of())));
    for (var e : m.entrySet()) {
      if (!e.getKey().endsWith(".pem")) {
        assertThat(CmsCodec.decode(e.getValue(), CmsLimits.DEFAULT)).as(e.getKey()).isNotNull();
      }
    }
    return m;
  }

  /** A content-type attribute (id-data) and a private one with two values. */
  private static List<Attribute> attributes(String label) {
    Oid contentType = Oid.of("1.2.840.113549.1.9.3");
    Oid privateAttr = Oid.of("1.3.6.1.4.1.99999.7");
    List<Attribute> out = new ArrayList<>();
    out.add(
        new Attribute(
            contentType,
            List.of(Bytes.of(DerWriter.encode(w -> w.addOid(Oid.of("1.2.840.113549.1.7.1")))))));
    out.add(
        new Attribute(
            privateAttr,
            List.of(
                Bytes.of(
                    DerWriter.encode(
                        w ->
                            w.addPrimitive(
                                Tag.UTF8_STRING, label.getBytes(StandardCharsets.UTF_8)))),
                Bytes.of(DerWriter.encode(w -> w.addInteger(7))))));
    return out;
  }
}
