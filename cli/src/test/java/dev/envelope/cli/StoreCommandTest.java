package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.x509.CertificateBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envelope store import|list|find|export|remove}, end to end, in a temporary home. */
class StoreCommandTest {
  @TempDir Path home;
  @TempDir Path dir;
  Map<String, String> env;

  @BeforeEach
  void setUp() {
    env = Cli.env("ENVELOPE_HOME", home.toString(), "ENVELOPE_STORE_PASS", "store-pw");
  }

  private Cli.Result run(String... args) {
    return Cli.runEnv(env, args);
  }

  /** A PKCS #12 file with a key and a certificate with an e-mail address. */
  private Path p12(String name, String email, String password) throws Exception {
    KeyPair pair = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate cert =
        CertificateBuilder.forSubject("CN=" + name + ", O=Example").email(email).selfSigned(pair);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(name, pair.getPrivate(), password.toCharArray(), new Certificate[] {cert});
    Path file = dir.resolve(name + ".p12");
    try (var out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
    return file;
  }

  private Path pem(String name, String email) throws Exception {
    KeyPair pair = CertificateBuilder.generateKeyPair("ec-p256");
    X509Certificate cert =
        CertificateBuilder.forSubject("CN=" + name + ", O=Example").email(email).selfSigned(pair);
    return Files.writeString(dir.resolve(name + ".pem"), CertificateBuilder.toPem(cert));
  }

  private static String sha1(Path certFile) throws Exception {
    X509Certificate c = dev.envelope.store.CertificateFiles.read(certFile).get(0);
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
  }

  @Test
  void importGoesToMyOrAddressBookByKind() throws Exception {
    Path alice = p12("Alice", "alice@example.com", "p12-pw");
    Cli.Result r = run("store", "import", alice.toString(), "--password", "pass:p12-pw").assertOk();
    assertThat(r.out()).startsWith("imported into the personal store (" + home.resolve("my.p12"));
    assertThat(r.out()).contains("CN=Alice,O=Example", "with private key");
    Path bob = pem("Bob", "bob@example.com");
    r = run("store", "import", bob.toString()).assertOk();
    assertThat(r.out()).startsWith("imported into the address book");
    assertThat(home.resolve("my.p12")).exists();
    assertThat(home.resolve("addressbook.p12")).exists();
    // the same again: already there, stored once
    assertThat(run("store", "import", bob.toString()).assertOk().out()).startsWith("already in");
    assertThat(run("store", "list", "--store", "addressbook", "--json").assertOk().out())
        .containsOnlyOnce("\"subject\":\"CN=Bob");
    // --store narrows: a bare certificate into the personal store
    assertThat(run("store", "import", bob.toString(), "--store", "my").assertOk().out())
        .startsWith("imported into the personal store");
  }

  @Test
  void listShowsEveryField() throws Exception {
    Path alice = p12("Alice", "alice@example.com", "p12-pw");
    run("store", "import", alice.toString(), "--password", "pass:p12-pw").assertOk();
    String text = run("store", "list").assertOk().out();
    assertThat(text)
        .contains("subject:     CN=Alice,O=Example")
        .contains("e-mail:      alice@example.com")
        .contains("issuer:      CN=Alice,O=Example")
        .contains("serial:      ")
        .contains("sha1:        ")
        .contains("sha256:      ")
        .contains("valid:       ")
        .contains("key:         RSA 2048")
        .contains("key usage:   digitalSignature, keyEncipherment")
        .contains("private key: yes");
    String json = run("store", "list", "--json").assertOk().out();
    assertThat(json)
        .startsWith("[\n{\"store\":")
        .contains("\"subject\":\"CN=Alice,O=Example\"")
        .contains("\"emails\":[\"alice@example.com\"]")
        .contains("\"keyType\":\"RSA 2048\"")
        .contains("\"keyUsage\":[\"digitalSignature\",\"keyEncipherment\"]")
        .contains("\"hasPrivateKey\":true")
        .contains("\"sha1\":", "\"sha256\":", "\"serial\":", "\"notBefore\":", "\"notAfter\":")
        .endsWith("}\n]\n");
    // the address book is empty (it does not exist): no password needed to say so
    assertThat(
            Cli.runEnv(
                    Cli.env("ENVELOPE_HOME", home.toString()),
                    "store",
                    "list",
                    "--store",
                    "addressbook")
                .assertOk()
                .out())
        .contains("the address book (" + home.resolve("addressbook.p12") + ") is empty");
    assertThat(run("store", "list", "--store", "addressbook", "--json").assertOk().out())
        .isEqualTo("[\n]\n");
  }

  @Test
  void findByEmailSubjectThumbprintOrFile() throws Exception {
    run(
            "store",
            "import",
            p12("Alice", "alice@example.com", "x").toString(),
            "--password",
            "pass:x")
        .assertOk();
    Path bob = pem("Bob", "bob@example.com");
    run("store", "import", bob.toString()).assertOk();
    String sha1 = sha1(bob);
    StringBuilder colons = new StringBuilder();
    for (int i = 0; i < sha1.length(); i += 2) {
      colons.append(i == 0 ? "" : ":").append(sha1, i, i + 2);
    }
    for (String q :
        List.of(
            "BOB@example.com",
            "cn=bob",
            "Bob",
            sha1,
            colons.toString().toUpperCase(Locale.ROOT),
            bob.toString())) {
      String out = run("store", "find", q).assertOk().out();
      assertThat(out).as(q).contains("CN=Bob,O=Example").doesNotContain("CN=Alice");
      assertThat(out).contains("store:       the address book");
    }
    // several matches are what find is for
    String both = run("store", "find", "O=Example", "--json").assertOk().out();
    assertThat(both).contains("CN=Alice", "CN=Bob");
    // --store narrows
    run("store", "find", "bob@example.com", "--store", "my").assertFails(Exit.INPUT);
    Cli.Result none = run("store", "find", "carol@example.com").assertFails(Exit.INPUT);
    assertThat(none.stderr()).contains("no certificate matches \"carol@example.com\"");
  }

  @Test
  void exportPemOrPkcs12WithKey() throws Exception {
    run(
            "store",
            "import",
            p12("Alice", "alice@example.com", "x").toString(),
            "--password",
            "pass:x")
        .assertOk();
    String pemText = run("store", "export", "alice@example.com").assertOk().out();
    X509Certificate cert =
        dev.envelope.store.CertificateFiles.parse(pemText.getBytes(), "stdout").get(0);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Alice,O=Example");
    Path pemFile = dir.resolve("out.pem");
    run("store", "export", "alice@example.com", "-o", pemFile.toString()).assertOk();
    assertThat(Files.readString(pemFile)).isEqualTo(pemText);
    // never over an existing file without --force
    run("store", "export", "alice@example.com", "-o", pemFile.toString()).assertFails(Exit.OUTPUT);

    Path p12 = dir.resolve("alice-out.p12");
    run(
            "store",
            "export",
            "alice@example.com",
            "--with-key",
            "--password",
            "pass:export-pw",
            "-o",
            p12.toString())
        .assertOk();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(p12)) {
      ks.load(in, "export-pw".toCharArray());
    }
    String alias = ks.aliases().nextElement();
    assertThat(ks.getKey(alias, "export-pw".toCharArray())).isNotNull();
    assertThat(ks.getCertificate(alias)).isEqualTo(cert);
    // --with-key needs a password for the new file, and a key
    run("store", "export", "alice@example.com", "--with-key", "-o", dir.resolve("n.p12").toString())
        .assertFails(Exit.INPUT);
    Path bob = pem("Bob", "bob@example.com");
    run("store", "import", bob.toString()).assertOk();
    run(
            "store",
            "export",
            "bob@example.com",
            "--with-key",
            "--password",
            "pass:x",
            "-o",
            dir.resolve("b.p12").toString())
        .assertFails(Exit.INPUT);
    assertThat(dir.resolve("b.p12")).doesNotExist();
  }

  @Test
  void ambiguousQueriesAre2ListingThemUnlessAll() throws Exception {
    run("store", "import", pem("Bob", "bob@example.com").toString()).assertOk();
    run("store", "import", pem("Bobby", "bobby@example.com").toString()).assertOk();
    Cli.Result r = run("store", "remove", "bob").assertFails(Exit.INPUT);
    assertThat(r.stderr())
        .contains("matches 2 certificates", "CN=Bob,O=Example", "CN=Bobby,O=Example", "--all");
    run("store", "export", "bob").assertFails(Exit.INPUT);
    r = run("store", "remove", "bob@example.com").assertOk();
    assertThat(r.out()).startsWith("removed from the address book").contains("CN=Bob,O=Example");
    run("store", "find", "bob@example.com").assertFails(Exit.INPUT);
    run("store", "import", pem("Bob", "bob@example.com").toString()).assertOk();
    r = run("store", "remove", "bob", "--all").assertOk();
    assertThat(r.out().lines()).hasSize(2);
    assertThat(run("store", "list", "--store", "addressbook").assertOk().out())
        .contains("is empty");
  }

  @Test
  void wrongStorePasswordIs2AndWritesNothing() throws Exception {
    Path alice = p12("Alice", "alice@example.com", "x");
    run("store", "import", alice.toString(), "--password", "pass:x").assertOk();
    byte[] before = Files.readAllBytes(home.resolve("my.p12"));
    Map<String, String> wrong =
        Cli.env("ENVELOPE_HOME", home.toString(), "ENVELOPE_STORE_PASS", "wrong");
    Path bob = p12("Bob", "bob@example.com", "x");
    Cli.Result r =
        Cli.runEnv(wrong, "store", "import", bob.toString(), "--password", "pass:x")
            .assertFails(Exit.INPUT);
    assertThat(r.stderr()).contains("wrong password");
    Cli.runEnv(wrong, "store", "list").assertFails(Exit.INPUT);
    Cli.runEnv(wrong, "store", "remove", "alice@example.com").assertFails(Exit.INPUT);
    // --storepass comes before the variable
    Cli.runEnv(wrong, "store", "list", "--storepass", "pass:store-pw").assertOk();
    // a new address book must take the personal store's password
    Path carol = pem("Carol", "carol@example.com");
    Cli.runEnv(wrong, "store", "import", carol.toString()).assertFails(Exit.INPUT);
    assertThat(home.resolve("addressbook.p12")).doesNotExist();
    assertThat(home.resolve("my.p12")).hasBinaryContent(before);
    try (var s = Files.list(home)) {
      assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("my.p12"));
    }
    // no password anywhere and no terminal to ask on
    Cli.runEnv(Cli.env("ENVELOPE_HOME", home.toString()), "store", "list").assertFails(Exit.INPUT);
    // a prompt, when there is a terminal
    List<String> prompts = new ArrayList<>();
    Cli.run(
            Cli.env("ENVELOPE_HOME", home.toString()),
            new ByteArrayInputStream(new byte[0]),
            Cli.terminal("store-pw", prompts),
            "store",
            "list")
        .assertOk();
    assertThat(prompts).singleElement().asString().contains("store password");
  }

  @Test
  void aNewStoreAsksForItsPasswordTwice() throws Exception {
    Path bob = pem("Bob", "bob@example.com");
    Map<String, String> noPass = Cli.env("ENVELOPE_HOME", home.toString());
    java.util.Deque<String> answers = new java.util.ArrayDeque<>(List.of("one", "two"));
    List<String> prompts = new ArrayList<>();
    Terminal typing =
        new Terminal() {
          @Override
          public boolean stdoutIsTerminal() {
            return true;
          }

          @Override
          public char[] readPassword(String prompt) {
            prompts.add(prompt);
            String a = answers.poll();
            return a == null ? null : a.toCharArray();
          }
        };
    Cli.Result r =
        Cli.run(
                noPass,
                new ByteArrayInputStream(new byte[0]),
                typing,
                "store",
                "import",
                bob.toString())
            .assertFails(Exit.INPUT);
    assertThat(r.stderr()).contains("differ");
    assertThat(prompts).hasSize(2);
    assertThat(prompts.get(0)).startsWith("Enter a new password for the address book");
    assertThat(home.resolve("addressbook.p12")).doesNotExist();
    answers.addAll(List.of("same", "same"));
    Cli.run(
            noPass,
            new ByteArrayInputStream(new byte[0]),
            typing,
            "store",
            "import",
            bob.toString())
        .assertOk();
    // an existing store asks once
    prompts.clear();
    answers.add("same");
    Cli.run(
            noPass,
            new ByteArrayInputStream(new byte[0]),
            typing,
            "store",
            "list",
            "--store",
            "addressbook")
        .assertOk();
    assertThat(prompts).singleElement().asString().startsWith("Enter the store password");
  }

  @Test
  void storePathIsAPkcs12File() throws Exception {
    Path file = dir.resolve("team.p12");
    run("store", "import", pem("Bob", "bob@example.com").toString(), "--store", file.toString())
        .assertOk();
    assertThat(file).exists();
    assertThat(home.resolve("addressbook.p12")).doesNotExist();
    assertThat(run("store", "list", "--store", file.toString()).assertOk().out())
        .contains("CN=Bob,O=Example");
  }

  @Test
  void usageAndHelp() {
    run("store").assertFails(Exit.USAGE);
    run("store", "frobnicate").assertFails(Exit.USAGE);
    run("store", "find").assertFails(Exit.USAGE);
    for (String c : List.of("import", "list", "find", "export", "remove")) {
      assertThat(run("store", c, "--help").assertOk().out()).as(c).contains("Examples:");
    }
    assertThat(run("store", "--help").assertOk().out()).contains("ENVELOPE_STORE_PASS");
    run("store", "import", dir.resolve("missing.p12").toString()).assertFails(Exit.INPUT);
    run("store", "import", dir.toString()).assertFails(Exit.INPUT);
  }

  @Test
  void neitherCertificateNorPkcs12Is2WithoutAPrompt() throws Exception {
    List<String> prompts = new ArrayList<>();
    Path text = Files.writeString(dir.resolve("notes.txt"), "just text\n");
    Path key = Files.writeString(dir.resolve("k.pem"), Identity.pkcs8Pem(new byte[] {0x30, 0}));
    for (Path f : List.of(text, key)) {
      Cli.run(
              env,
              new ByteArrayInputStream(new byte[0]),
              Cli.terminal("x", prompts),
              "store",
              "import",
              f.toString())
          .assertFails(Exit.INPUT);
    }
    assertThat(prompts).isEmpty();
    assertThat(home.resolve("my.p12")).doesNotExist();
    assertThat(home.resolve("addressbook.p12")).doesNotExist();
  }
}
