package dev.envelope.crypto;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Tag;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;

/**
 * A content-encryption algorithm with its parameters, checked before any key is used: a CBC IV (RFC
 * 3565 {@code AES-IV ::= OCTET STRING (SIZE(16))}, RFC 3370 8-byte DES and 3DES IVs), GCM
 * parameters (RFC 5084 {@code GCMParameters ::= SEQUENCE { aes-nonce OCTET STRING, aes-ICVlen
 * INTEGER DEFAULT 12 }}, ICV 12 to 16 bytes), the ChaCha20-Poly1305 nonce (RFC 8103 {@code
 * AEADChaCha20Poly1305Nonce ::= OCTET STRING (SIZE(12))}, 16-byte tag), CCM parameters (RFC 5084
 * 3.1, the same shape as GCM's with a 7 to 13-byte nonce, see {@link #parse}), RC2 parameters (RFC
 * 3370 5.2, RFC 2268 6: {@code RC2-CBC-Parameter ::= SEQUENCE { rc2ParameterVersion INTEGER
 * OPTIONAL, iv OCTET STRING (SIZE(8)) }}, or the bare IV), or RC4's (none, NULL, or CryptoAPI's
 * salt).
 *
 * <p>The content key's length is part of the specification. For most ciphers it is fixed; for RC2
 * it is the effective key length the version says (RFC 3370 5.2: 160, 52, 120 and 58 for 40, 56, 64
 * and 128 bits, a version of 256 or more is the bit count itself), which is how OpenSSL, Bouncy
 * Castle, CryptoAPI and RFC 4134 5.2 write it; for RC4 with a CryptoAPI salt it is 16 bytes less
 * the salt ({@code CMSG_RC4_AUX_INFO}: (128 - key bits) / 8 bytes of salt, key then salt); for RC4
 * without a salt (OpenSSL writes an empty OCTET STRING for any key length) it is not known from the
 * parameters: {@link #ANY_KEY_LENGTH}, and the recipient entry's own length is taken (RSA: 5 to 16
 * bytes, see {@link RsaKeyTransport#unwrap}).
 *
 * @param iv the CBC IV or the AEAD nonce; empty for RC4
 * @param tagBytes the AEAD tag length; 0 for the others
 * @param keyBytes the content key's length as recipients carry it, or {@link #ANY_KEY_LENGTH}
 * @param effectiveBits RC2's effective key bits; 0 for the others
 * @param salt RC4's CryptoAPI salt, appended to the content key; empty for none
 */
public record ContentSpec(
    Algorithm algorithm, Bytes iv, int tagBytes, int keyBytes, int effectiveBits, Bytes salt) {

  /** Tags shorter than 12 bytes are refused (RFC 5084 allows 12..16; CVE-2026-34182). */
  public static final int MIN_TAG_BYTES = 12;

  /**
   * {@link #keyBytes} when the parameters do not say the key length (RC4 without a salt): any
   * length from {@link #MIN_VARIABLE_KEY_BYTES} to {@link #MAX_VARIABLE_KEY_BYTES} is taken.
   */
  public static final int ANY_KEY_LENGTH = -1;

  /** The shortest RC4 key taken: 40 bits. */
  public static final int MIN_VARIABLE_KEY_BYTES = 5;

  /** The longest RC4 key taken: 128 bits. */
  public static final int MAX_VARIABLE_KEY_BYTES = 16;

  /**
   * Whether a recovered content key of {@code actual} bytes fits {@code expected}, a {@link
   * #keyBytes} that may be {@link #ANY_KEY_LENGTH}: what every recipient kind checks.
   */
  public static boolean keyLengthFits(int expected, int actual) {
    return expected == ANY_KEY_LENGTH
        ? actual >= MIN_VARIABLE_KEY_BYTES && actual <= MAX_VARIABLE_KEY_BYTES
        : actual == expected;
  }

  /** RC2 versions of the effective key lengths (RFC 2268 6, RFC 3370 5.2), bits then version. */
  private static final int[][] RC2_VERSIONS = {{40, 160}, {56, 52}, {64, 120}, {128, 58}};

  /** RC2 effective bits with no version (RFC 2268 6: the bare IV form). */
  private static final int RC2_DEFAULT_BITS = 32;

  public ContentSpec {
    salt = salt == null ? Bytes.empty() : salt;
  }

  /** A specification with the algorithm's usual key length (no RC2 reduction, no salt). */
  public ContentSpec(Algorithm algorithm, Bytes iv, int tagBytes) {
    this(
        algorithm,
        iv,
        tagBytes,
        algorithm.keyBytes(),
        algorithm == Algorithm.RC2_CBC ? algorithm.keyBytes() * 8 : 0,
        Bytes.empty());
  }

  /** A fresh specification for sealing: random IV or nonce, full-length tag. */
  public static ContentSpec fresh(Algorithm algorithm, byte[] iv) {
    return fresh(algorithm, algorithm.keyBytes(), iv);
  }

  /**
   * A fresh specification for sealing with a key of {@code keyBytes} (RC2 and RC4 take 5, 7, 8 or
   * 16; RC2's effective bits are the key's bits, and RC4 is written without a salt, as OpenSSL
   * writes and reads it).
   */
  public static ContentSpec fresh(Algorithm algorithm, int keyBytes, byte[] iv) {
    if (!algorithm.isContentCipher() || iv.length != algorithm.ivBytes()) {
      throw new IllegalArgumentException(algorithm + " with IV of " + iv.length);
    }
    boolean variable = algorithm == Algorithm.RC2_CBC || algorithm == Algorithm.RC4;
    if (variable ? keyBytes < 5 || keyBytes > 16 : keyBytes != algorithm.keyBytes()) {
      throw new IllegalArgumentException(algorithm + " with a key of " + keyBytes + " bytes");
    }
    return new ContentSpec(
        algorithm,
        Bytes.of(iv),
        algorithm.tagBytes(),
        keyBytes,
        algorithm == Algorithm.RC2_CBC ? keyBytes * 8 : 0,
        Bytes.empty());
  }

  /** The AlgorithmIdentifier that says this, as peers expect it. */
  public AlgorithmIdentifier toAlgorithmIdentifier() {
    byte[] params =
        switch (algorithm) {
          case CHACHA20_POLY1305 -> DerWriter.encode(w -> w.addOctetString(iv.toByteArray()));
          case RC2_CBC ->
              DerWriter.encode(
                  w ->
                      w.addSequence(
                          s -> {
                            s.addInteger(rc2Version(effectiveBits));
                            s.addOctetString(iv.toByteArray());
                          }));
          // what OpenSSL writes for RC4 (an IV of no bytes), or CryptoAPI's salt
          case RC4 -> DerWriter.encode(w -> w.addOctetString(salt.toByteArray()));
          default ->
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
        };
    return new AlgorithmIdentifier(algorithm.oid(), Bytes.of(params));
  }

  /** RC2's version for {@code bits} effective key bits (RFC 2268 6). */
  static int rc2Version(int bits) {
    for (int[] row : RC2_VERSIONS) {
      if (row[0] == bits) {
        return row[1];
      }
    }
    if (bits >= 256) {
      return bits;
    }
    throw new IllegalArgumentException("no RC2 version written here for " + bits + " bits");
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
    if (alg == Algorithm.RC4 && id.parametersAbsentOrNull()) {
      return new ContentSpec(alg, Bytes.empty(), 0, ANY_KEY_LENGTH, 0, Bytes.empty());
    }
    if (id.parameters() == null) {
      throw new MalformedMessageException(
          "malformed contentEncryptionAlgorithm: " + alg.cliName() + " parameters absent");
    }
    try {
      DerReader r = DerReader.ber(id.parameters().toByteArray());
      switch (alg) {
        case CHACHA20_POLY1305 -> {
          byte[] nonce = r.readOctetString("AEADChaCha20Poly1305Nonce");
          r.expectEmpty("AEADChaCha20Poly1305Nonce");
          if (nonce.length != alg.ivBytes()) {
            throw new MalformedMessageException(
                "invalid nonce length " + nonce.length + " for " + alg.cliName() + " (12)");
          }
          return new ContentSpec(alg, Bytes.of(nonce), alg.tagBytes());
        }
        case RC2_CBC -> {
          return parseRc2(r);
        }
        case RC4 -> {
          byte[] salt = r.readOctetString("RC4 salt");
          r.expectEmpty("RC4 salt");
          if (salt.length > MAX_VARIABLE_KEY_BYTES - MIN_VARIABLE_KEY_BYTES) {
            throw new MalformedMessageException(
                "RC4 salt of " + salt.length + " bytes: key and salt exceed 128 bits");
          }
          int keyBytes = salt.length == 0 ? ANY_KEY_LENGTH : MAX_VARIABLE_KEY_BYTES - salt.length;
          return new ContentSpec(alg, Bytes.empty(), 0, keyBytes, 0, Bytes.of(salt));
        }
        default -> {
          // the others below
        }
      }
      if (isCcm(alg)) {
        return parseCcm(alg, r);
      }
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
      checkIv(alg, iv);
      return new ContentSpec(alg, Bytes.of(iv), 0);
    } catch (Asn1Exception e) {
      throw new MalformedMessageException(e.getMessage(), e);
    }
  }

  /**
   * RFC 5084 3.1 {@code CCMParameters ::= SEQUENCE { aes-nonce OCTET STRING (SIZE(7..13)),
   * aes-ICVlen AES-CCM-ICVlen DEFAULT 12 }}, {@code AES-CCM-ICVlen ::= INTEGER (4 | 6 | 8 | 10 | 12
   * | 14 | 16)}. As for GCM, tags shorter than {@link #MIN_TAG_BYTES} (12) are refused: no short
   * tags (SECURITY.md #29), so 12, 14 and 16 open.
   */
  private static ContentSpec parseCcm(Algorithm alg, DerReader r)
      throws Asn1Exception, MalformedMessageException {
    DerReader p = r.readSequence("CCMParameters");
    byte[] nonce = p.readOctetString("CCMParameters.aes-nonce");
    int tag = 12;
    if (!p.isEmpty()) {
      tag = p.readSmallInt("CCMParameters.aes-ICVlen");
    }
    p.expectEmpty("CCMParameters");
    r.expectEmpty("CCMParameters");
    if (nonce.length < Ccm.MIN_NONCE_BYTES || nonce.length > Ccm.MAX_NONCE_BYTES) {
      throw new MalformedMessageException(
          "invalid nonce length " + nonce.length + " for " + alg.cliName() + " (7-13)");
    }
    if (!Ccm.validTagLength(tag)) {
      throw new MalformedMessageException(
          "CCM tag length " + tag + " is not valid (4, 6, 8, 10, 12, 14 or 16)");
    }
    if (tag < MIN_TAG_BYTES) {
      throw new MalformedMessageException(
          "CCM tag length " + tag + " not allowed (" + MIN_TAG_BYTES + ", 14 or 16)");
    }
    return new ContentSpec(alg, Bytes.of(nonce), tag);
  }

  /** AES-CCM, which needs the content length (and the AAD) before its first byte. */
  public boolean isCcm() {
    return isCcm(algorithm);
  }

  static boolean isCcm(Algorithm alg) {
    return alg == Algorithm.AES_128_CCM
        || alg == Algorithm.AES_192_CCM
        || alg == Algorithm.AES_256_CCM;
  }

  private static void checkIv(Algorithm alg, byte[] iv) throws MalformedMessageException {
    if (iv.length != alg.ivBytes()) {
      throw new MalformedMessageException(
          "invalid IV length " + iv.length + " for " + alg.cliName() + " (" + alg.ivBytes() + ")");
    }
  }

  /** RC2-CBC-Parameter, or the bare IV (RFC 2268 6), which means 32 effective bits. */
  private static ContentSpec parseRc2(DerReader r)
      throws Asn1Exception, MalformedMessageException, UnsupportedAlgorithmException {
    int bits = RC2_DEFAULT_BITS;
    byte[] iv;
    if (r.peek(Tag.SEQUENCE)) {
      DerReader p = r.readSequence("RC2-CBC-Parameter");
      if (p.peek(Tag.INTEGER)) {
        int version = p.readSmallInt("RC2-CBC-Parameter.rc2ParameterVersion");
        bits = rc2Bits(version);
      }
      iv = p.readOctetString("RC2-CBC-Parameter.iv");
      p.expectEmpty("RC2-CBC-Parameter");
    } else {
      iv = r.readOctetString("RC2 IV");
    }
    r.expectEmpty("RC2-CBC-Parameter");
    checkIv(Algorithm.RC2_CBC, iv);
    if (bits < 40) {
      // the JDK's RC2 (SunJCE) takes 40 to 1024 effective bits
      throw new UnsupportedAlgorithmException(
          "RC2 with " + bits + " effective key bits (no version given) is not supported");
    }
    return new ContentSpec(Algorithm.RC2_CBC, Bytes.of(iv), 0, bits / 8, bits, Bytes.empty());
  }

  /** Effective key bits of an RC2 version: the table's four, or 256..1024 in whole bytes. */
  private static int rc2Bits(int version) throws UnsupportedAlgorithmException {
    for (int[] row : RC2_VERSIONS) {
      if (row[1] == version) {
        return row[0];
      }
    }
    if (version >= 256 && version <= 1024 && version % 8 == 0) {
      return version;
    }
    throw new UnsupportedAlgorithmException(
        "RC2 parameter version "
            + version
            + " is not supported (160, 52, 120, 58 for 40, 56, 64, 128 bits; 256-1024)");
  }
}
