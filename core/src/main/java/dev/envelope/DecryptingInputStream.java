package dev.envelope;

import dev.envelope.armor.Armor;
import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.BerInput;
import dev.envelope.cms.EnvelopeReader;
import dev.envelope.crypto.Ccm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.ContentStreams;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.EnvelopeIOException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.PolicyViolationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The plaintext of a message as it is read, in constant memory.
 *
 * <p><b>Plaintext is released before it is verified.</b> The tag of AuthEnvelopedData (and the
 * padding of CBC) can only be checked at the end: a modified message makes the read that reaches
 * the end throw an {@link EnvelopeIOException} wrapping {@link DecryptionFailedException}, after
 * earlier reads returned bytes. Treat nothing as genuine until a read returned -1. Closing before
 * the end throws, so that an early stop is never mistaken for success. {@link Opener#decrypt} and
 * the command-line tool release nothing unverified.
 *
 * <p>When more than one key or recipient entry must be tried, the encrypted content is first kept
 * aside (in a temporary file, or in memory for the byte[] API) and every candidate is checked
 * against all of it before any plaintext comes out.
 *
 * <p>Past its first MiB the content is read ahead from the source on a daemon thread, which also
 * takes part of AES-GCM's work (see {@code ReadAhead}): the source is then read from that thread, a
 * little ahead of what this stream has returned, and a reading thread interrupted while it waits
 * for content gets an {@link java.io.InterruptedIOException}. Read this stream from one thread at a
 * time, as any stream.
 *
 * <p>AES-CCM (RFC 5084) always takes that path, even with one candidate: its first MAC block holds
 * the content length, and its MAC runs over the additional authenticated data (the authAttrs)
 * before the content, while AuthEnvelopedData sends the authAttrs after the content and BER does
 * not say the length at all. So the encrypted content is kept aside (counted as it goes), the
 * authAttrs read, and only then is CCM set up; a CCM message is verified in full before its first
 * byte comes out, at the cost of a second pass over the kept-aside ciphertext.
 */
public final class DecryptingInputStream extends InputStream {
  private static final int CHUNK = 64 * 1024;

  private final InputStream raw;
  private final EnvelopeReader reader;
  private final ContentPieces pieces;
  private final Spool spool;
  private final ContentStreams.Decryptor decryptor;
  private final RecipientSelection.Attempt chosen;
  private final ContentCipher cipher;
  private final String contentType;
  private EnvelopeReader.Trailer trailer;

  /** Output room beyond the ciphertext read: a CBC block held back from the piece before. */
  private static final int SLACK = 32;

  /** Reads into arrays at least this large (plus {@link #SLACK}) are decrypted in place. */
  private static final int DIRECT_MIN = 4096;

  private byte[] out = new byte[CHUNK + 32];
  private int outPos;
  private int outLen;
  // the bytes of out that ever held plaintext, zeroed at the end (not all 64 KiB for a small one)
  private int outUsed;
  private boolean atEnd;
  private boolean closed;

  private DecryptingInputStream(
      InputStream raw,
      EnvelopeReader reader,
      InputStream ciphertext,
      Spool spool,
      EnvelopeReader.Trailer trailer,
      ContentStreams.Decryptor decryptor,
      RecipientSelection.Attempt chosen,
      ContentCipher cipher) {
    this.raw = raw;
    this.reader = reader;
    this.pieces = new ContentPieces(ciphertext, decryptor);
    this.spool = spool;
    this.trailer = trailer;
    this.decryptor = decryptor;
    this.chosen = chosen;
    // RC4 without a salt: the key length is known once the key is
    this.cipher =
        decryptor.keyBytes() > 0
            ? ContentCipher.of(cipher.algorithm(), decryptor.keyBytes())
            : cipher;
    this.contentType = reader.header().contentType().toString();
  }

  /**
   * @param inMemory keep the encrypted content in memory rather than a temporary file when it must
   *     be kept aside
   * @param verifyFirst check the whole content before the first byte is released, even with a
   *     single candidate (two passes over the kept-aside content)
   */
  static DecryptingInputStream open(
      InputStream raw,
      KeySource keys,
      Limits limits,
      DecryptPolicy policy,
      boolean inMemory,
      boolean verifyFirst)
      throws EnvelopeException, IOException {
    EnvelopeReader reader;
    try {
      reader = EnvelopeReader.open(Armor.decoding(raw), limits.cms());
    } catch (Asn1Exception e) {
      throw formatError(e);
    } catch (BerInput.MalformedInputException e) {
      throw formatError(e.asn1());
    }
    EnvelopeReader.Header h = reader.header();
    ContentSpec spec = ContentSpec.parse(h.contentEncryptionAlgorithm(), h.authEnveloped());
    requireAllowed(spec, policy);
    List<RecipientSelection.Attempt> attempts =
        RecipientSelection.attempts(h.recipientInfos(), keys, limits);
    ContentCipher cipher = ContentCipher.of(spec.algorithm(), spec.keyBytes());
    // from the cipher and its parameters; ContentSpec.ANY_KEY_LENGTH for RC4 without a salt
    int cekLength = spec.keyBytes();
    if (attempts.size() == 1 && !verifyFirst && !spec.isCcm()) {
      RecipientSelection.Attempt a = attempts.get(0);
      return new DecryptingInputStream(
          raw,
          reader,
          reader.encryptedContent(),
          null,
          null,
          decryptor(spec, a, cekLength),
          a,
          cipher);
    }
    // several candidates, or verification first: check against all the content before release
    Spool spool;
    EnvelopeReader.Trailer trailer;
    Counting counted = new Counting(reader.encryptedContent());
    try {
      spool = Spool.of(counted, inMemory);
      trailer = reader.finish();
    } catch (Asn1Exception e) {
      throw formatError(e);
    } catch (BerInput.MalformedInputException e) {
      throw formatError(e.asn1());
    }
    byte[] aad = trailer.authAttrsDer() == null ? new byte[0] : trailer.authAttrsDer();
    byte[] tag = trailer.mac() == null ? null : trailer.mac().toByteArray();
    long length = counted.count;
    try {
      requireCcmLength(spec, length);
    } catch (MalformedMessageException e) {
      spool.close();
      throw e;
    }
    try (CandidateCheck.Verified v =
        CandidateCheck.firstThatOpens(attempts, spec, cekLength, spool, length, aad, tag)) {
      return new DecryptingInputStream(
          raw,
          reader,
          spool.open(),
          spool,
          trailer,
          ContentStreams.decryptor(spec, v.cek(), length, aad),
          v.attempt(),
          cipher);
    } catch (EnvelopeException | IOException | RuntimeException e) {
      spool.close();
      throw e;
    }
  }

  /** CCM's length field bounds the content by the nonce's size (RFC 3610 2). */
  static void requireCcmLength(ContentSpec spec, long length) throws MalformedMessageException {
    if (spec.isCcm() && length > Ccm.maxLength(spec.iv().length())) {
      throw new MalformedMessageException(
          spec.algorithm().cliName()
              + " with a "
              + spec.iv().length()
              + "-byte nonce carries at most "
              + Ccm.maxLength(spec.iv().length())
              + " bytes, this content has "
              + length);
    }
  }

  /** Refuses a content cipher the policy does not allow. */
  static void requireAllowed(ContentSpec spec, DecryptPolicy policy)
      throws PolicyViolationException {
    if (!policy.allows(spec.algorithm())) {
      throw new PolicyViolationException(
          spec.algorithm().isLegacy() && !policy.allowLegacyCiphers()
              ? "the policy refuses the legacy cipher " + spec.algorithm().cliName()
              : "the policy refuses the cipher "
                  + spec.algorithm().cliName()
                  + " (allowed: "
                  + policy.allowedNames()
                  + ")");
    }
  }

  private static ContentStreams.Decryptor decryptor(
      ContentSpec spec, RecipientSelection.Attempt a, int cekLength) throws EnvelopeException {
    byte[] cek = a.unwrap(cekLength);
    try {
      return ContentStreams.decryptor(spec, cek);
    } finally {
      Arrays.fill(cek, (byte) 0);
    }
  }

  /** Counts the bytes read through it (the encrypted content's length, which CCM needs). */
  static final class Counting extends java.io.FilterInputStream {
    private long count;

    Counting(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }

    /** Through {@link #read(byte[], int, int)}, whatever the wrapped stream's own transferTo. */
    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
      byte[] b = new byte[CHUNK];
      long total = 0;
      for (int n; (n = read(b, 0, b.length)) >= 0; ) {
        out.write(b, 0, n);
        total += n;
      }
      return total;
    }
  }

  static EnvelopeException formatError(Asn1Exception e) {
    return e.limitExceeded()
        ? new LimitExceededException(e.getMessage(), e)
        : new MalformedMessageException(e.getMessage(), e);
  }

  /** The position (from 0) of the recipient entry being used. */
  public int recipientIndex() {
    return chosen.index();
  }

  /** The key being used. */
  public KeyEntry key() {
    return chosen.key();
  }

  public ContentCipher cipher() {
    return cipher;
  }

  /** The content type of the sealed content, dotted OID. */
  public String contentType() {
    return contentType;
  }

  /** Whether a successful end means the content was authenticated (AuthEnvelopedData). */
  public boolean authenticated() {
    return cipher.isAuthenticated();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (outPos == outLen) {
      if (atEnd) {
        return -1;
      }
      if (len >= DIRECT_MIN + SLACK) {
        // room for a piece: decrypt straight into the caller's array, one copy fewer (whole
        // blocks, leaving room for the block CBC may have held back)
        int n = decryptNext(b, off, Math.min(CHUNK, (len - SLACK) & ~15));
        if (n > 0) {
          return n;
        }
        if (n == 0) {
          continue; // CBC held the block back
        }
      }
      fill();
    }
    int n = Math.min(len, outLen - outPos);
    System.arraycopy(out, outPos, b, off, n);
    outPos += n;
    return n;
  }

  /**
   * Decrypts the next piece of ciphertext, at most {@code max} bytes, into {@code dst} (room:
   * {@code max + SLACK}); -1 once the ciphertext ended, which {@link #fill} then finishes.
   */
  private int decryptNext(byte[] dst, int dstOff, int max) throws IOException {
    try {
      return pieces.decryptNext(dst, dstOff, max);
    } catch (EnvelopeException e) {
      fail(new EnvelopeIOException(e));
    } catch (BerInput.MalformedInputException e) {
      fail(new EnvelopeIOException(formatError(e.asn1())));
    }
    throw new IllegalStateException("unreachable: fail throws");
  }

  /**
   * Pieces big enough to be decrypted straight into the buffer handed to {@code out} (the default
   * transferTo's 16 KiB would take a copy of each, and four times the writes).
   */
  @Override
  public long transferTo(OutputStream sink) throws IOException {
    byte[] b = new byte[out.length];
    long total = 0;
    for (int n; (n = read(b, 0, b.length)) >= 0; ) {
      sink.write(b, 0, n);
      total += n;
    }
    return total;
  }

  private void fill() throws IOException {
    try {
      int n = decryptNext(out, 0, CHUNK);
      outPos = 0;
      if (n >= 0) {
        outLen = n;
        outUsed = Math.max(outUsed, n);
        return;
      }
      if (trailer == null) {
        trailer = reader.finish();
      }
      byte[] aad = trailer.authAttrsDer() == null ? new byte[0] : trailer.authAttrsDer();
      byte[] last =
          decryptor.finish(trailer.mac() == null ? null : trailer.mac().toByteArray(), aad);
      if (last.length > out.length) {
        Arrays.fill(out, 0, Math.min(outUsed, out.length), (byte) 0);
        outUsed = 0;
        out = last;
      } else {
        System.arraycopy(last, 0, out, 0, last.length);
        Arrays.fill(last, (byte) 0);
      }
      outLen = last.length;
      outUsed = Math.max(outUsed, outLen);
      atEnd = true;
      release();
    } catch (EnvelopeException e) {
      fail(new EnvelopeIOException(e));
    } catch (BerInput.MalformedInputException e) {
      fail(new EnvelopeIOException(formatError(e.asn1())));
    } catch (Asn1Exception e) {
      fail(new EnvelopeIOException(formatError(e)));
    }
  }

  private void fail(EnvelopeIOException e) throws EnvelopeIOException {
    Arrays.fill(out, 0, Math.min(outUsed, out.length), (byte) 0);
    outPos = 0;
    outLen = 0;
    atEnd = true;
    try {
      release();
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
    throw e;
  }

  private void release() throws IOException {
    pieces.close();
    if (spool != null) {
      spool.close();
    }
  }

  /**
   * Releases the input. Closing before the end throws: the content was not verified.
   *
   * @throws IOException when the stream was not read to its end
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    boolean early = !atEnd;
    release();
    raw.close();
    Arrays.fill(out, 0, Math.min(outUsed, out.length), (byte) 0);
    if (early) {
      throw new IOException("closed before the end of the message: its content was not verified");
    }
  }
}
