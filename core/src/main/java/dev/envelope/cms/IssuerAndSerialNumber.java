package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import java.math.BigInteger;
import java.util.Objects;

/**
 * {@code IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber CertificateSerialNumber }}
 * (RFC 5652 10.2.4).
 *
 * @param issuer the issuer Name exactly as encoded in the certificate, compared byte for byte
 */
public record IssuerAndSerialNumber(Bytes issuer, BigInteger serialNumber) {
  public IssuerAndSerialNumber {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serialNumber, "serialNumber");
  }
}
