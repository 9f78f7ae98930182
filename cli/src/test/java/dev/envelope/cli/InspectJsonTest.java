package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KeyWrap;
import dev.envelope.OaepHash;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.RsaPadding;
import dev.envelope.vectors.Csv;
import dev.envelope.vectors.Vectors;
import dev.envelope.x509.CertificateBuilder;
import dev.envelope.x509.CertificateIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code envelope inspect --json}: every output validated against {@code docs/inspect.schema.json}
 * (JSON Schema 2020-12, by networknt's validator), over messages of every recipient kind and cipher
 * made by the library, by {@code openssl cms}, and the shared vectors; with specific values
 * asserted, local-key matching, and the malformed and truncated negatives.
 */
class InspectJsonTest {
  private static final byte[] CONTENT = "inspect me\n".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = InspectSchema.JSON;

  @TempDir static Path dir;
  static Schema schema;
  static Identity alice;
  static Identity bob;
  static X509Certificate ecCert;
  static X509Certificate x25519Cert;
  static X509Certificate mlKemCert;
  static Path ecCertFile;

  @BeforeAll
  static void setUp() throws Exception {
    schema = InspectSchema.schema();
    alice = Identity.create(dir, "alice");
    bob = Identity.create(dir, "bob");
    KeyPair ca = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate caCert =
        CertificateBuilder.forSubject("CN=Inspect CA").certificateAuthority(true).selfSigned(ca);
    KeyPair ec = CertificateBuilder.generateKeyPair("ec-p256");
    ecCert = CertificateBuilder.forSubject("CN=erin").selfSigned(ec);
    ecCertFile = dir.resolve("erin.pem");
    Files.writeString(ecCertFile, CertificateBuilder.toPem(ecCert));
    x25519Cert =
        CertificateBuilder.forSubject("CN=xavier")
            .issuedBy(
                CertificateBuilder.generateKeyPair("x25519").getPublic(), caCert, ca.getPrivate());
    mlKemCert =
        CertificateBuilder.forSubject("CN=mia")
            .issuedBy(
                CertificateBuilder.generateKeyPair("ml-kem-768").getPublic(),
                caCert,
                ca.getPrivate());
  }

  private static Path schemaFile() {
    return InspectSchema.file();
  }

  static JsonNode inspect(byte[] message, String... extra) {
    return InspectSchema.inspect(message, extra);
  }

  static JsonNode validated(String json) {
    return InspectSchema.validated(json);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String serialHex(X509Certificate c) {
    return hex(c.getSerialNumber().toByteArray());
  }

  private static String sha256(X509Certificate c) throws Exception {
    return hex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
  }

  private static JsonNode recipientOfKind(JsonNode doc, String kind) {
    for (JsonNode r : doc.get("recipients")) {
      if (r.get("kind").asString().equals(kind)) {
        return r;
      }
    }
    throw new AssertionError("no " + kind + " in " + doc);
  }

  // ---------------------------------------------------------------------------------------------
  // the schema itself

  @Test
  void theSchemaIsAValidDraft202012Schema() throws Exception {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    Schema meta =
        registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    assertThat(meta.validate(Files.readString(schemaFile()), InputFormat.JSON)).isEmpty();
  }

  @Test
  void theSchemaRejectsWhatItShould() {
    String ok = Cli.run(sealFor(Recipient.of(alice.certificate())), "inspect", "--json").out();
    assertThat(schema.validate(ok, InputFormat.JSON)).isEmpty();
    // an unknown member, a missing one and a wrong kind are each caught
    assertThat(
            schema.validate(ok.replace("\"formatVersion\"", "\"formatVersio\""), InputFormat.JSON))
        .isNotEmpty();
    assertThat(
            schema.validate(
                ok.replace("\"kind\": \"ktri\"", "\"kind\": \"pwri\""), InputFormat.JSON))
        .isNotEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // made by the library

  private static byte[] sealFor(Recipient... recipients) {
    try {
      return Envelope.sealer().withRecipients(List.of(recipients)).seal(CONTENT);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @EnumSource(ContentCipher.class)
  void everyContentCipher(ContentCipher cipher) throws Exception {
    byte[] m =
        Envelope.sealer()
            .withCipher(cipher)
            .withRecipient(
                new Recipient.KeyTransport(alice.certificate(), RsaPadding.OAEP, OaepHash.SHA256))
            .seal(CONTENT);
    JsonNode doc = inspect(m);
    JsonNode c = doc.get("contentCipher");
    boolean rc4 = cipher.cliName().startsWith("rc4");
    // RC4 without a salt (as written) does not say its key length
    assertThat(c.get("name").asString()).isEqualTo(rc4 ? "rc4" : cipher.cliName());
    assertThat(c.get("keyBits").isNull()).isEqualTo(rc4);
    if (!rc4) {
      assertThat(c.get("keyBits").asInt()).isEqualTo(cipher.keyBits());
    }
    assertThat(c.get("aead").asBoolean()).isEqualTo(cipher.isAuthenticated());
    assertThat(c.get("legacy").asBoolean()).isEqualTo(cipher.isLegacy());
    assertThat(c.get("tagLength").asInt()).isEqualTo(cipher.isAuthenticated() ? 16 : 0);
    assertThat(c.has("rc2EffectiveBits")).isEqualTo(cipher.cliName().startsWith("rc2"));
    if (cipher.cliName().startsWith("rc2")) {
      assertThat(c.get("rc2EffectiveBits").asInt()).isEqualTo(cipher.keyBits());
    }
    assertThat(doc.get("type").asString())
        .isEqualTo(cipher.isAuthenticated() ? "AuthEnvelopedData" : "EnvelopedData");
    // AEAD ciphers and RC4 add nothing (the tag is a field of its own); block ciphers pad
    long length = doc.at("/encryptedContent/length").asLong();
    if (cipher.isAuthenticated() || rc4) {
      assertThat(length).isEqualTo(CONTENT.length);
    } else {
      assertThat(length).isGreaterThan(CONTENT.length).isLessThanOrEqualTo(CONTENT.length + 16);
    }
  }

  @Test
  void everyRecipientKindInOneMessage() throws Exception {
    byte[] kek = new byte[32];
    Arrays.fill(kek, (byte) 7);
    byte[] m =
        sealFor(
            Recipient.of(alice.certificate()),
            new Recipient.KeyAgreement(ecCert, KdfHash.SHA256, KeyWrap.AES_128),
            Recipient.of(x25519Cert),
            Recipient.kek(HexFormat.of().parseHex("c0fee0"), kek),
            new Recipient.Password("secret".toCharArray(), KdfHash.SHA256, 1000),
            Recipient.of(mlKemCert));
    JsonNode doc = inspect(m);
    assertThat(doc.get("recipients")).hasSize(6);
    assertThat(doc.get("contentCipher").get("name").asString()).isEqualTo("aes-256-gcm");

    JsonNode ktri = recipientOfKind(doc, "ktri");
    assertThat(ktri.at("/identifier/type").asString()).isEqualTo("issuerAndSerialNumber");
    assertThat(ktri.at("/identifier/issuer").asString()).isEqualTo("CN=alice");
    assertThat(ktri.at("/identifier/serial").asString()).isEqualTo(serialHex(alice.certificate()));
    assertThat(ktri.at("/keyEncryption/name").asString()).isEqualTo("oaep");
    assertThat(ktri.at("/keyEncryption/oaep/hash/name").asString()).isEqualTo("sha256");
    assertThat(ktri.at("/keyEncryption/oaep/maskGenHash/name").asString()).isEqualTo("sha256");
    assertThat(ktri.has("localMatches")).as("no local keys: not matched").isFalse();

    List<JsonNode> karis = new ArrayList<>();
    doc.get("recipients")
        .forEach(
            r -> {
              if (r.get("kind").asString().equals("kari")) {
                karis.add(r);
              }
            });
    assertThat(karis).hasSize(2);
    JsonNode p256 =
        karis.stream()
            .filter(k -> k.at("/keyAgreement/scheme").asString().equals("stdDH"))
            .findFirst()
            .orElseThrow();
    assertThat(p256.at("/originator/type").asString()).isEqualTo("originatorKey");
    assertThat(p256.at("/originator/algorithm/name").asString()).isEqualTo("ec");
    assertThat(p256.at("/originator/curve/name").asString()).isEqualTo("p256");
    assertThat(p256.at("/originator/publicKeyLength").asInt()).isEqualTo(65);
    assertThat(p256.at("/keyAgreement/name").asString()).isEqualTo("ecdh-std-sha256");
    assertThat(p256.at("/keyAgreement/kdfHash/name").asString()).isEqualTo("sha256");
    assertThat(p256.at("/wrap/name").asString()).isEqualTo("aes128-wrap");
    assertThat(p256.at("/recipientEncryptedKeys/0/identifier/issuer").asString())
        .isEqualTo("CN=erin");
    JsonNode x = karis.stream().filter(k -> k != p256).findFirst().orElseThrow();
    assertThat(x.at("/keyAgreement/scheme").asString()).isEqualTo("hkdf");
    assertThat(x.at("/originator/curve/name").asString()).isEqualTo("x25519");
    assertThat(x.get("ukm").asBoolean()).isFalse();

    JsonNode kekri = recipientOfKind(doc, "kekri");
    assertThat(kekri.at("/identifier/keyIdentifier").asString()).isEqualTo("c0fee0");
    assertThat(kekri.at("/keyEncryption/name").asString()).isEqualTo("aes256-wrap");

    JsonNode pwri = recipientOfKind(doc, "pwri");
    assertThat(pwri.at("/keyDerivation/name").asString()).isEqualTo("pbkdf2");
    assertThat(pwri.at("/keyDerivation/pbkdf2/iterationCount").asInt()).isEqualTo(1000);
    assertThat(pwri.at("/keyDerivation/pbkdf2/prf/name").asString()).isEqualTo("hmac-sha256");
    assertThat(pwri.at("/keyDerivation/pbkdf2/saltLength").asInt()).isEqualTo(16);
    assertThat(pwri.at("/keyEncryption/name").asString()).isEqualTo("pwri-kek");
    assertThat(pwri.at("/keyEncryption/kekCipher/name").asString()).isEqualTo("aes-256-cbc");

    JsonNode kemri = recipientOfKind(doc, "kemri");
    assertThat(kemri.at("/kem/name").asString()).isEqualTo("ml-kem-768");
    assertThat(kemri.at("/kemCiphertextLength").asInt()).isEqualTo(1088);
    assertThat(kemri.at("/kdf/name").asString()).isEqualTo("hkdf-sha256");
    assertThat(kemri.at("/kekLength").asInt()).isEqualTo(32);
    assertThat(kemri.at("/identifier/issuer").asString()).isEqualTo("CN=Inspect CA");

    // the tree shows the same facts
    String tree = Cli.run(m, "inspect").assertOk().out();
    assertThat(tree)
        .contains("identifier: issuer=CN=alice serial=" + serialHex(alice.certificate()))
        .contains("key encryption: rsa-oaep sha256 mgf1-sha256")
        .contains("originator: public key ec on p256 (65 bytes)")
        .contains("key agreement: ecdh-std-sha256 (stdDH, KDF sha256)")
        .contains("key agreement: ecdh-hkdf-sha256 (hkdf, KDF sha256)")
        .contains("key wrap: aes128-wrap")
        .contains("identifier: kek-id=c0fee0")
        .contains("key derivation: pbkdf2 (hmac-sha256, 1000 iterations, 16-byte salt")
        .contains("key encryption: pwri-kek (aes-256-cbc)")
        .contains("kem: ml-kem-768, 1088-byte ciphertext")
        .contains("key wrap: aes256-wrap, 32-byte KEK");
  }

  @Test
  void subjectKeyIdentifierAndPkcs1() throws Exception {
    byte[] m =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_128_CBC)
            .withRecipientIdentifier(RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER)
            .withRecipient(
                new Recipient.KeyTransport(alice.certificate(), RsaPadding.PKCS1, OaepHash.SHA256))
            .seal(CONTENT);
    JsonNode ktri = inspect(m).at("/recipients/0");
    assertThat(ktri.get("version").asInt()).isEqualTo(2);
    assertThat(ktri.at("/identifier/type").asString()).isEqualTo("subjectKeyIdentifier");
    assertThat(ktri.at("/identifier/ski").asString())
        .isEqualTo(hex(CertificateIds.of(alice.certificate()).preferredSubjectKeyId()));
    assertThat(ktri.at("/keyEncryption/name").asString()).isEqualTo("pkcs1");
    assertThat(ktri.at("/keyEncryption").has("oaep")).isFalse();
  }

  @Test
  void passwordMadeByTheCliHasTheDefaultCount() {
    byte[] m = Cli.run(CONTENT, "encrypt", "--password", "pass:pw").assertOk().stdout();
    JsonNode pwri = inspect(m).at("/recipients/0");
    assertThat(pwri.at("/keyDerivation/pbkdf2/iterationCount").asInt()).isEqualTo(600_000);
  }

  // ---------------------------------------------------------------------------------------------
  // made by openssl cms

  record OpensslCase(String name, List<String> args, String kind, String cipher) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<OpensslCase> opensslCases() {
    return Stream.of(
        new OpensslCase(
            "pkcs1 aes-256-cbc", List.of("-aes256", "alice.pem"), "ktri", "aes-256-cbc"),
        new OpensslCase(
            "oaep sha256 aes-128-cbc",
            List.of(
                "-aes128",
                "-recip",
                "alice.pem",
                "-keyopt",
                "rsa_padding_mode:oaep",
                "-keyopt",
                "rsa_oaep_md:sha256"),
            "ktri",
            "aes-128-cbc"),
        new OpensslCase("keyid 3des", List.of("-des3", "-keyid", "alice.pem"), "ktri", "3des"),
        new OpensslCase("aes-256-gcm", List.of("-aes-256-gcm", "alice.pem"), "ktri", "aes-256-gcm"),
        new OpensslCase("ecdh p-256", List.of("-aes256", "erin.pem"), "kari", "aes-256-cbc"),
        new OpensslCase(
            "password", List.of("-aes256", "-pwri_password", "secret"), "pwri", "aes-256-cbc"),
        new OpensslCase(
            "kek",
            List.of(
                "-aes128",
                "-secretkey",
                "000102030405060708090a0b0c0d0e0f",
                "-secretkeyid",
                "c0fee0"),
            "kekri",
            "aes-128-cbc"));
  }

  @ParameterizedTest
  @MethodSource("opensslCases")
  void messagesMadeByOpenssl(OpensslCase c) throws Exception {
    OpenSsl.assumeAvailable();
    Path work = Files.createTempDirectory(dir, "openssl");
    Files.copy(alice.cert(), work.resolve("alice.pem"));
    Files.copy(ecCertFile, work.resolve("erin.pem"));
    Files.write(work.resolve("in.txt"), CONTENT);
    List<String> args = new ArrayList<>(List.of("cms", "-encrypt", "-binary", "-in", "in.txt"));
    args.addAll(List.of("-outform", "DER", "-out", "m.der"));
    args.addAll(c.args());
    OpenSsl.ok(work, args.toArray(String[]::new));
    JsonNode doc = inspect(Files.readAllBytes(work.resolve("m.der")));
    JsonNode r = doc.at("/recipients/0");
    assertThat(r.get("kind").asString()).isEqualTo(c.kind());
    assertThat(doc.at("/contentCipher/name").asString()).isEqualTo(c.cipher());
    switch (c.kind()) {
      case "ktri" -> {
        if (c.args().contains("-keyid")) {
          assertThat(r.at("/identifier/ski").asString()).isNotEmpty();
        } else {
          assertThat(r.at("/identifier/issuer").asString()).isEqualTo("CN=alice");
          assertThat(r.at("/identifier/serial").asString())
              .isEqualTo(serialHex(alice.certificate()));
        }
        if (c.name().startsWith("oaep")) {
          assertThat(r.at("/keyEncryption/oaep/hash/name").asString()).isEqualTo("sha256");
        }
      }
      case "kari" -> {
        // openssl leaves the ephemeral key's curve implicit (the recipient's, RFC 5753 3.1.1)
        assertThat(r.at("/originator/algorithm/name").asString()).isEqualTo("ec");
        assertThat(r.at("/originator/curve").isNull()).isTrue();
        assertThat(r.at("/originator/publicKeyLength").asInt()).isEqualTo(65);
        assertThat(r.at("/keyAgreement/scheme").asString()).isEqualTo("stdDH");
        assertThat(r.at("/recipientEncryptedKeys/0/identifier/issuer").asString())
            .isEqualTo("CN=erin");
      }
      case "pwri" -> {
        assertThat(r.at("/keyDerivation/pbkdf2/iterationCount").asInt()).isPositive();
        assertThat(r.at("/keyEncryption/kekCipher/name").asString()).isEqualTo("aes-256-cbc");
      }
      case "kekri" -> assertThat(r.at("/identifier/keyIdentifier").asString()).isEqualTo("c0fee0");
      default -> throw new AssertionError(c.kind());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the shared vectors: every manifest row that is an enveloped message

  @Test
  void everySharedVectorMessage() throws Exception {
    Path vectors = Vectors.dir();
    List<Map<String, String>> rows =
        Csv.parseWithHeader(Files.readString(vectors.resolve("manifest.csv")));
    List<String> failures = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int checked = 0;
    for (Map<String, String> row : rows) {
      String type = row.get("content_type");
      if (!type.startsWith("EnvelopedData") && !type.startsWith("AuthEnvelopedData")) {
        continue; // EncryptedData and the like: not what inspect reads
      }
      String file = row.get("file");
      byte[] message = Files.readAllBytes(vectors.resolve(file));
      Cli.Result r = Cli.run(message, "inspect", "--json");
      if (row.get("inform").equals("SMIME") && r.code() != 0) {
        skipped.add(file); // S/MIME input detection is Io's, not inspect's
        continue;
      }
      if (r.code() != 0) {
        failures.add(file + ": exit " + r.code() + " " + r.stderr().strip());
        continue;
      }
      var errors = schema.validate(r.out(), InputFormat.JSON);
      if (!errors.isEmpty()) {
        failures.add(file + ": " + errors);
        continue;
      }
      JsonNode doc = JSON.readTree(r.out());
      String expected =
          type.startsWith("AuthEnvelopedData") ? "AuthEnvelopedData" : "EnvelopedData";
      if (!doc.get("type").asString().equals(expected)) {
        failures.add(file + ": type " + doc.get("type"));
      }
      checked++;
    }
    if (!skipped.isEmpty()) {
      System.out.println("inspect: S/MIME vectors not read as input here: " + skipped);
    }
    assertThat(failures).isEmpty();
    assertThat(checked).isGreaterThan(40);
  }

  @Test
  void vectorValues() throws Exception {
    Path vectors = Vectors.dir();
    JsonNode kek = inspect(Files.readAllBytes(vectors.resolve("openssl/authenveloped_attrs.pem")));
    assertThat(kek.at("/recipients/0/identifier/keyIdentifier").asString()).isEqualTo("c0fee0");
    assertThat(kek.get("attributes").size()).isPositive();
    assertThat(kek.at("/attributes/0/place").asString()).isIn("auth", "unauth");

    JsonNode rc2 = inspect(Files.readAllBytes(vectors.resolve("rfc4134/5.2.bin")));
    assertThat(rc2.at("/contentCipher/name").asString()).isEqualTo("rc2-40");
    assertThat(rc2.at("/contentCipher/rc2EffectiveBits").asInt()).isEqualTo(40);

    JsonNode label =
        inspect(
            Files.readAllBytes(
                vectors.resolve(
                    "dotnet-runtime/messages/TestDecryptSimpleAes256_RsaOaep_PSpecified_NonDefault.der")));
    assertThat(label.at("/recipients/0/keyEncryption/oaep/label").asString())
        .isEqualTo("0102030405");

    JsonNode x25519 =
        inspect(
            Files.readAllBytes(
                vectors.resolve("examples-cms/der/authEnvelopedForDanaX25519HKDF.p7m")));
    assertThat(x25519.at("/recipients/0/keyAgreement/scheme").asString()).isEqualTo("hkdf");
  }

  @Test
  void originatorCertificatesAndUnprotectedAttributesMadeByBouncyCastle() throws Exception {
    var holder = new org.bouncycastle.cert.X509CertificateHolder(bob.certificate().getEncoded());
    var gen = new org.bouncycastle.cms.CMSEnvelopedDataGenerator();
    gen.setOriginatorInfo(new org.bouncycastle.cms.OriginatorInfoGenerator(holder).generate());
    var signingTime =
        new org.bouncycastle.asn1.cms.Attribute(
            org.bouncycastle.asn1.cms.CMSAttributes.signingTime,
            new org.bouncycastle.asn1.DERSet(
                new org.bouncycastle.asn1.cms.Time(new java.util.Date())));
    var unknown =
        new org.bouncycastle.asn1.cms.Attribute(
            new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
            new org.bouncycastle.asn1.DERSet(
                new org.bouncycastle.asn1.ASN1Encodable[] {
                  new org.bouncycastle.asn1.DERUTF8String("a"),
                  new org.bouncycastle.asn1.DERUTF8String("b")
                }));
    var table =
        new org.bouncycastle.asn1.cms.AttributeTable(
            new org.bouncycastle.asn1.ASN1EncodableVector() {
              {
                add(signingTime);
                add(unknown);
              }
            });
    gen.setUnprotectedAttributeGenerator(
        new org.bouncycastle.cms.SimpleAttributeTableGenerator(table));
    gen.addRecipientInfoGenerator(
        new org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator(alice.certificate()));
    byte[] m =
        gen.generate(
                new org.bouncycastle.cms.CMSProcessableByteArray(CONTENT),
                new org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder(
                        org.bouncycastle.cms.CMSAlgorithm.AES128_CBC)
                    .build())
            .getEncoded();
    JsonNode doc = inspect(m);
    assertThat(doc.get("originatorCertificates")).hasSize(1);
    JsonNode cert = doc.at("/originatorCertificates/0");
    assertThat(cert.get("subject").asString()).isEqualTo("CN=bob");
    assertThat(cert.get("issuer").asString()).isEqualTo("CN=bob");
    assertThat(cert.get("serial").asString()).isEqualTo(serialHex(bob.certificate()));
    assertThat(cert.get("sha256").asString()).isEqualTo(sha256(bob.certificate()));
    assertThat(doc.get("attributes")).hasSize(2);
    List<String> names = new ArrayList<>();
    for (JsonNode a : doc.get("attributes")) {
      assertThat(a.get("place").asString()).isEqualTo("unprotected");
      names.add(
          a.get("name").isNull()
              ? a.get("oid").asString() + "/" + a.get("values").asInt()
              : a.get("name").asString() + "/" + a.get("values").asInt());
    }
    assertThat(names).containsExactlyInAnyOrder("signingTime/1", "1.3.6.1.4.1.99999.1/2");
    assertThat(Cli.run(m, "inspect").assertOk().out())
        .contains("  originator certificates: 1\n    [0]: CN=bob, issuer CN=bob, serial ")
        .contains("  attribute: unprotected 1.2.840.113549.1.9.5 (signingTime), 1 value\n")
        .contains("  attribute: unprotected 1.3.6.1.4.1.99999.1, 2 values\n");
  }

  // ---------------------------------------------------------------------------------------------
  // hostile names and the negatives

  @Test
  void hostileNamesAreEscapedInJsonAndMadePrintableInTheTree() throws Exception {
    KeyPair kp = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate evil =
        CertificateBuilder.forSubject("CN=ev\u001b[2Jil\u202egnp.exe").selfSigned(kp);
    byte[] m = sealFor(Recipient.of(evil));
    String json = Cli.run(m, "inspect", "--json").assertOk().out();
    validated(json);
    assertThat(json).contains("\\u001b[2J").contains("\\u202e");
    String issuer = JSON.readTree(json).at("/recipients/0/identifier/issuer").asString();
    assertThat(issuer).contains("\u001b", "\u202e");
    String tree = Cli.run(m, "inspect").assertOk().out();
    assertThat(tree).doesNotContain("\u001b").doesNotContain("\u202e").contains("ev?[2Jil?gnp.exe");
  }

  @Test
  void malformedInputIsExit3InOneLine() {
    Cli.run("not a message at all".getBytes(StandardCharsets.US_ASCII), "inspect", "--json")
        .assertFails(3);
    Cli.run(new byte[] {0x30, (byte) 0x80, 0x06, 0x01}, "inspect").assertFails(3);
  }

  @Test
  void aTruncatedMessageIsExit3InOneLine() {
    byte[] m = sealFor(Recipient.of(alice.certificate()));
    for (int cut : new int[] {m.length - 1, m.length / 2, 20}) {
      Cli.run(Arrays.copyOf(m, cut), "inspect", "--json").assertFails(3);
    }
  }
}
