package dev.envelope.asn1;

/**
 * A structural decoding error: what was wrong, in which field, at which byte offset of the input.
 * Carries no secret data: it is raised before any key is used.
 */
public final class Asn1Exception extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final long offset;
  private final boolean limitExceeded;

  public Asn1Exception(String field, long offset, String problem) {
    this(field, offset, problem, false);
  }

  private Asn1Exception(String field, long offset, String problem, boolean limitExceeded) {
    super((limitExceeded ? "" : "malformed ") + field + " at byte " + offset + ": " + problem);
    this.field = field;
    this.offset = offset;
    this.limitExceeded = limitExceeded;
  }

  /** A configured bound was hit (depth, size, count): reported as a limit, not a format error. */
  public static Asn1Exception limit(String field, long offset, String problem) {
    return new Asn1Exception(field, offset, problem, true);
  }

  /** Whether a configured bound (size, depth, count) was hit, rather than a format rule. */
  public boolean limitExceeded() {
    return limitExceeded;
  }

  /** The name of the ASN.1 field being read, for example {@code "recipientInfos"}. */
  public String field() {
    return field;
  }

  /** The byte offset in the whole input where the problem was found. */
  public long offset() {
    return offset;
  }
}
