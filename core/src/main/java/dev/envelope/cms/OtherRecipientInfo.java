package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.Oid;
import java.util.Objects;

/**
 * {@code OtherRecipientInfo ::= SEQUENCE { oriType OBJECT IDENTIFIER, oriValue ANY DEFINED BY
 * oriType }} (RFC 5652 6.2.5) of a type this version does not know.
 *
 * @param oriValue the value element as encoded
 */
public record OtherRecipientInfo(Oid oriType, Bytes oriValue) implements RecipientInfo {
  public OtherRecipientInfo {
    Objects.requireNonNull(oriType, "oriType");
    Objects.requireNonNull(oriValue, "oriValue");
  }
}
