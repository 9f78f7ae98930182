package dev.envelope;

import dev.envelope.armor.Armor;
import dev.envelope.asn1.Asn1Exception;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.EncryptedContentInfo;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.crypto.ContentEncryption;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.OaepParams;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.NoMatchingRecipientException;
import dev.envelope.error.PolicyViolationException;
import dev.envelope.recipient.KeyMatcher;
import dev.envelope.recipient.KeyTransRecipients;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Opens messages: an immutable configuration (limits, policy) shared freely between threads.
 *
 * <p>Input may be DER, BER, PEM or Base64, detected. Recipient entries whose identifier names one
 * of the given keys are tried first, in message order; then each key is tried against the
 * remaining entries of its kind, up to {@link Limits#maxTrials()} private-key operations in all.
 * Every secret-dependent failure (wrong key, bad RSA padding, wrong key length, bad CBC padding,
 * bad tag) ends in the one {@link DecryptionFailedException}.
 */
public final class Opener {
  static final Opener DEFAULT = new Opener(Limits.DEFAULT, DecryptPolicy.DEFAULT);

  private final Limits limits;
  private final DecryptPolicy policy;

  private Opener(Limits limits, DecryptPolicy policy) {
    this.limits = limits;
    this.policy = policy;
  }

  public Opener withLimits(Limits limits) {
    return new Opener(Objects.requireNonNull(limits), policy);
  }

  public Opener withPolicy(DecryptPolicy policy) {
    return new Opener(limits, Objects.requireNonNull(policy));
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Decrypts a whole message held in memory.
   *
   * @throws MalformedMessageException the input is not a well-formed enveloped message
   * @throws dev.envelope.error.UnsupportedAlgorithmException it uses an algorithm not supported
   * @throws LimitExceededException it exceeds a limit
   * @throws PolicyViolationException the policy refuses its cipher
   * @throws NoMatchingRecipientException none of the keys is of a kind its entries can use
   * @throws DecryptionFailedException no key opened it, or it was modified
   * @throws dev.envelope.error.KeySourceException the key source could not be read
   */
  public Decrypted decrypt(byte[] message, KeySource keys) throws EnvelopeException {
    CmsMessage m = decode(message, limits);
    EncryptedContentInfo eci = m.encryptedContentInfo();
    ContentSpec spec =
        ContentSpec.parse(eci.contentEncryptionAlgorithm(), m instanceof AuthEnvelopedData);
    if (spec.algorithm().isLegacy() && !policy.allowLegacyCiphers()) {
      throw new PolicyViolationException(
          "the policy refuses the legacy cipher " + spec.algorithm().cliName());
    }
    List<Attempt> attempts = attempts(m.recipientInfos(), keys.keys());
    // Absent content is "supplied by other means" (RFC 5652 6.1); without it there is nothing to
    // decrypt, and decrypting nothing cannot tell a right key from a wrong one: it fails.
    byte[] ciphertext =
        eci.encryptedContent() == null ? new byte[0] : eci.encryptedContent().toByteArray();
    byte[] tag = null;
    byte[] aad = new byte[0];
    if (m instanceof AuthEnvelopedData aed) {
      tag = aed.mac().toByteArray();
      aad = CmsCodec.authAttrsAad(aed.authAttrs());
    }
    int cekLength = spec.algorithm().keyBytes();
    for (Attempt a : attempts) {
      byte[] cek = KeyTransRecipients.unwrap(a.info, a.scheme, a.key.privateKey(), cekLength);
      try {
        byte[] content = ContentEncryption.open(spec, cek, ciphertext, tag, aad);
        return new Decrypted(
            content,
            eci.contentType().toString(),
            a.index,
            a.key,
            ContentCipher.of(spec.algorithm()));
      } catch (DecryptionFailedException e) {
        // try the next candidate: the outcome is the same whatever made this one fail
      } finally {
        Arrays.fill(cek, (byte) 0);
      }
    }
    throw new DecryptionFailedException();
  }

  /** Unarmors and decodes, mapping codec errors to the public family. */
  static CmsMessage decode(byte[] message, Limits limits) throws EnvelopeException {
    if (message.length > limits.maxInMemory()) {
      throw new LimitExceededException(
          "limit exceeded: maxInMemory=" + message.length + " > " + limits.maxInMemory());
    }
    byte[] binary =
        Armor.unarmor(message)
            .orElseThrow(
                () ->
                    new MalformedMessageException(
                        "not a CMS message: expected DER, BER, PEM (CMS or PKCS7) or Base64"))
            .binary();
    try {
      return CmsCodec.decode(binary, limits.cms());
    } catch (Asn1Exception e) {
      if (e.limitExceeded()) {
        throw new LimitExceededException(e.getMessage(), e);
      }
      throw new MalformedMessageException(e.getMessage(), e);
    }
  }

  /** One private-key operation to try: an entry, the key, the entry's checked scheme. */
  private record Attempt(int index, KeyTransRecipientInfo info, OaepParams scheme, KeyEntry key) {}

  private List<Attempt> attempts(List<RecipientInfo> infos, List<KeyEntry> keys)
      throws EnvelopeException {
    List<KeyEntry> rsaKeys = keys.stream().filter(k -> k.privateKey() instanceof RSAKey
        || "RSA".equalsIgnoreCase(k.privateKey().getAlgorithm())).toList();
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
    return all.size() > limits.maxTrials() ? all.subList(0, limits.maxTrials()) : all;
  }
}
