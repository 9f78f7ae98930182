package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.Oid;
import java.util.List;
import java.util.Objects;

/**
 * {@code Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }}
 * (RFC 5652 5.3).
 *
 * @param values each value element as encoded
 */
public record Attribute(Oid type, List<Bytes> values) {
  public Attribute {
    Objects.requireNonNull(type, "type");
    values = List.copyOf(values);
  }
}
