package dev.envelope;

import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.crypto.OaepParams;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.recipient.KeyMatcher;
import dev.envelope.recipient.KeyTransRecipients;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Which (recipient entry, key) pairs to try, in order: entries whose identifier names a key first,
 * in message order, then every key against the remaining entries of its kind, at most {@code
 * maxTrials} in all (SECURITY.md #9: CVE-2019-1563 made unbounded trial costly).
 */
final class RecipientSelection {
  private RecipientSelection() {}

  /** One private-key operation to try: an entry, the key, the entry's checked scheme. */
  record Attempt(int index, KeyTransRecipientInfo info, OaepParams scheme, KeyEntry key) {
    /** The content key: real, or a deterministic substitute of the same length. */
    byte[] unwrap(int cekLength) {
      return KeyTransRecipients.unwrap(info, scheme, key.privateKey(), cekLength);
    }
  }

  static List<Attempt> attempts(List<RecipientInfo> infos, List<KeyEntry> keys, int maxTrials)
      throws EnvelopeException {
    List<KeyEntry> rsaKeys =
        keys.stream()
            .filter(
                k ->
                    k.privateKey() instanceof RSAKey
                        || "RSA".equalsIgnoreCase(k.privateKey().getAlgorithm()))
            .toList();
    List<KeyMatcher> matchers = new ArrayList<>();
    for (KeyEntry k : rsaKeys) {
      matchers.add(new KeyMatcher(k.certificate(), k.privateKey()));
    }
    List<Attempt> matched = new ArrayList<>();
    List<Attempt> trial = new ArrayList<>();
    boolean anyUsable = false;
    for (int i = 0; i < infos.size(); i++) {
      if (!(infos.get(i) instanceof KeyTransRecipientInfo ktri)) {
        continue; // other kinds open with later versions
      }
      for (int k = 0; k < rsaKeys.size(); k++) {
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
        (exact ? matched : trial).add(new Attempt(i, ktri, scheme, rsaKeys.get(k)));
      }
    }
    if (!anyUsable) {
      throw new NoMatchingRecipientException(
          keys.isEmpty()
              ? "no key given to open this message"
              : "none of the keys given can open any recipient entry of this message");
    }
    List<Attempt> all = new ArrayList<>(matched);
    all.addAll(trial);
    return all.size() > maxTrials ? List.copyOf(all.subList(0, maxTrials)) : all;
  }
}
