package dev.envelope.cms;

import dev.envelope.asn1.Oid;

/** Content types and structural identifiers of CMS (algorithm OIDs live in the crypto table). */
public final class CmsOids {
  private CmsOids() {}

  /** id-data, RFC 5652 4. */
  public static final Oid DATA = Oid.of("1.2.840.113549.1.7.1");

  /** id-signedData, RFC 5652 5.1. */
  public static final Oid SIGNED_DATA = Oid.of("1.2.840.113549.1.7.2");

  /** id-envelopedData, RFC 5652 6.1. */
  public static final Oid ENVELOPED_DATA = Oid.of("1.2.840.113549.1.7.3");

  /** id-ct-authEnvelopedData, RFC 5083 2.1. */
  public static final Oid AUTH_ENVELOPED_DATA = Oid.of("1.2.840.113549.1.9.16.1.23");

  /** id-ori-kem, RFC 9629 3. */
  public static final Oid ORI_KEM = Oid.of("1.2.840.113549.1.9.16.13.3");
}
