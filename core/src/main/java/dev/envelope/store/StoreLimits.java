package dev.envelope.store;

/**
 * Bounds on what reading a key, certificate or key store file may cost (SECURITY.md section 6 and
 * test 23). Each has a name used in "limit exceeded" errors, a default and a {@code with} override.
 *
 * @param maxFileBytes the largest file read into memory (default 64 MiB)
 * @param maxPbkdf2Iterations the largest PBKDF2 or PKCS #12 iteration count honoured for an
 *     encrypted key or a key store MAC (default 5,000,000, the JDK's PKCS #12 cap); larger counts
 *     are rejected before any work
 */
public record StoreLimits(long maxFileBytes, int maxPbkdf2Iterations) {

  /** The defaults. */
  public static final StoreLimits DEFAULT = new StoreLimits(64L << 20, 5_000_000);

  /**
   * @throws IllegalArgumentException unless both bounds are positive
   */
  public StoreLimits {
    if (maxFileBytes < 1 || maxPbkdf2Iterations < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public StoreLimits withMaxFileBytes(long bytes) {
    return new StoreLimits(bytes, maxPbkdf2Iterations);
  }

  public StoreLimits withMaxPbkdf2Iterations(int iterations) {
    return new StoreLimits(maxFileBytes, iterations);
  }
}
