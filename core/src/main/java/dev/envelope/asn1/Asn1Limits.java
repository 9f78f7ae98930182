package dev.envelope.asn1;

/**
 * Bounds that keep a hostile encoding cheap to reject (SECURITY.md catalogue #3, #4, #6).
 *
 * @param maxDepth nesting depth of constructed elements (default 32, OpenSSL uses about 30)
 * @param maxStringSegmentDepth nesting of BER constructed strings (default 8)
 * @param maxOidBytes encoded size of one OBJECT IDENTIFIER (default 64; CVE-2023-2650)
 */
public record Asn1Limits(int maxDepth, int maxStringSegmentDepth, int maxOidBytes) {
  public static final Asn1Limits DEFAULT = new Asn1Limits(32, 8, 64);

  public Asn1Limits {
    if (maxDepth < 1 || maxStringSegmentDepth < 1 || maxOidBytes < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
