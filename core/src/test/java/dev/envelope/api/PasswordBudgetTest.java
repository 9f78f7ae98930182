package dev.envelope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KeySource;
import dev.envelope.Limits;
import dev.envelope.Recipient;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.LimitExceededException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md #23: besides the per-entry cap, all password entries of one message share one PBKDF2
 * budget ({@code Limits.maxPasswordIterationsPerMessage}), so many entries of allowed cost cannot
 * add up to a long derivation.
 */
class PasswordBudgetTest {
  private static final byte[] CONTENT = "budget".getBytes(StandardCharsets.UTF_8);

  private static byte[] threeEntries() throws Exception {
    return Envelope.sealer()
        .withRecipients(
            List.of(
                new Recipient.Password("one".toCharArray(), KdfHash.SHA256, 1000),
                new Recipient.Password("two".toCharArray(), KdfHash.SHA256, 1000),
                new Recipient.Password("three".toCharArray(), KdfHash.SHA256, 1000)))
        .seal(CONTENT);
  }

  @Test
  void entriesBeyondTheMessageBudgetAreRefusedBeforeDeriving() throws Exception {
    byte[] message = threeEntries();
    KeySource wrong = KeySource.password("wrong".toCharArray());

    assertThatThrownBy(
            () ->
                Envelope.opener()
                    .withLimits(Limits.DEFAULT.withMaxPasswordIterationsPerMessage(2500))
                    .decrypt(message, wrong))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage("limit exceeded: maxPasswordIterationsPerMessage=3000 > 2500");
    // exactly at the budget: all three are tried, and a wrong password is the generic failure
    assertThatThrownBy(
            () ->
                Envelope.opener()
                    .withLimits(Limits.DEFAULT.withMaxPasswordIterationsPerMessage(3000))
                    .decrypt(message, wrong))
        .isExactlyInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void theDefaultBudgetOpensOrdinaryMessages() throws Exception {
    assertThat(Limits.DEFAULT.maxPasswordIterationsPerMessage()).isEqualTo(10_000_000L);
    byte[] message = threeEntries();
    for (String pw : List.of("one", "two", "three")) {
      assertThat(Envelope.decrypt(message, KeySource.password(pw.toCharArray())).content())
          .isEqualTo(CONTENT);
    }
  }
}
