package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.ContentCipher;
import dev.envelope.Decrypted;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KekEntry;
import dev.envelope.KeyEntry;
import dev.envelope.KeySource;
import dev.envelope.Opened;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.crypto.MessageSurgery;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.interop.TestPki;
import dev.envelope.interop.TestPki.Identity;
import dev.envelope.recipient.RecipientSurgery;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md #16 (OR-no-secret-leak): the secret-dependent failures (a wrong RSA key, bad PKCS #1
 * padding, a wrong KEK, a spoiled wrapped key, a wrong password, a bad tag) are the one {@link
 * DecryptionFailedException} with no cause and nothing suppressed (no JCA exception shows through),
 * and nothing printed about them (message, toString, stack trace) nor the toString of the results
 * and key holders ({@link Decrypted}, {@link Opened}, {@link KeyEntry}, {@link KekEntry}, the
 * recipient specs) contains the content key, the KEK, the password or the plaintext, in hex (either
 * case) or Base64.
 */
class NoSecretLeakTest {

  private static final byte[] CONTENT =
      "plaintext that must never appear in an error".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEK_ID = {0x16, 0x16};
  private static final byte[] KEK = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
  private static final char[] PASSWORD = "correct horse battery staple 16".toCharArray();

  private static Identity alice;
  private static Identity mallory;

  @BeforeAll
  static void keys() {
    alice = TestPki.rsa(2048, "alice");
    mallory = TestPki.rsa(2048, "mallory");
  }

  /** The secrets, each as every text form a leak could take. */
  private static List<String> forms(byte[] secret) {
    String hex = HexFormat.of().formatHex(secret);
    return List.of(hex, hex.toUpperCase(), Base64.getEncoder().encodeToString(secret));
  }

  private static String everythingPrinted(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w)); // message, causes and suppressed included
    return w + "\n" + t;
  }

  private static void assertNoSecret(String what, String text, List<byte[]> secrets) {
    for (byte[] s : secrets) {
      for (String form : forms(s)) {
        assertThat(text).as(what).doesNotContain(form);
      }
    }
    assertThat(text).as(what).doesNotContain(new String(PASSWORD));
    assertThat(text).as(what).doesNotContain(new String(CONTENT, StandardCharsets.UTF_8));
  }

  @Test
  void failuresAndToStringsLeakNothing_16() throws Exception {
    byte[] message =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_GCM)
            .withRecipient(Recipient.of(alice.certificate()))
            .withRecipient(Recipient.kek(KEK_ID, KEK))
            .withRecipient(new Recipient.Password(PASSWORD, KdfHash.SHA256, 1000))
            .seal(CONTENT);
    KekRecipientInfo kekri = RecipientSurgery.only(message, KekRecipientInfo.class);
    Cipher unwrap = Cipher.getInstance("AESWrap");
    unwrap.init(Cipher.UNWRAP_MODE, new SecretKeySpec(KEK, "AES"));
    byte[] cek =
        unwrap.unwrap(kekri.encryptedKey().toByteArray(), "AES", Cipher.SECRET_KEY).getEncoded();
    assertThat(cek).hasSize(32);
    List<byte[]> secrets = List.of(cek, KEK, new String(PASSWORD).getBytes(StandardCharsets.UTF_8));

    byte[] badTag = ((AuthEnvelopedData) MessageSurgery.decode(message)).mac().toByteArray();
    badTag[0] ^= 1;
    byte[] spoiledKek = kekri.encryptedKey().toByteArray();
    spoiledKek[3] ^= 1;
    Map<String, Throwable> failures = new LinkedHashMap<>();
    failures.put(
        "wrong RSA key",
        catchThrowable(
            () ->
                Envelope.decrypt(
                    message, KeySource.of(alice.certificate(), mallory.privateKey()))));
    failures.put(
        "bad PKCS #1 / OAEP block",
        catchThrowable(
            () ->
                Envelope.decrypt(
                    MessageSurgery.withEncryptedKey(message, new byte[256]), alice.keySource())));
    byte[] wrongKek = KEK.clone();
    wrongKek[0] ^= 1;
    failures.put(
        "wrong KEK",
        catchThrowable(() -> Envelope.decrypt(message, KeySource.kek(KEK_ID, wrongKek))));
    failures.put(
        "spoiled wrapped key",
        catchThrowable(
            () ->
                Envelope.decrypt(
                    RecipientSurgery.rewrite(
                        message,
                        KekRecipientInfo.class,
                        k ->
                            new KekRecipientInfo(
                                k.keyIdentifier(),
                                k.kekIdExtras(),
                                k.keyEncryptionAlgorithm(),
                                Bytes.of(spoiledKek))),
                    KeySource.kek(KEK_ID, KEK))));
    failures.put(
        "wrong password",
        catchThrowable(() -> Envelope.decrypt(message, KeySource.password("wrong".toCharArray()))));
    failures.put(
        "bad tag, right key",
        catchThrowable(
            () ->
                Envelope.decrypt(
                    MessageSurgery.withMac(message, badTag), KeySource.kek(KEK_ID, KEK))));
    failures.put(
        "bad tag, streamed",
        catchThrowable(
            () ->
                Envelope.opener()
                    .decrypt(
                        new ByteArrayInputStream(MessageSurgery.withMac(message, badTag)),
                        new ByteArrayOutputStream(),
                        KeySource.kek(KEK_ID, KEK))));

    List<String> kinds = new ArrayList<>();
    failures.forEach(
        (what, t) -> {
          assertThat(t).as(what).isExactlyInstanceOf(DecryptionFailedException.class);
          assertThat(t).as(what).hasMessage(DecryptionFailedException.MESSAGE).hasNoCause();
          assertThat(t.getSuppressed()).as(what).isEmpty();
          assertNoSecret(what, everythingPrinted(t), secrets);
          kinds.add(t.getClass().getName() + ": " + t.getMessage());
        });
    assertThat(kinds.stream().distinct()).as("one failure for all").hasSize(1);

    // the results and key holders
    Decrypted d = Envelope.decrypt(message, KeySource.kek(KEK_ID, KEK));
    assertThat(d.content()).isEqualTo(CONTENT);
    Opened o =
        Envelope.opener()
            .decrypt(
                new ByteArrayInputStream(message), new ByteArrayOutputStream(), alice.keySource());
    Map<String, Object> printed = new LinkedHashMap<>();
    printed.put("Decrypted", d);
    printed.put("Opened", o);
    printed.put("KeyEntry", new KeyEntry(alice.certificate(), alice.privateKey()));
    printed.put("KekEntry", new KekEntry(KEK_ID, KEK));
    printed.put("Recipient.kek", Recipient.kek(KEK_ID, KEK));
    printed.put("Recipient.Password", new Recipient.Password(PASSWORD, KdfHash.SHA256, 1000));
    printed.put("KeySource.kek", KeySource.kek(KEK_ID, KEK));
    printed.put("KeySource.password", KeySource.password(PASSWORD));
    byte[] privateKey = alice.privateKey().getEncoded();
    List<byte[]> withKey = new ArrayList<>(secrets);
    withKey.add(privateKey);
    printed.forEach((what, x) -> assertNoSecret(what + ".toString()", String.valueOf(x), withKey));
  }
}
