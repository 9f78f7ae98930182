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
    super("malformed " + field + " at byte " + offset + ": " + problem);
    this.field = field;
    this.offset = offset;
    this.limitExceeded = problem.startsWith("limit exceeded") || problem.startsWith("nesting");
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
