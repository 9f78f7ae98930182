package dev.envelope.cms;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import java.util.Objects;

/**
 * RFC 9629 section 5 {@code CMSORIforKEMOtherInfo ::= SEQUENCE { wrap
 * KeyEncryptionAlgorithmIdentifier, kekLength INTEGER (1..65535), ukm [0] EXPLICIT
 * UserKeyingMaterial OPTIONAL }}: the KDF's info input for a KEM recipient, which originator and
 * recipient each build from the KEMRecipientInfo fields (it is never sent).
 */
public final class KemOtherInfo {
  private KemOtherInfo() {}

  /** The DER of CMSORIforKEMOtherInfo for these fields of a KEMRecipientInfo. */
  public static byte[] encode(KemRecipientInfo kemri) {
    return encode(kemri.wrap(), kemri.kekLength(), kemri.ukm());
  }

  /**
   * The DER of CMSORIforKEMOtherInfo.
   *
   * @param ukm null when absent
   */
  public static byte[] encode(AlgorithmIdentifier wrap, int kekLength, Bytes ukm) {
    Objects.requireNonNull(wrap, "wrap");
    if (kekLength < 1 || kekLength > 65535) {
      throw new IllegalArgumentException("kekLength out of range 1..65535: " + kekLength);
    }
    return DerWriter.encode(
        w ->
            w.addSequence(
                s -> {
                  CmsFields.writeAlgorithm(s, wrap);
                  s.addInteger(kekLength);
                  if (ukm != null) {
                    s.add(CmsFields.CTX0, u -> u.addOctetString(ukm.toByteArray()));
                  }
                }));
  }
}
