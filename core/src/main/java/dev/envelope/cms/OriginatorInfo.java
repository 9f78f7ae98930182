package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import java.util.List;

/**
 * {@code OriginatorInfo ::= SEQUENCE { certs [0] IMPLICIT CertificateSet OPTIONAL, crls [1]
 * IMPLICIT RevocationInfoChoices OPTIONAL }} (RFC 5652 6.1).
 *
 * @param certificates each CertificateChoices element as encoded (usually an X.509 certificate)
 * @param crls each RevocationInfoChoice element as encoded
 */
public record OriginatorInfo(List<Bytes> certificates, List<Bytes> crls) {
  public OriginatorInfo {
    certificates = List.copyOf(certificates);
    crls = List.copyOf(crls);
  }
}
