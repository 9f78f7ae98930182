package dev.envelope;

import dev.envelope.armor.Armor;
import dev.envelope.asn1.Asn1Exception;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsMessage;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.EnvelopeIOException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.io.AtomicOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens messages: an immutable configuration (limits, policy) shared freely between threads.
 *
 * <p>Input may be DER, BER, PEM or Base64, detected. Recipient entries whose identifier names one
 * of the given keys are tried first, in message order; then each key is tried against the remaining
 * entries of its kind, up to {@link Limits#maxTrials()} private-key operations in all. Every
 * secret-dependent failure (wrong key, bad RSA padding, wrong key length, bad CBC padding, bad tag)
 * ends in the one {@link dev.envelope.error.DecryptionFailedException}.
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
   * @throws dev.envelope.error.PolicyViolationException the policy refuses its cipher
   * @throws dev.envelope.error.NoMatchingRecipientException none of the keys is of a kind its
   *     entries can use
   * @throws dev.envelope.error.DecryptionFailedException no key opened it, or it was modified
   * @throws dev.envelope.error.KeySourceException the key source could not be read
   */
  public Decrypted decrypt(byte[] message, KeySource keys) throws EnvelopeException {
    Limits.requireInMemory(message.length, limits.maxInMemory());
    try (DecryptingInputStream s =
        DecryptingInputStream.open(
            new ByteArrayInputStream(message), keys, limits, policy, true, false)) {
      // readAllBytes returns only once the end was reached and verified
      byte[] content = s.readAllBytes();
      return new Decrypted(content, s.contentType(), s.recipientIndex(), s.key(), s.cipher());
    } catch (EnvelopeIOException e) {
      throw e.envelopeException();
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory", e);
    }
  }

  /**
   * Opens a message of any size as a stream of its plaintext, in constant memory. Read the warning
   * on {@link DecryptingInputStream}: its bytes are verified only once it reached the end. Closing
   * it closes {@code in}.
   *
   * @throws EnvelopeException as {@link #decrypt}, for what can be known before the content
   * @throws IOException when {@code in} cannot be read
   */
  public DecryptingInputStream openDecrypting(InputStream in, KeySource keys)
      throws EnvelopeException, IOException {
    return DecryptingInputStream.open(in, keys, limits, policy, false, false);
  }

  /**
   * Decrypts {@code in} to {@code out}, writing nothing until the whole message decrypted and, for
   * AuthEnvelopedData, authenticated: the encrypted content is first kept in a temporary file
   * (never the plaintext) and checked in full, then decrypted again onto {@code out}. Constant
   * memory, two passes. Neither stream is closed.
   *
   * @throws EnvelopeException as {@link #decrypt(byte[], KeySource)}; nothing was written
   * @throws IOException when reading, the temporary file or writing fails
   */
  public Opened decrypt(InputStream in, OutputStream out, KeySource keys)
      throws EnvelopeException, IOException {
    DecryptingInputStream s =
        DecryptingInputStream.open(new NonClosing(in), keys, limits, policy, false, true);
    try (s) {
      long n = s.transferTo(out);
      return Opened.of(s, n);
    } catch (EnvelopeIOException e) {
      throw e.envelopeException();
    }
  }

  /**
   * Decrypts the file {@code in} into the file {@code out}, which appears only once the whole
   * message decrypted and authenticated (a temporary file beside it is renamed into place; see
   * {@link AtomicOutput}). Constant memory, one pass.
   *
   * @param overwrite whether an existing {@code out} may be replaced
   * @throws EnvelopeException as {@link #decrypt(byte[], KeySource)}; {@code out} is untouched
   * @throws java.nio.file.FileAlreadyExistsException when {@code out} exists and may not be
   *     replaced
   * @throws IOException when {@code out} is {@code in}, a directory, or cannot be written
   */
  public Opened decrypt(Path in, Path out, KeySource keys, boolean overwrite)
      throws EnvelopeException, IOException {
    if (Files.exists(out) && Files.isSameFile(in, out)) {
      throw new IOException("refusing to write the output over the input " + in);
    }
    try (InputStream raw = Files.newInputStream(in);
        DecryptingInputStream s =
            DecryptingInputStream.open(raw, keys, limits, policy, false, false);
        AtomicOutput target = AtomicOutput.create(out, overwrite)) {
      long n = s.transferTo(target.stream());
      target.commit();
      return Opened.of(s, n);
    } catch (EnvelopeIOException e) {
      throw e.envelopeException();
    }
  }

  /** Keeps a caller's stream open when ours is closed. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }

  /** Unarmors and decodes, mapping codec errors to the public family. */
  static CmsMessage decode(byte[] message, Limits limits) throws EnvelopeException {
    Limits.requireInMemory(message.length, limits.maxInMemory());
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
      throw DecryptingInputStream.formatError(e);
    }
  }
}
