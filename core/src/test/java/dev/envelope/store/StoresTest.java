package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Recipient;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.store.StoreFixtures.Identity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
  private static Identity me;
  private static Identity meToo;
  private static Identity alice;
  private static Identity aliceWork;

  @TempDir Path home;

  @BeforeAll
  static void identities() throws Exception {
    me = StoreFixtures.identity("rsa2048", "CN=Me", "me@example.com");
    meToo = StoreFixtures.identity("rsa2048", "CN=Me Too", "me2@example.com");
    alice = StoreFixtures.identity("rsa2048", "CN=Alice A", "alice@example.com");
    aliceWork = StoreFixtures.identity("ec-p256", "CN=Alice B", "alice@work.example");
  }

  private Stores open() throws Exception {
    return Stores.open(home, StoreFixtures.storePassword());
  }

  @Test
  void keySourceOpensAMessageSealedForAKeyInMy() throws Exception {
    try (Stores stores = open()) {
      stores.my().add(meToo.cert(), meToo.key(), List.of());
      stores.my().add(me.cert(), me.key(), List.of());
      stores.addressBook().add(alice.cert());
    }
    byte[] message =
        Envelope.sealer()
            .withRecipient(Recipient.of(me.cert()))
            .seal("for me".getBytes(StandardCharsets.UTF_8));

    try (Stores stores = open()) {
      KeySource keys = stores.keySource();
      assertThat(keys.keys()).hasSize(2);
      assertThat(stores.keySource()).isSameAs(keys);

      Decrypted d = Envelope.decrypt(message, keys);

      assertThat(new String(d.content(), StandardCharsets.UTF_8)).isEqualTo("for me");
      assertThat(d.certificate()).isEqualTo(me.cert());
    }
  }

  @Test
  void keySourceOfAnEmptyStoreFindsNothing() throws Exception {
    byte[] message = Envelope.sealer().withRecipient(Recipient.of(alice.cert())).seal(new byte[1]);
    try (Stores stores = open()) {
      assertThat(stores.keySource().keys()).isEmpty();
      assertThatThrownBy(() -> Envelope.decrypt(message, stores.keySource()))
          .isInstanceOf(NoMatchingRecipientException.class);
    }
    assertThat(home.resolve("my.p12")).doesNotExist();
  }

  @Test
  void resolveRecipientSearchesTheAddressBookThenMy() throws Exception {
    try (Stores stores = open()) {
      stores.my().add(me.cert(), me.key(), List.of());
      stores.addressBook().add(alice.cert());
      stores.addressBook().add(aliceWork.cert());
      stores.addressBook().add(me.cert()); // in both: counts once

      assertThat(stores.resolveRecipient("alice@example.com", false)).containsExactly(alice.cert());
      assertThat(stores.resolveRecipient("me@example.com", false)).containsExactly(me.cert());
      assertThat(stores.resolveRecipient(CertificateFacts.sha1(me.cert()), false))
          .containsExactly(me.cert());
      assertThat(stores.resolveRecipient("alice", true))
          .containsExactly(alice.cert(), aliceWork.cert());

      assertThatThrownBy(() -> stores.resolveRecipient("alice", false))
          .isInstanceOf(KeySourceException.class)
          .hasMessage(
              "query \"alice\" matches 2 certificates: CN=Alice A (sha1 "
                  + CertificateFacts.sha1(alice.cert())
                  + "), CN=Alice B (sha1 "
                  + CertificateFacts.sha1(aliceWork.cert())
                  + "); use a thumbprint or --all");
      assertThatThrownBy(() -> stores.resolveRecipient("carol", false))
          .isInstanceOf(KeySourceException.class)
          .hasMessage("no certificate matches \"carol\" in the address book or the personal store");
    }
  }

  @Test
  void wrongPasswordForEitherFileFailsTheOpen() throws Exception {
    try (Stores stores = open()) {
      stores.addressBook().add(alice.cert());
    }
    byte[] before = Files.readAllBytes(home.resolve("addressbook.p12"));
    assertThatThrownBy(() -> Stores.open(home, "wrong".toCharArray()))
        .isInstanceOf(KeySourceException.class)
        .hasMessage("wrong password for store " + home.resolve("addressbook.p12"));
    assertThat(Files.readAllBytes(home.resolve("addressbook.p12"))).isEqualTo(before);
  }

  @Test
  void passwordIsCopiedAndZeroedOnClose() throws Exception {
    char[] password = StoreFixtures.storePassword();
    Stores stores = Stores.open(home, password);
    java.util.Arrays.fill(password, 'x');
    stores.my().add(me.cert(), me.key(), List.of()); // still works with its own copy
    stores.close();
    assertThatThrownBy(() -> stores.my().entries()).isInstanceOf(IllegalStateException.class);
    try (Stores again = open()) {
      assertThat(again.my().entries()).hasSize(1);
    }
  }

  @Test
  void homeAndPasswordFromTheEnvironment() {
    assertThat(EnvelopeHome.directory(Map.of("ENVELOPE_HOME", "/tmp/eh"), "/home/u"))
        .isEqualTo(Path.of("/tmp/eh"));
    assertThat(EnvelopeHome.directory(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.envelope"));
    assertThat(EnvelopeHome.directory(Map.of("ENVELOPE_HOME", " "), "/home/u"))
        .isEqualTo(Path.of("/home/u/.envelope"));
    assertThat(EnvelopeHome.myStore(Path.of("/h"))).isEqualTo(Path.of("/h/my.p12"));
    assertThat(EnvelopeHome.addressBook(Path.of("/h"))).isEqualTo(Path.of("/h/addressbook.p12"));

    assertThat(Stores.passwordFromEnvironment(Map.of("ENVELOPE_STORE_PASS", "s3cret")))
        .hasValueSatisfying(p -> assertThat(new String(p)).isEqualTo("s3cret"));
    assertThat(Stores.passwordFromEnvironment(Map.of())).isEmpty();
  }

  @Test
  void resolvedCertificatesAreTheStoredOnes() throws Exception {
    try (Stores stores = open()) {
      stores.addressBook().add(alice.cert());
    }
    try (Stores stores = open()) {
      List<X509Certificate> to =
          stores.resolveRecipient(alice.cert().getSubjectX500Principal().getName(), false);
      assertThat(to).containsExactly(alice.cert());
    }
  }
}
