package dev.envelope.store;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import dev.envelope.error.KeySourceException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * PKCS #8 PrivateKeyInfo (RFC 5208 / RFC 5958): turning one into a JCA key, and wrapping the
 * traditional PKCS #1 and SEC 1 encodings into one, so that every key reaches the JCA through the
 * one format all providers read.
 */
final class Pkcs8 {
  static final Oid RSA_ENCRYPTION = Oid.of("1.2.840.113549.1.1.1");
  static final Oid EC_PUBLIC_KEY = Oid.of("1.2.840.10045.2.1");

  private Pkcs8() {}

  /**
   * A JCA private key from PrivateKeyInfo DER. The key factory is looked up by the algorithm's OID,
   * which the JDK's providers (and most others) register as an alias, so no table of key algorithms
   * is needed here.
   *
   * @throws KeySourceException for a malformed structure or an algorithm no provider has
   */
  static PrivateKey toPrivateKey(byte[] pkcs8, String source) throws KeySourceException {
    Oid algorithm = algorithmOf(pkcs8, source);
    KeyFactory factory;
    try {
      factory = KeyFactory.getInstance(algorithm.toString());
    } catch (NoSuchAlgorithmException e) {
      throw new KeySourceException(
          source + ": unsupported private key algorithm " + algorithm + " (no JCA provider)", e);
    }
    try {
      return factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (InvalidKeySpecException | RuntimeException e) {
      throw new KeySourceException(
          source + ": malformed " + algorithm + " private key: " + CertificateFiles.reason(e), e);
    }
  }

  /**
   *
   *
   * <pre>
   * PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier,
   *                               privateKey OCTET STRING, attributes [0] OPTIONAL,
   *                               publicKey [1] OPTIONAL }    -- RFC 5958 section 2
   * </pre>
   */
  static Oid algorithmOf(byte[] pkcs8, String source) throws KeySourceException {
    try {
      DerReader info = DerReader.ber(pkcs8).readSequence("privateKeyInfo");
      int version = info.readSmallInt("version");
      if (version > 1) {
        throw new KeySourceException(source + ": unknown PKCS #8 version " + version);
      }
      return info.readSequence("privateKeyAlgorithm").readOid("algorithm");
    } catch (Asn1Exception e) {
      throw new KeySourceException(source + ": not a PKCS #8 private key: " + e.getMessage(), e);
    }
  }

  /** PKCS #1 {@code RSAPrivateKey} (RFC 8017 A.1.2) inside a PrivateKeyInfo for rsaEncryption. */
  static byte[] fromPkcs1(byte[] rsaPrivateKey) {
    // RFC 8017 A.1: the rsaEncryption AlgorithmIdentifier carries NULL parameters
    return wrap(rsaPrivateKey, alg -> alg.addOid(RSA_ENCRYPTION).addNull());
  }

  /**
   * SEC 1 {@code ECPrivateKey} (RFC 5915) inside a PrivateKeyInfo for id-ecPublicKey, the curve
   * taken from the key's own {@code [0] parameters} or, failing that, from a separate {@code EC
   * PARAMETERS} block (what {@code openssl ecparam -genkey} writes first).
   *
   * @param ecParameters the DER of the EC PARAMETERS block, or null
   * @throws KeySourceException when no named curve is given, the two disagree, or the curve is
   *     given by explicit parameters
   */
  static byte[] fromSec1(byte[] ecPrivateKey, byte[] ecParameters, String source)
      throws KeySourceException {
    Oid inKey = null;
    try {
      DerReader key = DerReader.der(ecPrivateKey).readSequence("ECPrivateKey");
      int version = key.readSmallInt("version");
      if (version != 1) {
        throw new KeySourceException(source + ": unknown ECPrivateKey version " + version);
      }
      Arrays.fill(key.readElement(Tag.OCTET_STRING, "privateKey"), (byte) 0);
      DerReader params = key.readOptional(Tag.context(0, true), "parameters");
      if (params != null) {
        inKey = namedCurve(params, source);
      }
    } catch (Asn1Exception e) {
      throw new KeySourceException(source + ": malformed EC PRIVATE KEY: " + e.getMessage(), e);
    }
    Oid fromBlock = null;
    if (ecParameters != null) {
      try {
        DerReader block = DerReader.der(ecParameters);
        fromBlock = namedCurve(block, source);
        block.expectEmpty("ECParameters");
      } catch (Asn1Exception e) {
        throw new KeySourceException(source + ": malformed EC PARAMETERS: " + e.getMessage(), e);
      }
    }
    if (inKey != null && fromBlock != null && !inKey.equals(fromBlock)) {
      throw new KeySourceException(
          source
              + ": the EC PARAMETERS block ("
              + fromBlock
              + ") and the EC PRIVATE KEY ("
              + inKey
              + ") name different curves");
    }
    Oid curve = inKey != null ? inKey : fromBlock;
    if (curve == null) {
      throw new KeySourceException(
          source + ": the EC PRIVATE KEY names no curve and no EC PARAMETERS block precedes it");
    }
    return wrap(ecPrivateKey, alg -> alg.addOid(EC_PUBLIC_KEY).addOid(curve));
  }

  /** {@code ECParameters ::= CHOICE { namedCurve OID, implicitCurve NULL, specifiedCurve ... }} */
  private static Oid namedCurve(DerReader r, String source)
      throws Asn1Exception, KeySourceException {
    if (!r.peek(Tag.OID)) {
      throw new KeySourceException(
          source
              + ": EC keys with explicit curve parameters are not supported; convert with"
              + " openssl ec -param_enc named_curve");
    }
    return r.readOid("namedCurve");
  }

  /**
   * {@code SEQUENCE { 0, AlgorithmIdentifier, OCTET STRING key }}. The writer is sized up front so
   * that it never regrows: each regrowth would strand one more copy of the key in memory (its one
   * remaining buffer cannot be zeroed, as DerWriter has no way to clear it).
   */
  private static byte[] wrap(byte[] key, DerWriter.Body algorithmIdentifier) {
    DerWriter w = new DerWriter(key.length + 64);
    w.addSequence(s -> s.addInteger(0).addSequence(algorithmIdentifier).addOctetString(key));
    return w.toByteArray();
  }
}
