package dev.envelope.store;

import static dev.envelope.store.KeyAssertions.assertSameKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.error.KeySourceException;
import dev.envelope.store.StoreFixtures.Identity;
import dev.envelope.x509.CertificateBuilder;
import dev.envelope.x509.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateStoreTest {
  private static Identity alice;
  private static Identity alice2;
  private static Identity bob;

  @TempDir Path dir;

  @BeforeAll
  static void identities() throws Exception {
    alice = StoreFixtures.identity("rsa2048", "CN=Alice, O=Example", "alice@example.com");
    alice2 = StoreFixtures.identity("ec-p256", "CN=Alice Second, O=Example", "alice2@example.com");
    bob = StoreFixtures.identity("ec-p384", "CN=Bob, O=Other", "bob@example.org");
  }

  private Path storeFile() {
    return dir.resolve("home").resolve("my.p12");
  }

  private CertificateStore open() throws Exception {
    return CertificateStore.open(storeFile(), StoreFixtures.storePassword());
  }

  @ParameterizedTest(name = "legacy={0}")
  @ValueSource(booleans = {false, true})
  void importsWhatOpensslExports(boolean legacy) throws Exception {
    Openssl.assumeAvailable();
    Path pfx = StoreFixtures.opensslPfx(dir, "alice", alice, "file-pass", legacy);

    try (CertificateStore store = open()) {
      List<CertificateStore.Added> added = store.importPkcs12(pfx, "file-pass".toCharArray());

      assertThat(added).hasSize(1);
      assertThat(added.get(0).alreadyPresent()).isFalse();
      StoreEntry entry = added.get(0).entry();
      assertThat(entry.certificate()).isEqualTo(alice.cert());
      assertThat(entry.hasPrivateKey()).isTrue();
      assertThat(entry.alias()).isEqualTo("alice-" + entry.sha256().substring(0, 8));
      assertSameKey(store.privateKey(entry), alice.key());
      assertThat(store.entries()).containsExactly(entry);
    }
    // a fresh reader sees the same
    try (CertificateStore again = open()) {
      assertThat(again.entries()).hasSize(1);
      assertSameKey(again.privateKey(again.entries().get(0)), alice.key());
    }
    // the key is stored again with current protection, whatever the imported file used
    assertThat(opensslInfo())
        .contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC")
        .doesNotContain("TripleDES")
        .doesNotContain("RC2");
  }

  private String opensslInfo() {
    Openssl.Result r =
        Openssl.run(
                storeFile().getParent(),
                "pkcs12",
                "-info",
                "-noout",
                "-in",
                "my.p12",
                "-passin",
                "pass:" + StoreFixtures.STORE_PASSWORD)
            .ok();
    return r.stderr() + r.stdout();
  }

  @Test
  void wrongFilePasswordForTheImport() throws Exception {
    Path pfx = StoreFixtures.jdkPfx(dir, "a", "right", alice);
    try (CertificateStore store = open()) {
      assertThatThrownBy(() -> store.importPkcs12(pfx, "wrong".toCharArray()))
          .isInstanceOf(KeySourceException.class)
          .hasMessage("wrong password for key store " + pfx);
    }
    assertThat(storeFile()).doesNotExist();
  }

  @Test
  void findByEmailSubjectAndThumbprints() throws Exception {
    try (CertificateStore store = open()) {
      store.add(alice.cert(), alice.key(), List.of());
      store.add(alice2.cert(), alice2.key(), List.of());
      store.add(bob.cert());

      assertThat(subjects(store.find(CertificateQuery.parse("ALICE@EXAMPLE.COM"))))
          .containsExactly("CN=Alice,O=Example");
      assertThat(subjects(store.find(CertificateQuery.parse("alice"))))
          .containsExactly("CN=Alice,O=Example", "CN=Alice Second,O=Example");
      assertThat(subjects(store.find(CertificateQuery.parse("o=other"))))
          .containsExactly("CN=Bob,O=Other");
      String sha1 = CertificateFacts.sha1(bob.cert()).toUpperCase(Locale.ROOT);
      String sha256 = CertificateFacts.sha256(alice2.cert()).toUpperCase(Locale.ROOT);
      assertThat(subjects(store.find(CertificateQuery.parse(withColons(sha1)))))
          .containsExactly("CN=Bob,O=Other");
      assertThat(subjects(store.find(CertificateQuery.parse(withColons(sha256)))))
          .containsExactly("CN=Alice Second,O=Example");
      assertThat(store.find(CertificateQuery.parse("nobody"))).isEmpty();

      StoreEntry bobEntry = store.find(CertificateQuery.of(bob.cert())).get(0);
      assertThat(bobEntry.hasPrivateKey()).isFalse();
      assertThatThrownBy(() -> store.privateKey(bobEntry))
          .isInstanceOf(KeySourceException.class)
          .hasMessageContaining("has no private key for CN=Bob,O=Other");
    }
  }

  @Test
  void addingTheSameCertificateAgainIsANoOp() throws Exception {
    try (CertificateStore store = open()) {
      assertThat(store.add(bob.cert()).alreadyPresent()).isFalse();
      byte[] before = Files.readAllBytes(storeFile());

      CertificateStore.Added again = store.add(bob.cert());

      assertThat(again.alreadyPresent()).isTrue();
      assertThat(Files.readAllBytes(storeFile())).isEqualTo(before);
      assertThat(store.entries()).hasSize(1);

      // the key of a certificate stored without one is added under the same alias
      CertificateStore.Added withKey = store.add(bob.cert(), bob.key(), List.of(bob.cert()));
      assertThat(withKey.alreadyPresent()).isFalse();
      assertThat(withKey.entry().alias()).isEqualTo(again.entry().alias());
      assertThat(store.entries()).hasSize(1);
      assertThat(store.entries().get(0).hasPrivateKey()).isTrue();
      assertSameKey(store.privateKey(withKey.entry()), bob.key());
    }
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    try (CertificateStore store = open()) {
      store.add(bob.cert());
      byte[] before = Files.readAllBytes(storeFile());
      assertThatThrownBy(() -> store.add(alice.cert(), alice2.key(), List.of()))
          .isInstanceOf(KeySourceException.class)
          .hasMessageContaining("the private key does not belong to CN=Alice,O=Example");
      assertThatThrownBy(() -> store.add(alice.cert(), alice.key(), List.of(bob.cert())))
          .isInstanceOf(KeySourceException.class)
          .hasMessageContaining("the chain does not start with the certificate");
      assertThat(Files.readAllBytes(storeFile())).isEqualTo(before);
    }
  }

  @Test
  void exportPemReadsWithOpenssl() throws Exception {
    Openssl.assumeAvailable();
    try (CertificateStore store = open()) {
      StoreEntry entry = store.add(alice.cert(), alice.key(), List.of()).entry();
      Files.writeString(dir.resolve("out.pem"), store.exportPem(entry));

      Openssl.Result r =
          Openssl.run(dir, "x509", "-in", "out.pem", "-noout", "-fingerprint", "-sha256").ok();
      assertThat(r.stdout().replace(":", "").toLowerCase(Locale.ROOT))
          .contains(CertificateFacts.sha256(alice.cert()));
      assertThat(CertificateFiles.read(dir.resolve("out.pem"))).containsExactly(alice.cert());
    }
  }

  @Test
  void exportPkcs12WithKeyReadsWithOpensslAndTheNewPassword() throws Exception {
    Openssl.assumeAvailable();
    try (CertificateStore store = open()) {
      StoreEntry entry = store.add(alice.cert(), alice.key(), List.of()).entry();
      byte[] p12 = store.exportPkcs12(entry, "export-pass".toCharArray());
      Files.write(dir.resolve("export.p12"), p12);

      Openssl.Result r =
          Openssl.run(
                  dir,
                  "pkcs12",
                  "-in",
                  "export.p12",
                  "-passin",
                  "pass:export-pass",
                  "-nodes",
                  "-out",
                  "export.pem")
              .ok();
      assertThat(r.exitCode()).isZero();
      assertSameKey(PrivateKeyFiles.read(dir.resolve("export.pem"), null), alice.key());
      assertThat(
              Openssl.run(dir, "pkcs12", "-in", "export.p12", "-passin", "pass:nope", "-noout")
                  .exitCode())
          .isNotZero();

      StoreEntry noKey = store.add(bob.cert()).entry();
      assertThatThrownBy(() -> store.exportPkcs12(noKey, "x".toCharArray()))
          .isInstanceOf(KeySourceException.class);
    }
  }

  @Test
  void remove() throws Exception {
    try (CertificateStore store = open()) {
      store.add(alice.cert(), alice.key(), List.of());
      StoreEntry b = store.add(bob.cert()).entry();

      assertThat(store.remove(b)).isTrue();
      assertThat(store.remove(b)).isFalse();
      assertThat(subjects(store.entries())).containsExactly("CN=Alice,O=Example");
    }
    try (CertificateStore again = open()) {
      assertThat(subjects(again.entries())).containsExactly("CN=Alice,O=Example");
    }
  }

  @Test
  void wrongStorePasswordWritesNothing() throws Exception {
    try (CertificateStore store = open()) {
      store.add(alice.cert(), alice.key(), List.of());
    }
    byte[] before = Files.readAllBytes(storeFile());

    assertThatThrownBy(() -> CertificateStore.open(storeFile(), "wrong".toCharArray()))
        .isInstanceOf(KeySourceException.class)
        .hasMessage("wrong password for store " + storeFile())
        .satisfies(e -> assertThat(((KeySourceException) e).exitCode()).isEqualTo(2));

    // a store opened before the file existed, with another password, cannot overwrite it
    Path other = dir.resolve("other.p12");
    try (CertificateStore early = CertificateStore.open(other, "first".toCharArray());
        CertificateStore late = CertificateStore.open(other, StoreFixtures.storePassword())) {
      late.add(bob.cert());
      byte[] written = Files.readAllBytes(other);
      assertThatThrownBy(() -> early.add(alice.cert()))
          .isInstanceOf(KeySourceException.class)
          .hasMessage("wrong password for store " + other);
      assertThat(Files.readAllBytes(other)).isEqualTo(written);
    }
    assertThat(Files.readAllBytes(storeFile())).isEqualTo(before);
    assertThat(leftovers(storeFile().getParent())).isEmpty();
  }

  @Test
  void missingStoreIsEmptyAndCreatesNothing() throws Exception {
    try (CertificateStore store = open()) {
      assertThat(store.entries()).isEmpty();
      assertThat(store.find(CertificateQuery.parse("alice"))).isEmpty();
    }
    assertThat(storeFile().getParent()).doesNotExist();
  }

  @Test
  void firstWriteCreatesOwnerOnlyFiles() throws Exception {
    try (CertificateStore store = open()) {
      store.add(bob.cert());
    }
    Path home = storeFile().getParent();
    if (Files.getFileStore(home).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
          .isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFile())))
          .isEqualTo("rw-------");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(home.resolve("my.p12.lock"))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void writtenWithCurrentProtectionThatOpensslReadsWithoutLegacy() throws Exception {
    Openssl.assumeAvailable();
    try (CertificateStore store = open()) {
      store.add(alice.cert(), alice.key(), List.of());
      store.add(bob.cert());
    }
    String info = opensslInfo();
    assertThat(info)
        .contains("MAC: sha256")
        .contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC")
        .contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC")
        .doesNotContain("RC2")
        .doesNotContain("TripleDES");
    assertThat(info.lines().filter(l -> l.contains("PBES2")))
        .allSatisfy(l -> assertThat(l).contains("PRF hmacWithSHA256"));
  }

  @Test
  void aStrayTemporaryFileFromACrashIsHarmless() throws Exception {
    try (CertificateStore store = open()) {
      store.add(alice.cert(), alice.key(), List.of());
    }
    byte[] before = Files.readAllBytes(storeFile());
    // what a writer killed between writing and renaming leaves behind
    Path partial = storeFile().resolveSibling(".my.p12.12345.partial");
    Files.write(partial, new byte[] {0x30, (byte) 0x82, 0x01});

    try (CertificateStore store = open()) {
      assertThat(Files.readAllBytes(storeFile())).isEqualTo(before);
      assertThat(store.entries()).hasSize(1);
      store.add(bob.cert());
    }
    try (CertificateStore store = open()) {
      assertThat(store.entries()).hasSize(2);
    }
  }

  @Test
  void aFailedChangeLeavesNoTemporaryFile() throws Exception {
    try (CertificateStore store = open()) {
      store.add(alice.cert());
      byte[] before = Files.readAllBytes(storeFile());
      assertThatThrownBy(() -> store.add(bob.cert(), alice.key(), List.of()))
          .isInstanceOf(KeySourceException.class);
      assertThat(Files.readAllBytes(storeFile())).isEqualTo(before);
    }
    assertThat(leftovers(storeFile().getParent())).isEmpty();
  }

  @Test
  void importsEveryEntryOfAFileAtOnce() throws Exception {
    Path pfx = StoreFixtures.jdkPfx(dir, "both", "pw", alice, alice2);
    try (CertificateStore store = open()) {
      List<CertificateStore.Added> added = store.importPkcs12(pfx, "pw".toCharArray());
      assertThat(added).hasSize(2).noneMatch(CertificateStore.Added::alreadyPresent);
      assertThat(store.entries()).hasSize(2).allMatch(StoreEntry::hasPrivateKey);

      List<CertificateStore.Added> again = store.importPkcs12(pfx, "pw".toCharArray());
      assertThat(again).hasSize(2).allMatch(CertificateStore.Added::alreadyPresent);
    }
  }

  @Test
  void importOfAFileWithoutCertificatesFails() throws Exception {
    KeyStore empty = KeyStore.getInstance("PKCS12");
    empty.load(null, null);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    empty.store(out, "pw".toCharArray());
    try (CertificateStore store = open()) {
      assertThatThrownBy(
              () -> store.importPkcs12(out.toByteArray(), "empty.p12", "pw".toCharArray()))
          .isInstanceOf(KeySourceException.class)
          .hasMessage("empty.p12: holds no certificate");
    }
  }

  @Test
  void aliasesAreUniqueAndReadable() throws Exception {
    Identity noCn =
        new Identity(
            CertificateBuilder.forSubject("O=Example Only")
                .email("only@example.com")
                .selfSigned(CertificateBuilder.generateKeyPair("ec-p256")),
            null);
    try (CertificateStore store = open()) {
      StoreEntry a = store.add(alice2.cert()).entry();
      StoreEntry n = store.add(noCn.cert()).entry();
      assertThat(a.alias()).matches("alice-second-[0-9a-f]{8}");
      assertThat(n.alias()).matches("only@example.com-[0-9a-f]{8}");
    }
  }

  @Test
  void closedStoreRefusesUse() throws Exception {
    CertificateStore store = open();
    store.close();
    assertThatThrownBy(store::entries).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void notAPkcs12StoreIsRefused() throws Exception {
    Path text = dir.resolve("cert.pem");
    Files.writeString(text, CertificateBuilder.toPem(bob.cert()), StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> CertificateStore.open(text, "x".toCharArray()))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("PEM text, not a key store");
  }

  static List<String> subjects(List<StoreEntry> entries) {
    return entries.stream().map(e -> CertificateFacts.subject(e.certificate())).toList();
  }

  static List<Path> leftovers(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
    }
  }

  private static String withColons(String hex) {
    return String.join(":", hex.split("(?<=\\G..)"));
  }
}
