package dev.envelope.cms;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The parameters of a password recipient entry (RFC 3211): PBKDF2-params for its
 * keyDerivationAlgorithm and the inner cipher of its {@code id-alg-PWRI-KEK}
 * keyEncryptionAlgorithm. Structure only: which OIDs and sizes are acceptable is for the recipient
 * layer to say.
 *
 * <pre>
 * PBKDF2-params ::= SEQUENCE {                         -- RFC 8018 A.2
 *   salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier },
 *   iterationCount INTEGER (1..MAX),
 *   keyLength INTEGER (1..MAX) OPTIONAL,
 *   prf AlgorithmIdentifier DEFAULT algid-hmacWithSHA1 }
 * id-alg-PWRI-KEK parameters ::= AlgorithmIdentifier     -- RFC 3211 2.3: the inner CBC cipher
 * </pre>
 */
public final class PwriParams {
  private PwriParams() {}

  /** Salts longer than this are not salts (SECURITY.md #24: a 1 MiB salt is a format error). */
  public static final int MAX_SALT_BYTES = 1024;

  /** An iteration count needs at most 8 octets here; larger ones are refused by the caller. */
  private static final int MAX_ITERATION_BYTES = 8;

  /**
   * Decoded PBKDF2-params.
   *
   * @param iterationCount as written (checked against a limit by the caller before any work)
   * @param keyLength the keyLength field, or -1 when absent
   * @param prf the prf field, or null when absent (the DEFAULT, hmacWithSHA1)
   */
  public record Pbkdf2(
      Bytes salt, BigInteger iterationCount, int keyLength, AlgorithmIdentifier prf) {
    public Pbkdf2 {
      Objects.requireNonNull(salt, "salt");
      Objects.requireNonNull(iterationCount, "iterationCount");
    }
  }

  /** Reads the parameters of a PBKDF2 keyDerivationAlgorithm. */
  public static Pbkdf2 readPbkdf2(AlgorithmIdentifier kdf) throws Asn1Exception {
    String field = "keyDerivationAlgorithm.parameters";
    if (kdf.parameters() == null) {
      throw new Asn1Exception(field, 0, "PBKDF2-params absent");
    }
    DerReader r = DerReader.ber(kdf.parameters().toByteArray());
    DerReader s = r.readSequence(field);
    r.expectEmpty(field);
    if (s.peek(Tag.SEQUENCE)) {
      throw new Asn1Exception(
          field + ".salt", s.offset(), "salt.otherSource is not supported (RFC 8018 A.2)");
    }
    byte[] salt = s.readOctetString(field + ".salt");
    if (salt.length < 1 || salt.length > MAX_SALT_BYTES) {
      throw new Asn1Exception(
          field + ".salt",
          s.offset(),
          "salt of " + salt.length + " bytes (1.." + MAX_SALT_BYTES + ")");
    }
    long at = s.offset();
    BigInteger count = s.readInteger(field + ".iterationCount", MAX_ITERATION_BYTES);
    if (count.signum() <= 0) {
      throw new Asn1Exception(field + ".iterationCount", at, "not positive: " + count);
    }
    int keyLength = -1;
    if (s.peek(Tag.INTEGER)) {
      at = s.offset();
      keyLength = s.readSmallInt(field + ".keyLength");
      if (keyLength < 1) {
        throw new Asn1Exception(field + ".keyLength", at, "not positive: " + keyLength);
      }
    }
    AlgorithmIdentifier prf = null;
    if (!s.isEmpty()) {
      prf = CmsFields.readAlgorithm(s, field + ".prf");
    }
    s.expectEmpty(field);
    return new Pbkdf2(Bytes.of(salt), count, keyLength, prf);
  }

  /**
   * The keyDerivationAlgorithm {@code pbkdf2} with these parameters.
   *
   * @param keyLength written when positive; -1 leaves it out (as OpenSSL writes it)
   * @param prf null for the DEFAULT hmacWithSHA1, which DER leaves out
   */
  public static AlgorithmIdentifier pbkdf2(
      Oid pbkdf2, byte[] salt, int iterations, int keyLength, AlgorithmIdentifier prf) {
    byte[] params =
        DerWriter.encode(
            w ->
                w.addSequence(
                    s -> {
                      s.addOctetString(salt);
                      s.addInteger(iterations);
                      if (keyLength > 0) {
                        s.addInteger(keyLength);
                      }
                      if (prf != null) {
                        CmsFields.writeAlgorithm(s, prf);
                      }
                    }));
    return new AlgorithmIdentifier(pbkdf2, Bytes.of(params));
  }

  /** The inner cipher of an {@code id-alg-PWRI-KEK} keyEncryptionAlgorithm (RFC 3211 2.3). */
  public static AlgorithmIdentifier readKekCipher(AlgorithmIdentifier pwriKek)
      throws Asn1Exception {
    String field = "keyEncryptionAlgorithm.parameters";
    if (pwriKek.parameters() == null) {
      throw new Asn1Exception(field, 0, "id-alg-PWRI-KEK without its inner cipher");
    }
    DerReader r = DerReader.ber(pwriKek.parameters().toByteArray());
    AlgorithmIdentifier inner = CmsFields.readAlgorithm(r, field);
    r.expectEmpty(field);
    return inner;
  }

  /** The keyEncryptionAlgorithm {@code id-alg-PWRI-KEK} around {@code inner}. */
  public static AlgorithmIdentifier pwriKek(Oid pwriKek, AlgorithmIdentifier inner) {
    return new AlgorithmIdentifier(
        pwriKek, Bytes.of(DerWriter.encode(w -> CmsFields.writeAlgorithm(w, inner))));
  }
}
