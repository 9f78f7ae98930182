package dev.envelope.crypto;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;

/**
 * A content-encryption algorithm with its parameters, checked before any key is used: a CBC IV (RFC
 * 3565 {@code AES-IV ::= OCTET STRING (SIZE(16))}, RFC 3370 8-byte DES IV) or GCM parameters (RFC
 * 5084 {@code GCMParameters ::= SEQUENCE { aes-nonce OCTET STRING, aes-ICVlen INTEGER DEFAULT 12
 * }}, ICV 12 to 16 bytes).
 *
 * @param iv the CBC IV or the GCM nonce
 * @param tagBytes the GCM tag length; 0 for CBC
 */
public record ContentSpec(Algorithm algorithm, Bytes iv, int tagBytes) {

  /** Tags shorter than 12 bytes are refused (RFC 5084 allows 12..16; CVE-2026-34182). */
  public static final int MIN_TAG_BYTES = 12;

  /** A fresh specification for sealing: random IV or nonce, full-length tag. */
  public static ContentSpec fresh(Algorithm algorithm, byte[] iv) {
    if (!algorithm.isContentCipher() || iv.length != algorithm.ivBytes()) {
      throw new IllegalArgumentException(algorithm + " with IV of " + iv.length);
    }
    return new ContentSpec(algorithm, Bytes.of(iv), algorithm.tagBytes());
  }

  /** The AlgorithmIdentifier that says this, as peers expect it. */
  public AlgorithmIdentifier toAlgorithmIdentifier() {
    byte[] params =
        algorithm.isAead()
            ? DerWriter.encode(
                w ->
                    w.addSequence(
                        s -> {
                          s.addOctetString(iv.toByteArray());
                          if (tagBytes != 12) { // DER omits a DEFAULT value
                            s.addInteger(tagBytes);
                          }
                        }))
            : DerWriter.encode(w -> w.addOctetString(iv.toByteArray()));
    return new AlgorithmIdentifier(algorithm.oid(), Bytes.of(params));
  }

  /**
   * Parses and checks a contentEncryptionAlgorithm.
   *
   * @param authEnveloped whether it came from AuthEnvelopedData, which needs an AEAD cipher, while
   *     EnvelopedData takes only CBC (no algorithm substitution: SECURITY.md #29)
   */
  public static ContentSpec parse(AlgorithmIdentifier id, boolean authEnveloped)
      throws MalformedMessageException, UnsupportedAlgorithmException {
    Algorithm alg =
        Algorithm.byOid(id.algorithm())
            .filter(Algorithm::isContentCipher)
            .orElseThrow(
                () ->
                    new UnsupportedAlgorithmException(
                        "unsupported content-encryption algorithm " + id.algorithm()));
    if (alg.isAead() != authEnveloped) {
      throw new MalformedMessageException(
          authEnveloped
              ? "AuthEnvelopedData needs an authenticated cipher, not " + alg.cliName()
              : "EnvelopedData cannot use the authenticated cipher "
                  + alg.cliName()
                  + " (it belongs in AuthEnvelopedData)");
    }
    if (id.parameters() == null) {
      throw new MalformedMessageException(
          "malformed contentEncryptionAlgorithm: " + alg.cliName() + " parameters absent");
    }
    try {
      DerReader r = DerReader.ber(id.parameters().toByteArray());
      if (alg.isAead()) {
        DerReader p = r.readSequence("GCMParameters");
        byte[] nonce = p.readOctetString("GCMParameters.aes-nonce");
        int tag = 12;
        if (!p.isEmpty()) {
          tag = p.readSmallInt("GCMParameters.aes-ICVlen");
        }
        p.expectEmpty("GCMParameters");
        r.expectEmpty("GCMParameters");
        if (nonce.length != alg.ivBytes()) {
          throw new MalformedMessageException(
              "invalid nonce length " + nonce.length + " for " + alg.cliName() + " (12)");
        }
        if (tag < MIN_TAG_BYTES || tag > 16) {
          throw new MalformedMessageException(
              "GCM tag length " + tag + " not allowed (" + MIN_TAG_BYTES + "-16)");
        }
        return new ContentSpec(alg, Bytes.of(nonce), tag);
      }
      byte[] iv = r.readOctetString("IV");
      r.expectEmpty("IV");
      if (iv.length != alg.ivBytes()) {
        throw new MalformedMessageException(
            "invalid IV length "
                + iv.length
                + " for "
                + alg.cliName()
                + " ("
                + alg.ivBytes()
                + ")");
      }
      return new ContentSpec(alg, Bytes.of(iv), 0);
    } catch (Asn1Exception e) {
      throw new MalformedMessageException(e.getMessage(), e);
    }
  }
}
