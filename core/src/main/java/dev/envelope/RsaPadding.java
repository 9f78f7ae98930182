package dev.envelope;

/** How a content key is encrypted for an RSA recipient. */
public enum RsaPadding {
  /** RSAES-OAEP (RFC 3560, RFC 4055): the default. */
  OAEP,
  /**
   * RSAES-PKCS1-v1_5: what CAPICOM and .NET write by default; decrypted with implicit rejection.
   */
  PKCS1
}
