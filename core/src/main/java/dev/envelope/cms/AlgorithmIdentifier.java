package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.Oid;
import java.util.Objects;

/**
 * {@code AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }}
 * (RFC 5280 4.1.1.2).
 *
 * @param parameters the parameters element as encoded (tag included), or null when absent; NULL and
 *     absent are different on the wire and peers care (RFC 4055 section 2.1, RFC 5753)
 */
public record AlgorithmIdentifier(Oid algorithm, Bytes parameters) {
  /** The encoding of an ASN.1 NULL, {@code 05 00}. */
  public static final Bytes NULL = Bytes.ofHex("0500");

  public AlgorithmIdentifier {
    Objects.requireNonNull(algorithm, "algorithm");
  }

  public static AlgorithmIdentifier absent(Oid algorithm) {
    return new AlgorithmIdentifier(algorithm, null);
  }

  public static AlgorithmIdentifier withNull(Oid algorithm) {
    return new AlgorithmIdentifier(algorithm, NULL);
  }

  public boolean hasParameters() {
    return parameters != null;
  }

  /** Parameters absent or an explicit NULL. */
  public boolean parametersAbsentOrNull() {
    return parameters == null || parameters.equals(NULL);
  }
}
