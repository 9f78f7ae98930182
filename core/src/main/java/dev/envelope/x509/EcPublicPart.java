package dev.envelope.x509;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Tag;
import java.util.Arrays;
import java.util.Optional;

/**
 * Recovers an EC public key from a PKCS #8 encoding that still carries it. Computing Q = dG from
 * the private scalar would need curve arithmetic outside the JCA (and not constant-time), so only
 * the copy that OpenSSL and the JDK keep in RFC 5915's optional {@code publicKey} field is used.
 */
final class EcPublicPart {
  private EcPublicPart() {}

  /**
   *
   *
   * <pre>
   * PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier,
   *                               privateKey OCTET STRING, ... }
   * ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) }, privateKey OCTET STRING,
   *                             parameters [0] ECParameters OPTIONAL,
   *                             publicKey [1] BIT STRING OPTIONAL }      -- RFC 5915 section 3
   * </pre>
   *
   * @return the SubjectPublicKeyInfo DER, or empty when the public key or the curve is not there
   */
  static Optional<byte[]> spki(byte[] pkcs8) {
    byte[] ecPrivateKey = null;
    try {
      DerReader info = DerReader.der(pkcs8).readSequence("privateKeyInfo");
      info.readSmallInt("version");
      byte[] algorithm = info.readElement(Tag.SEQUENCE, "privateKeyAlgorithm");
      DerReader alg = DerReader.der(algorithm).readSequence("privateKeyAlgorithm");
      alg.readOid("algorithm");
      if (!alg.peek(Tag.OID)) {
        return Optional.empty(); // the curve must be named for the SubjectPublicKeyInfo
      }
      ecPrivateKey = info.readOctetString("privateKey");
      DerReader ec = DerReader.der(ecPrivateKey).readSequence("ECPrivateKey");
      ec.readSmallInt("version");
      Arrays.fill(ec.readElement(Tag.OCTET_STRING, "privateKey"), (byte) 0);
      ec.readOptional(Tag.context(0, true), "parameters");
      DerReader pub = ec.readOptional(Tag.context(1, true), "publicKey");
      if (pub == null) {
        return Optional.empty();
      }
      byte[] point = pub.readBitString("publicKey");
      return Optional.of(
          DerWriter.encode(w -> w.addSequence(s -> s.addEncoded(algorithm).addBitString(point))));
    } catch (Asn1Exception e) {
      return Optional.empty();
    } finally {
      if (ecPrivateKey != null) {
        Arrays.fill(ecPrivateKey, (byte) 0);
      }
    }
  }
}
