package dev.envelope;

import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.OtherRecipientInfo;
import dev.envelope.cms.PasswordRecipientInfo;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.crypto.OaepParams;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.recipient.KekRecipients;
import dev.envelope.recipient.KemRecipients;
import dev.envelope.recipient.KeyAgreeRecipients;
import dev.envelope.recipient.KeyMatcher;
import dev.envelope.recipient.KeyTransRecipients;
import dev.envelope.recipient.PasswordRecipients;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which (recipient entry, key) pairs to try, in order: entries whose identifier names a key (or,
 * for KEK entries, whose key identifier is a KEK's) first, in message order, then every key against
 * the remaining entries of its kind, and every password against every password entry, at most
 * {@code maxTrials} in all (SECURITY.md #9: CVE-2019-1563 made unbounded trial costly), the
 * password attempts together within {@code maxPasswordIterationsPerMessage} PBKDF2 iterations
 * (#23).
 */
final class RecipientSelection {
  private RecipientSelection() {}

  /** Recovers a content key of the given length from one entry with one key. */
  @FunctionalInterface
  interface Unwrap {
    /**
     * @throws dev.envelope.error.DecryptionFailedException for a wrong key (or, for RSA, never: a
     *     substitute key comes back)
     */
    byte[] unwrap(int cekLength) throws EnvelopeException;
  }

  /**
   * One key operation to try.
   *
   * @param index the entry's position in the message
   * @param key the private key used, or null for passwords and KEKs
   * @param matched whether the entry's identifier names this key (else a trial)
   */
  record Attempt(int index, KeyEntry key, Unwrap how, boolean matched) {
    /** The content key: real, a deterministic substitute (RSA), or a decryption failure. */
    byte[] unwrap(int cekLength) throws EnvelopeException {
      return how.unwrap(cekLength);
    }
  }

  static List<Attempt> attempts(List<RecipientInfo> infos, KeySource source, Limits limits)
      throws EnvelopeException {
    List<KeyEntry> keys = source.keys();
    List<char[]> passwords = source.passwords();
    List<KekEntry> keks = source.keks();
    List<KeyMatcher> matchers = new ArrayList<>();
    for (KeyEntry k : keys) {
      matchers.add(new KeyMatcher(k.certificate(), k.privateKey()));
    }
    List<Attempt> matched = new ArrayList<>();
    List<Attempt> trial = new ArrayList<>();
    PasswordRecipients.Budget budget = passwordBudget(limits.maxPasswordIterationsPerMessage());
    boolean anyUsable = false;
    for (int i = 0; i < infos.size(); i++) {
      final int index = i;
      switch (infos.get(i)) {
        case KeyTransRecipientInfo ktri -> {
          for (int k = 0; k < keys.size(); k++) {
            KeyEntry key = keys.get(k);
            if (!isRsa(key)) {
              continue;
            }
            anyUsable = true;
            boolean exact = matchers.get(k).matches(ktri.rid());
            OaepParams scheme;
            try {
              scheme = KeyTransRecipients.scheme(ktri);
            } catch (EnvelopeException e) {
              if (exact) {
                throw e; // our own entry is unusable: say why
              }
              continue; // someone else's entry in a form we cannot read
            }
            (exact ? matched : trial)
                .add(
                    new Attempt(
                        index,
                        key,
                        n -> KeyTransRecipients.unwrap(ktri, scheme, key.privateKey(), n),
                        exact));
          }
        }
        case KeyAgreeRecipientInfo kari -> {
          for (int k = 0; k < keys.size(); k++) {
            KeyEntry key = keys.get(k);
            if (!KeyAgreeRecipients.accepts(kari, key.privateKey())) {
              continue;
            }
            anyUsable = true;
            var reks = kari.recipientEncryptedKeys();
            for (int r = 0; r < reks.size(); r++) {
              final int rek = r;
              boolean exact = matchers.get(k).matches(reks.get(r).rid());
              (exact ? matched : trial)
                  .add(
                      new Attempt(
                          index,
                          key,
                          n -> KeyAgreeRecipients.unwrap(kari, rek, key.privateKey(), n),
                          exact));
            }
          }
        }
        case KemRecipientInfo kemri -> {
          for (int k = 0; k < keys.size(); k++) {
            KeyEntry key = keys.get(k);
            if (!KemRecipients.accepts(kemri, key.privateKey())) {
              continue;
            }
            anyUsable = true;
            boolean exact = matchers.get(k).matches(kemri.rid());
            (exact ? matched : trial)
                .add(
                    new Attempt(
                        index, key, n -> KemRecipients.unwrap(kemri, key.privateKey(), n), exact));
          }
        }
        case KekRecipientInfo kekri -> {
          for (KekEntry kek : keks) {
            anyUsable = true;
            if (Arrays.equals(kek.keyIdentifier(), kekri.keyIdentifier().toByteArray())) {
              matched.add(
                  new Attempt(index, null, n -> KekRecipients.unwrap(kekri, kek.key(), n), true));
            }
          }
        }
        case PasswordRecipientInfo pwri -> {
          for (char[] password : passwords) {
            anyUsable = true;
            trial.add(
                new Attempt(
                    index,
                    null,
                    n ->
                        PasswordRecipients.unwrap(
                            pwri, password, n, limits.maxPasswordIterations(), budget),
                    false));
          }
        }
        case OtherRecipientInfo ori -> {
          // an ori of a type this version does not know opens with no key here
        }
      }
    }
    if (!anyUsable) {
      throw new NoMatchingRecipientException(
          keys.isEmpty() && passwords.isEmpty() && keks.isEmpty()
              ? "no key given to open this message"
              : "none of the keys given can open any recipient entry of this message");
    }
    List<Attempt> all = new ArrayList<>(matched);
    all.addAll(trial);
    int max = limits.maxTrials();
    return all.size() > max ? List.copyOf(all.subList(0, max)) : all;
  }

  /** The PBKDF2 iterations all password attempts on one message may spend together. */
  private static PasswordRecipients.Budget passwordBudget(long max) {
    long[] spent = {0};
    return n -> {
      synchronized (spent) {
        long total = spent[0] + n;
        if (total > max) {
          throw new LimitExceededException(
              "limit exceeded: maxPasswordIterationsPerMessage=" + total + " > " + max);
        }
        spent[0] = total;
      }
    };
  }

  private static boolean isRsa(KeyEntry k) {
    return k.privateKey() instanceof RSAKey
        || "RSA".equalsIgnoreCase(k.privateKey().getAlgorithm());
  }
}
