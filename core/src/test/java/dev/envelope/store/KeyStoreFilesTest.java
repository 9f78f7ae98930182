package dev.envelope.store;

import static dev.envelope.store.KeyAssertions.assertKeyMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.x509.CertificateBuilder;
import dev.envelope.x509.Openssl;
import dev.envelope.x509.Vectors;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyStoreFilesTest {
  private static final char[] STOREPASS = "store-pass".toCharArray();
  private static KeyPair pair;
  private static X509Certificate cert;

  @TempDir Path dir;

  @BeforeAll
  static void makeKey() throws Exception {
    pair = CertificateBuilder.generateKeyPair("ec-p256");
    cert = CertificateBuilder.forSubject("CN=Store").selfSigned(pair);
  }

  static Stream<String> dotnetPfx() {
    return Stream.of(
        "RSAKeyTransfer1",
        "RSAKeyTransferCapi1",
        "RSASha256KeyTransfer1",
        "RSASha384KeyTransfer1",
        "RSASha512KeyTransfer1");
  }

  @ParameterizedTest(name = "{0}.pfx")
  @MethodSource("dotnetPfx")
  void dotnetPfxOpensWith1111(String name) throws Exception {
    Path pfx = Vectors.file("dotnet-runtime/keys/" + name + ".pfx");
    X509Certificate expected =
        CertificateFiles.read(Vectors.file("dotnet-runtime/keys/" + name + ".cer")).get(0);
    char[] password = "1111".toCharArray();

    KeyStore store = KeyStoreFiles.load(pfx, password);

    assertThat(store.getType()).isEqualToIgnoringCase("PKCS12");
    List<String> keyAliases =
        Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).toList();
    assertThat(keyAliases).hasSize(1);
    PrivateKey key = (PrivateKey) store.getKey(keyAliases.get(0), password);
    assertThat(store.getCertificate(keyAliases.get(0))).isEqualTo(expected);
    assertKeyMatches(key, expected);

    assertThatThrownBy(() -> KeyStoreFiles.load(pfx, "1112".toCharArray()))
        .isInstanceOf(KeySourceException.class)
        .hasMessage("wrong password for key store " + pfx);
  }

  private static boolean isKey(KeyStore store, String alias) {
    try {
      return store.isKeyEntry(alias);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PKCS12", "JKS", "JCEKS"})
  void typeIsDetectedFromTheContent(String type) throws Exception {
    Path file = dir.resolve("store.bin"); // no telling extension on purpose
    Files.write(file, storeBytes(type, STOREPASS));

    KeyStore store = KeyStoreFiles.load(file, STOREPASS);

    assertThat(store.getType()).isEqualToIgnoringCase(type);
    assertThat(store.getCertificate("me")).isEqualTo(cert);
    assertThat(store.getKey("me", STOREPASS)).isEqualTo(pair.getPrivate());
    assertThat(KeyStoreFiles.detectType(Files.readAllBytes(file), "x")).isEqualTo(type);
    assertThatThrownBy(() -> KeyStoreFiles.load(file, "nope".toCharArray()))
        .isInstanceOf(KeySourceException.class)
        .hasMessage("wrong password for key store " + file);
  }

  private static byte[] storeBytes(String type, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    ks.load(null, null);
    ks.setKeyEntry("me", pair.getPrivate(), password, new Certificate[] {cert});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ks.store(out, password);
    return out.toByteArray();
  }

  @Test
  void opensslPkcs12WithDefaultsAndWithLegacyCiphers() throws Exception {
    Openssl.assumeAvailable();
    Files.writeString(dir.resolve("c.pem"), CertificateBuilder.toPem(cert));
    Files.writeString(
        dir.resolve("k.pem"),
        "-----BEGIN PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    Openssl.run(
            dir,
            "pkcs12",
            "-export",
            "-in",
            "c.pem",
            "-inkey",
            "k.pem",
            "-passout",
            "pass:pw",
            "-out",
            "modern.p12")
        .ok();
    Openssl.run(
            dir,
            "pkcs12",
            "-export",
            "-legacy",
            "-in",
            "c.pem",
            "-inkey",
            "k.pem",
            "-passout",
            "pass:pw",
            "-out",
            "legacy.p12")
        .ok();
    for (String f : List.of("modern.p12", "legacy.p12")) {
      KeyStore store = KeyStoreFiles.load(dir.resolve(f), "pw".toCharArray());
      String alias = Collections.list(store.aliases()).get(0);
      assertThat(store.getKey(alias, "pw".toCharArray())).as(f).isEqualTo(pair.getPrivate());
      assertThat(store.getCertificate(alias)).as(f).isEqualTo(cert);
    }
  }

  @Test
  void nullAndEmptyPasswords() throws Exception {
    // a PKCS #12 made without a password opens with an empty one
    Path empty = Files.write(dir.resolve("empty.p12"), storeBytes("PKCS12", new char[0]));
    assertThat(KeyStoreFiles.load(empty, new char[0]).size()).isEqualTo(1);
    // a null password skips the integrity check, as the JDK does; the store still loads
    Path full = Files.write(dir.resolve("full.p12"), storeBytes("PKCS12", STOREPASS));
    assertThat(KeyStoreFiles.load(full, null)).isNotNull();
  }

  @Test
  void macIterationCountIsCheckedFirst() throws Exception {
    byte[] good = storeBytes("PKCS12", STOREPASS);
    Pfx pfx = Pfx.getInstance(good);
    MacData mac = pfx.getMacData();
    int iterations = mac.getIterationCount().intValueExact();

    Path atLimit = Files.write(dir.resolve("at.p12"), good);
    assertThat(
            KeyStoreFiles.load(
                atLimit, STOREPASS, StoreLimits.DEFAULT.withMaxPbkdf2Iterations(iterations)))
        .isNotNull();
    assertThatThrownBy(
            () ->
                KeyStoreFiles.load(
                    atLimit,
                    STOREPASS,
                    StoreLimits.DEFAULT.withMaxPbkdf2Iterations(iterations - 1)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining(
            "MAC iteration count " + iterations + " exceeds limit " + (iterations - 1));

    // 5,000,001 (SECURITY.md test 36): rejected before any MAC work
    byte[] hostile =
        new Pfx(pfx.getAuthSafe(), new MacData(mac.getMac(), mac.getSalt(), 5_000_001))
            .getEncoded();
    long start = System.nanoTime();
    assertThatThrownBy(
            () -> KeyStoreFiles.load(hostile, "hostile.p12", STOREPASS, StoreLimits.DEFAULT))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("5000001 exceeds limit 5000000");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500);
  }

  @Test
  void pkcs12WithAbsentContentIsAClearErrorNotACrash() {
    // CVE-2024-0727 shape: authSafe ContentInfo { id-data } without its [0] content
    byte[] pfx =
        DerWriter.encode(
            w ->
                w.addSequence(
                    s ->
                        s.addInteger(3)
                            .addSequence(ci -> ci.addOid(Oid.of("1.2.840.113549.1.7.1")))));
    assertThatThrownBy(() -> KeyStoreFiles.load(pfx, "cve.p12", STOREPASS, StoreLimits.DEFAULT))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("cve.p12: ");
  }

  @Test
  void damagedAndForeignFiles() throws Exception {
    byte[] good = storeBytes("PKCS12", STOREPASS);
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    assertThatThrownBy(
            () -> KeyStoreFiles.load(truncated, "half.p12", STOREPASS, StoreLimits.DEFAULT))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("half.p12: ");

    byte[] jks = storeBytes("JKS", STOREPASS);
    byte[] jksTruncated = Arrays.copyOf(jks, jks.length - 30);
    assertThatThrownBy(
            () -> KeyStoreFiles.load(jksTruncated, "half.jks", STOREPASS, StoreLimits.DEFAULT))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("half.jks");

    assertThatThrownBy(() -> KeyStoreFiles.detectType("hello".getBytes(), "t.txt"))
        .isInstanceOf(KeySourceException.class)
        .hasMessage("t.txt: not a key store (neither PKCS #12 nor JKS)");
    assertThatThrownBy(() -> KeyStoreFiles.detectType(new byte[0], "empty"))
        .isInstanceOf(KeySourceException.class);
    byte[] pem = CertificateBuilder.toPem(cert).getBytes();
    assertThatThrownBy(() -> KeyStoreFiles.detectType(pem, "c.pem"))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("PEM text, not a key store");
    assertThatThrownBy(() -> KeyStoreFiles.load(dir.resolve("missing.p12"), STOREPASS))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("no such file");
  }
}
