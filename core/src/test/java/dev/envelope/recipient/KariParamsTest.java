package dev.envelope.recipient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Limits;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo.RecipientEncryptedKey;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.interop.KeyAgreePki;
import dev.envelope.interop.TestPki.Identity;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md #20 (KA-kari-params), the cases {@code KeyAgreeRecipientsTest} does not already cover
 * (absent wrap parameters, an unknown scheme, a mismatched wrap): a ukm of 1 MiB, {@code
 * recipientEncryptedKeys} empty or with 10,000 entries (bounded time, no NPE), and an originator
 * key reused across messages, which must still open: the reuse ban of RFC 8418 binds the sender,
 * not the receiver.
 */
class KariParamsTest {

  private static final byte[] CONTENT = "key agreement parameters".getBytes(StandardCharsets.UTF_8);

  private static Identity bob;

  @BeforeAll
  static void keys() {
    bob = KeyAgreePki.identity("ec-p256", "bob");
  }

  private static byte[] seal(byte[] content) throws Exception {
    return Envelope.sealer().withRecipient(Recipient.of(bob.certificate())).seal(content);
  }

  private static byte[] withKari(
      byte[] message, java.util.function.UnaryOperator<KeyAgreeRecipientInfo> f) {
    return RecipientSurgery.rewrite(message, KeyAgreeRecipientInfo.class, f);
  }

  private static long millis(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void aMebibyteUkmIsALimit_20() throws Exception {
    byte[] message = seal(CONTENT);
    byte[] spoiled =
        withKari(
            message,
            k ->
                new KeyAgreeRecipientInfo(
                    k.originator(),
                    Bytes.of(new byte[1 << 20]),
                    k.keyEncryptionAlgorithm(),
                    k.recipientEncryptedKeys()));
    Throwable[] t = new Throwable[1];
    long ms = millis(() -> t[0] = catchThrowable(() -> Envelope.decrypt(spoiled, bob.keySource())));
    assertThat(t[0]).isExactlyInstanceOf(LimitExceededException.class).hasMessageContaining("ukm");
    assertThat(ms).isLessThan(1000);
  }

  @Test
  void emptyOrTenThousandRecipientEncryptedKeysStayBounded_20() throws Exception {
    byte[] message = seal(CONTENT);
    KeyAgreeRecipientInfo genuine = RecipientSurgery.only(message, KeyAgreeRecipientInfo.class);
    RecipientEncryptedKey ours = genuine.recipientEncryptedKeys().get(0);

    byte[] empty =
        withKari(
            message,
            k ->
                new KeyAgreeRecipientInfo(
                    k.originator(), k.ukm(), k.keyEncryptionAlgorithm(), List.of()));
    assertThat(catchThrowable(() -> Envelope.decrypt(empty, bob.keySource())))
        .isExactlyInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("recipientEncryptedKeys");

    // 9,999 entries for other keys (random wrapped keys: all entries of one kari share its KEK,
    // so a copy of ours would open by trial), then ours
    List<RecipientEncryptedKey> many = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 9_999; i++) {
      byte[] ski = {(byte) (i >>> 8), (byte) i, 0x5a};
      byte[] wrapped = new byte[ours.encryptedKey().length()];
      random.nextBytes(wrapped);
      many.add(
          new RecipientEncryptedKey(
              new RecipientIdentifier.SubjectKeyId(Bytes.of(ski)), null, Bytes.of(wrapped)));
    }
    many.add(ours);
    byte[] crowded =
        withKari(
            message,
            k ->
                new KeyAgreeRecipientInfo(
                    k.originator(), k.ukm(), k.keyEncryptionAlgorithm(), many));
    Envelope.decrypt(message, bob.keySource()); // warm-up

    // with the certificate the rid names our entry: it opens, in bounded time
    long[] ms = new long[1];
    ms[0] =
        millis(
            () -> {
              try {
                assertThat(Envelope.decrypt(crowded, bob.keySource()).content()).isEqualTo(CONTENT);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    assertThat(ms[0]).as("10,000 entries, matched by rid").isLessThan(2000);
    // with the key alone every entry is a trial: the trial cap stops it long before 10,000
    Throwable[] t = new Throwable[1];
    ms[0] = millis(() -> t[0] = catchThrowable(() -> Envelope.decrypt(crowded, bob.keyOnly())));
    assertThat(t[0]).isExactlyInstanceOf(DecryptionFailedException.class);
    assertThat(ms[0])
        .as("10,000 entries by trial, %d allowed", Limits.DEFAULT.maxTrials())
        .isLessThan(2000);
  }

  /** A SecureRandom that repeats itself: the same ephemeral key for two messages. */
  private static SecureRandom repeating() throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(new byte[] {8, 4, 1, 8});
    return r;
  }

  @Test
  void anOriginatorKeyReusedAcrossMessagesStillOpens_20() throws Exception {
    byte[] first = "the first message".getBytes(StandardCharsets.UTF_8);
    byte[] second = "the second message, another content key".getBytes(StandardCharsets.UTF_8);
    List<byte[]> messages = new ArrayList<>();
    List<KeyAgreeRecipientInfo.Originator> originators = new ArrayList<>();
    for (byte[] content : List.of(first, second)) {
      byte[] m = seal(content);
      KeyAgreeRecipientInfo k = RecipientSurgery.only(m, KeyAgreeRecipientInfo.class);
      byte[] cek = KeyAgreeRecipients.unwrap(k, 0, bob.privateKey(), 32);
      KeyAgreeRecipientInfo reused =
          KeyAgreeRecipients.seal(
              bob.certificate(),
              k.recipientEncryptedKeys().get(0).rid(),
              Algorithm.SHA256,
              Algorithm.AES_256_WRAP,
              cek,
              repeating());
      originators.add(reused.originator());
      messages.add(withKari(m, x -> reused));
    }
    assertThat(originators.get(0)).as("one ephemeral key for both").isEqualTo(originators.get(1));
    for (int round = 0; round < 2; round++) {
      assertThat(Envelope.decrypt(messages.get(0), bob.keySource()).content()).isEqualTo(first);
      assertThat(Envelope.decrypt(messages.get(1), bob.keySource()).content()).isEqualTo(second);
    }
    assertThat(Envelope.decrypt(messages.get(1), KeySource.of(bob.privateKey())).content())
        .isEqualTo(second);
  }
}
