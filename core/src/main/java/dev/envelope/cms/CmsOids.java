package dev.envelope.cms;

import dev.envelope.asn1.Oid;
import java.util.Optional;

/**
 * Content types, attribute types and structural identifiers of CMS, with the names their modules
 * give them (algorithm OIDs and names live in the crypto table).
 */
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

  /**
   * The content types and attribute types {@code envelope inspect} names: RFC 5652 4 and 11, RFC
   * 5083, RFC 2634 (ESS), RFC 6211, RFC 8551 2.5.2, RFC 5035, RFC 3161, PKCS #9 (RFC 2985). One row
   * each: the name is the ASN.1 identifier without its {@code id-} or {@code id-ct-} prefix.
   */
  private enum Known {
    DATA("data", "1.2.840.113549.1.7.1"),
    SIGNED_DATA("signedData", "1.2.840.113549.1.7.2"),
    ENVELOPED_DATA("envelopedData", "1.2.840.113549.1.7.3"),
    DIGESTED_DATA("digestedData", "1.2.840.113549.1.7.5"),
    ENCRYPTED_DATA("encryptedData", "1.2.840.113549.1.7.6"),
    AUTH_DATA("authData", "1.2.840.113549.1.9.16.1.2"),
    TST_INFO("TSTInfo", "1.2.840.113549.1.9.16.1.4"),
    COMPRESSED_DATA("compressedData", "1.2.840.113549.1.9.16.1.9"),
    AUTH_ENVELOPED_DATA("authEnvelopedData", "1.2.840.113549.1.9.16.1.23"),
    EMAIL_ADDRESS("emailAddress", "1.2.840.113549.1.9.1"),
    CONTENT_TYPE("contentType", "1.2.840.113549.1.9.3"),
    MESSAGE_DIGEST("messageDigest", "1.2.840.113549.1.9.4"),
    SIGNING_TIME("signingTime", "1.2.840.113549.1.9.5"),
    COUNTERSIGNATURE("countersignature", "1.2.840.113549.1.9.6"),
    CHALLENGE_PASSWORD("challengePassword", "1.2.840.113549.1.9.7"),
    SMIME_CAPABILITIES("smimeCapabilities", "1.2.840.113549.1.9.15"),
    FRIENDLY_NAME("friendlyName", "1.2.840.113549.1.9.20"),
    LOCAL_KEY_ID("localKeyId", "1.2.840.113549.1.9.21"),
    CMS_ALGORITHM_PROTECT("cmsAlgorithmProtect", "1.2.840.113549.1.9.52"),
    RECEIPT_REQUEST("receiptRequest", "1.2.840.113549.1.9.16.2.1"),
    SECURITY_LABEL("securityLabel", "1.2.840.113549.1.9.16.2.2"),
    MLEXPANSION_HISTORY("mlExpansionHistory", "1.2.840.113549.1.9.16.2.3"),
    CONTENT_HINT("contentHint", "1.2.840.113549.1.9.16.2.4"),
    CONTENT_IDENTIFIER("contentIdentifier", "1.2.840.113549.1.9.16.2.7"),
    SIGNING_CERTIFICATE("signingCertificate", "1.2.840.113549.1.9.16.2.12"),
    SMIME_ENCRYPTION_KEY_PREFERENCE("smimeEncryptionKeyPreference", "1.2.840.113549.1.9.16.2.11"),
    TIME_STAMP_TOKEN("timeStampToken", "1.2.840.113549.1.9.16.2.14"),
    SIGNING_CERTIFICATE_V2("signingCertificateV2", "1.2.840.113549.1.9.16.2.47"),
    BINARY_SIGNING_TIME("binarySigningTime", "1.2.840.113549.1.9.16.2.46");

    private final String name;
    private final Oid oid;

    Known(String name, String oid) {
      this.name = name;
      this.oid = Oid.of(oid);
    }
  }

  /** The name of a content type or attribute type this table knows, else empty. */
  public static Optional<String> name(Oid oid) {
    for (Known k : Known.values()) {
      if (k.oid.equals(oid)) {
        return Optional.of(k.name);
      }
    }
    return Optional.empty();
  }
}
