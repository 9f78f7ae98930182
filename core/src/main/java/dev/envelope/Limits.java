package dev.envelope;

import dev.envelope.asn1.Asn1Limits;
import dev.envelope.cms.CmsLimits;
import dev.envelope.error.LimitExceededException;

/**
 * Bounds that keep hostile messages cheap to reject (SECURITY.md section 6). Every limit has a name
 * (used in "limit exceeded" errors), a default and an override through a {@code with} method.
 *
 * @param maxInMemory bytes of a message handled by the byte[] API (default 64 MiB)
 * @param maxHeaderBytes bytes before the encrypted content (default 4 MiB)
 * @param maxRecipients recipient entries per message (default 1024: a message for a whole
 *     department must open; SECURITY.md proposed 256)
 * @param maxTrials private-key operations per message (default 16)
 * @param maxDepth ASN.1 nesting depth (default 32)
 * @param maxPasswordIterations PBKDF2 iterations a password entry may ask for, checked before
 *     anything is derived (default 10,000,000; SECURITY.md: openssl 3.0 hangs on 2^31)
 * @param maxPasswordIterationsPerMessage PBKDF2 iterations all password entries of one message may
 *     cost together (default 10,000,000; SECURITY.md #23: many entries of allowed cost)
 */
public record Limits(
    long maxInMemory,
    int maxHeaderBytes,
    int maxRecipients,
    int maxTrials,
    int maxDepth,
    long maxPasswordIterations,
    long maxPasswordIterationsPerMessage) {

  /** The defaults. */
  public static final Limits DEFAULT =
      new Limits(64L << 20, 4 << 20, 1024, 16, 32, 10_000_000, 10_000_000);

  public Limits {
    if (maxInMemory < 1
        || maxHeaderBytes < 1
        || maxRecipients < 1
        || maxTrials < 1
        || maxDepth < 1
        || maxPasswordIterations < 1
        || maxPasswordIterationsPerMessage < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public Limits withMaxInMemory(long bytes) {
    return new Limits(
        bytes,
        maxHeaderBytes,
        maxRecipients,
        maxTrials,
        maxDepth,
        maxPasswordIterations,
        maxPasswordIterationsPerMessage);
  }

  public Limits withMaxHeaderBytes(int bytes) {
    return new Limits(
        maxInMemory,
        bytes,
        maxRecipients,
        maxTrials,
        maxDepth,
        maxPasswordIterations,
        maxPasswordIterationsPerMessage);
  }

  public Limits withMaxRecipients(int n) {
    return new Limits(
        maxInMemory,
        maxHeaderBytes,
        n,
        maxTrials,
        maxDepth,
        maxPasswordIterations,
        maxPasswordIterationsPerMessage);
  }

  public Limits withMaxTrials(int n) {
    return new Limits(
        maxInMemory,
        maxHeaderBytes,
        maxRecipients,
        n,
        maxDepth,
        maxPasswordIterations,
        maxPasswordIterationsPerMessage);
  }

  public Limits withMaxDepth(int n) {
    return new Limits(
        maxInMemory,
        maxHeaderBytes,
        maxRecipients,
        maxTrials,
        n,
        maxPasswordIterations,
        maxPasswordIterationsPerMessage);
  }

  public Limits withMaxPasswordIterations(long n) {
    return new Limits(
        maxInMemory,
        maxHeaderBytes,
        maxRecipients,
        maxTrials,
        maxDepth,
        n,
        maxPasswordIterationsPerMessage);
  }

  public Limits withMaxPasswordIterationsPerMessage(long n) {
    return new Limits(
        maxInMemory, maxHeaderBytes, maxRecipients, maxTrials, maxDepth, maxPasswordIterations, n);
  }

  /** The byte[] APIs' bound: "limit exceeded: maxInMemory=SIZE > MAX". */
  static void requireInMemory(long size, long max) throws LimitExceededException {
    if (size > max) {
      throw new LimitExceededException("limit exceeded: maxInMemory=" + size + " > " + max);
    }
  }

  CmsLimits cms() {
    Asn1Limits a = Asn1Limits.DEFAULT;
    return new CmsLimits(
        maxHeaderBytes,
        maxRecipients,
        1024,
        new Asn1Limits(maxDepth, a.maxStringSegmentDepth(), a.maxOidBytes()));
  }
}
