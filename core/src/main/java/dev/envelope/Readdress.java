package dev.envelope;

import dev.envelope.armor.Armor;
import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.BerInput;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.EncryptedContentInfo;
import dev.envelope.cms.EnvelopeReader;
import dev.envelope.cms.EnvelopeWriter;
import dev.envelope.cms.EnvelopedData;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.RecipientChangeException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.io.AtomicOutput;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-addresses existing messages: adds recipients and removes recipient entries without
 * re-encrypting the content. An immutable specification, built with {@code with} methods from
 * {@link Envelope#readdress()}, that can be applied to any number of messages and shared between
 * threads.
 *
 * <pre>{@code
 * Envelope.readdress()
 *     .withAddedRecipient(Recipient.of(carolCert))
 *     .withoutRecipient(bobCert)
 *     .apply(Path.of("report.p7m"), Path.of("report-carol.p7m"), KeySource.of(aliceCert, aliceKey), false);
 * }</pre>
 *
 * <p><b>What it guarantees.</b> The encrypted content, the content-encryption algorithm and its
 * parameters, the originatorInfo and the unprotected, authenticated and unauthenticated attributes
 * (and the mac) are copied byte for byte; only the recipientInfos change, re-encoded in DER (SET OF
 * order), and the version numbers are derived again from them (RFC 5652 6.1). The output has
 * definite lengths (DER, the content as one primitive OCTET STRING) when the input had, else BER
 * with indefinite lengths; it keeps the input's PEM or Base64 armor unless {@link
 * #withOutputFormat} says otherwise.
 *
 * <p>Adding recipients needs a key that opens the message: the content-encryption key is recovered
 * from the entries as {@link Opener} does it (the same selection, trial limit and policy) and is
 * accepted only once it decrypted all of the content and passed its check, the tag for
 * AuthEnvelopedData, the padding for CBC (for RC4, which has neither, a wrong key cannot be told
 * apart), so a modified message or a wrong key fails with {@link
 * dev.envelope.error.DecryptionFailedException} and the new entries never carry a key that does not
 * open it. Removing needs no key and checks nothing about the content.
 *
 * <p>Memory stays constant for any size: the encrypted content is kept aside (in memory up to 1
 * MiB, else in an owner-only temporary file, removed afterwards) while it is checked and while the
 * new header's lengths are computed, then copied to the output. Nothing is written to the output
 * before every check passed. The content-encryption key is zeroed after use.
 */
public final class Readdress {
  static final Readdress DEFAULT =
      new Readdress(
          List.of(),
          List.of(),
          RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER,
          Limits.DEFAULT,
          DecryptPolicy.DEFAULT,
          null);

  private static final int CHUNK = 64 * 1024;

  private final List<Recipient> added;
  private final List<RecipientRemovals.Removal> removals;
  private final RecipientIdentifierType identifierType;
  private final Limits limits;
  private final DecryptPolicy policy;
  private final OutputFormat format; // null: as the input

  private Readdress(
      List<Recipient> added,
      List<RecipientRemovals.Removal> removals,
      RecipientIdentifierType identifierType,
      Limits limits,
      DecryptPolicy policy,
      OutputFormat format) {
    this.added = List.copyOf(added);
    this.removals = List.copyOf(removals);
    this.identifierType = identifierType;
    this.limits = limits;
    this.policy = policy;
    this.format = format;
  }

  /** Adds a recipient: a new entry wrapping the message's existing content-encryption key. */
  public Readdress withAddedRecipient(Recipient recipient) {
    List<Recipient> all = new ArrayList<>(added);
    all.add(Objects.requireNonNull(recipient, "recipient"));
    return new Readdress(all, removals, identifierType, limits, policy, format);
  }

  /** Adds recipients. */
  public Readdress withAddedRecipients(List<? extends Recipient> recipients) {
    Readdress r = this;
    for (Recipient x : recipients) {
      r = r.withAddedRecipient(x);
    }
    return r;
  }

  /**
   * Removes the entries for a certificate: those whose identifier names it (issuer and serial
   * number, or subjectKeyIdentifier). Applying fails when the message has none.
   */
  public Readdress withoutRecipient(X509Certificate certificate) {
    return without(new RecipientRemovals.ByCertificate(certificate));
  }

  /**
   * Removes the entry at {@code index}, counted from 0 in message order, as {@link
   * MessageInfo#recipients()} (and {@code envelope inspect}) number them. Applying fails when the
   * message has no such entry.
   */
  public Readdress withoutRecipientAt(int index) {
    return without(new RecipientRemovals.At(index));
  }

  /** Removes the KEK entries with this key identifier; applying fails when there is none. */
  public Readdress withoutKek(byte[] keyIdentifier) {
    return without(new RecipientRemovals.ByKekId(Bytes.of(keyIdentifier.clone())));
  }

  private Readdress without(RecipientRemovals.Removal removal) {
    List<RecipientRemovals.Removal> all = new ArrayList<>(removals);
    all.add(removal);
    return new Readdress(added, all, identifierType, limits, policy, format);
  }

  /** How the added entries name their certificates (default issuerAndSerialNumber). */
  public Readdress withRecipientIdentifier(RecipientIdentifierType type) {
    return new Readdress(added, removals, Objects.requireNonNull(type), limits, policy, format);
  }

  /** The limits for reading the message and trying keys (default {@link Limits#DEFAULT}). */
  public Readdress withLimits(Limits limits) {
    return new Readdress(
        added, removals, identifierType, Objects.requireNonNull(limits), policy, format);
  }

  /** The ciphers a message to be opened for adding recipients may use. */
  public Readdress withPolicy(DecryptPolicy policy) {
    return new Readdress(
        added, removals, identifierType, limits, Objects.requireNonNull(policy), format);
  }

  /** The output's encoding; by default the input's (DER/BER, PEM or Base64). */
  public Readdress withOutputFormat(OutputFormat format) {
    return new Readdress(
        added, removals, identifierType, limits, policy, Objects.requireNonNull(format));
  }

  /**
   * What changed.
   *
   * @param removed recipient entries removed (in a key agreement entry for several recipients, each
   *     recipient counts)
   * @param added entries added
   * @param recipients entries in the new message
   */
  public record Result(int removed, int added, int recipients) {}

  /**
   * Reads a message from {@code in} (DER, BER, PEM or Base64) and writes it re-addressed to {@code
   * out}, which receives nothing unless every check passed. Neither stream is closed.
   *
   * @param keys the keys that may open the message; needed only when recipients are added (may be
   *     null otherwise)
   * @throws IllegalStateException when nothing is added or removed
   * @throws RecipientChangeException a removal matches no entry, or the message would be left with
   *     no recipient
   * @throws dev.envelope.error.MalformedMessageException the input is not a well-formed message
   * @throws UnsupportedAlgorithmException its content is detached, or (when adding) it uses an
   *     algorithm not supported
   * @throws LimitExceededException it exceeds a limit, or would have more entries than {@link
   *     Limits#maxRecipients()}
   * @throws dev.envelope.error.PolicyViolationException (adding) the policy refuses its cipher
   * @throws dev.envelope.error.NoMatchingRecipientException (adding) none of the keys can open an
   *     entry
   * @throws dev.envelope.error.DecryptionFailedException (adding) no key opened it, or it was
   *     modified
   * @throws GeneralSecurityException (adding) a new recipient's key cannot be used
   * @throws IOException when reading, the temporary file or writing fails
   */
  public Result apply(InputStream in, OutputStream out, KeySource keys)
      throws GeneralSecurityException, IOException {
    if (added.isEmpty() && removals.isEmpty()) {
      throw new IllegalStateException(
          "nothing to change: add a recipient or remove one before apply");
    }
    if (!added.isEmpty()) {
      Objects.requireNonNull(keys, "adding recipients needs keys that open the message");
    }
    Armor.Decoding decoding = Armor.decodingWithForm(in);
    EnvelopeReader reader;
    try {
      reader = EnvelopeReader.open(decoding.stream(), limits.cms());
    } catch (Asn1Exception e) {
      throw DecryptingInputStream.formatError(e);
    } catch (BerInput.MalformedInputException e) {
      throw DecryptingInputStream.formatError(e.asn1());
    }
    EnvelopeReader.Header h = reader.header();
    if (!h.contentPresent()) {
      throw new UnsupportedAlgorithmException(
          "the message's encrypted content is detached (not in the message): it cannot be"
              + " re-addressed");
    }
    List<RecipientInfo> infos = RecipientRemovals.apply(h.recipientInfos(), removals);
    int removed = countRecipients(h.recipientInfos()) - countRecipients(infos);
    if (infos.isEmpty() && added.isEmpty()) {
      throw new RecipientChangeException(
          "refusing to remove every recipient entry ("
              + h.recipientInfos().size()
              + "): nobody could open the message",
          -1);
    }
    if (infos.size() + added.size() > limits.maxRecipients()) {
      throw new LimitExceededException(
          "limit exceeded: maxRecipients=" + limits.maxRecipients() + " in the new message");
    }
    ContentSpec spec = null;
    List<RecipientSelection.Attempt> attempts = null;
    if (!added.isEmpty()) {
      spec = ContentSpec.parse(h.contentEncryptionAlgorithm(), h.authEnveloped());
      DecryptingInputStream.requireAllowed(spec, policy);
      attempts = RecipientSelection.attempts(h.recipientInfos(), keys, limits);
    }
    DecryptingInputStream.Counting counted =
        new DecryptingInputStream.Counting(reader.encryptedContent());
    Spool spool;
    try {
      spool = Spool.of(counted, false);
    } catch (BerInput.MalformedInputException e) {
      throw DecryptingInputStream.formatError(e.asn1());
    }
    try {
      EnvelopeReader.Trailer t;
      try {
        t = reader.finish();
      } catch (Asn1Exception e) {
        throw DecryptingInputStream.formatError(e);
      } catch (BerInput.MalformedInputException e) {
        throw DecryptingInputStream.formatError(e.asn1());
      }
      long length = counted.count();
      List<RecipientInfo> all = new ArrayList<>(infos);
      if (!added.isEmpty()) {
        all.addAll(newEntries(spec, attempts, spool, length, t));
      }
      write(out, decoding.form(), message(h, t, all), reader.verbatim(), spool, length);
      return new Result(removed, added.size(), all.size());
    } finally {
      spool.close();
    }
  }

  /**
   * Reads the file {@code in} and writes it re-addressed into the file {@code out}, which appears
   * only once everything was checked and written (a temporary file beside it is renamed into place;
   * see {@link AtomicOutput}).
   *
   * @param overwrite whether an existing {@code out} may be replaced
   * @throws EnvelopeException as {@link #apply(InputStream, OutputStream, KeySource)}; {@code out}
   *     is untouched
   * @throws java.nio.file.FileAlreadyExistsException when {@code out} exists and may not be
   *     replaced
   * @throws IOException when {@code out} is {@code in}, a directory, or cannot be written
   */
  public Result apply(Path in, Path out, KeySource keys, boolean overwrite)
      throws GeneralSecurityException, IOException {
    if (Files.exists(out) && Files.isSameFile(in, out)) {
      throw new IOException("refusing to write the output over the input " + in);
    }
    try (InputStream raw = Files.newInputStream(in);
        AtomicOutput target = AtomicOutput.create(out, overwrite)) {
      Result r = apply(raw, target.stream(), keys);
      target.commit();
      return r;
    }
  }

  /** The new entries, for the content key that verifiably opens the message. */
  private List<RecipientInfo> newEntries(
      ContentSpec spec,
      List<RecipientSelection.Attempt> attempts,
      Spool spool,
      long length,
      EnvelopeReader.Trailer t)
      throws GeneralSecurityException, IOException {
    DecryptingInputStream.requireCcmLength(spec, length);
    byte[] aad = t.authAttrsDer() == null ? new byte[0] : t.authAttrsDer();
    byte[] tag = t.mac() == null ? null : t.mac().toByteArray();
    try (CandidateCheck.Verified v =
        CandidateCheck.firstThatOpens(attempts, spec, spec.keyBytes(), spool, length, aad, tag)) {
      SecureRandom random = new SecureRandom();
      List<RecipientInfo> out = new ArrayList<>(added.size());
      for (Recipient r : added) {
        out.add(RecipientEntries.of(r, v.cek(), identifierType, random));
      }
      return out;
    }
  }

  private static CmsMessage message(
      EnvelopeReader.Header h, EnvelopeReader.Trailer t, List<RecipientInfo> infos) {
    EncryptedContentInfo eci =
        new EncryptedContentInfo(h.contentType(), h.contentEncryptionAlgorithm(), null);
    return h.authEnveloped()
        ? new AuthEnvelopedData(
            h.originatorInfo(), infos, eci, t.authAttrs(), t.mac(), t.unauthAttrs())
        : new EnvelopedData(h.originatorInfo(), infos, eci, t.unprotectedAttrs());
  }

  private void write(
      OutputStream out,
      Armor.Form form,
      CmsMessage message,
      EnvelopeReader.Verbatim verbatim,
      Spool spool,
      long length)
      throws IOException {
    OutputFormat fmt = format != null ? format : formatOf(form);
    try (OutputStream armored = fmt.wrap(new KeepOpen(out));
        InputStream content = spool.open()) {
      EnvelopeWriter w =
          EnvelopeWriter.readdressed(armored, message, verbatim, verbatim.definite() ? length : -1);
      byte[] buf = new byte[CHUNK];
      for (int n; (n = content.read(buf)) > 0; ) {
        w.writeContent(buf, 0, n);
      }
      w.finish(null);
    }
  }

  private static OutputFormat formatOf(Armor.Form form) {
    return switch (form) {
      case BINARY -> OutputFormat.DER;
      case PEM -> OutputFormat.PEM;
      case BASE64 -> OutputFormat.BASE64;
    };
  }

  /** Entries counted as recipients: each recipient of a key agreement entry counts. */
  private static int countRecipients(List<RecipientInfo> infos) {
    int n = 0;
    for (RecipientInfo ri : infos) {
      n +=
          ri instanceof dev.envelope.cms.KeyAgreeRecipientInfo kari
              ? kari.recipientEncryptedKeys().size()
              : 1;
    }
    return n;
  }

  /** The caller's stream stays open when the armor is finished. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
