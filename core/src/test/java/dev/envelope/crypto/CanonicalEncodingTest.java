package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.OaepHash;
import dev.envelope.Recipient;
import dev.envelope.RsaPadding;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.Oid;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import dev.envelope.interop.TestPki;
import dev.envelope.vectors.Vectors;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parameter encodings Envelope writes, pinned byte for byte (peers compare some of them as
 * bytes: .NET has the OAEP SHA-256 parameters as a constant), and the variants it reads.
 */
class CanonicalEncodingTest {

  private static final HexFormat HEX = HexFormat.of();

  private static TestPki.Identity alice;

  @BeforeAll
  static void identity() {
    alice = TestPki.rsa(2048, "canonical");
  }

  // -- building blocks, so that every table row below reads as its ASN.1 --------------------------

  /** A TLV with a short or long definite length; {@code parts} are hex, concatenated. */
  static String tlv(String tag, String... parts) {
    String body = String.join("", parts).replace(" ", "");
    int n = body.length() / 2;
    String len =
        n < 0x80
            ? String.format("%02x", n)
            : n < 0x100 ? "81" + String.format("%02x", n) : "82" + String.format("%04x", n);
    return tag + len + body;
  }

  static String seq(String... parts) {
    return tlv("30", parts);
  }

  static final String NULL = "0500";
  static final String OID_SHA1 = "06052b0e03021a";
  static final String OID_SHA256 = "0609608648016503040201";
  static final String OID_SHA384 = "0609608648016503040202";
  static final String OID_SHA512 = "0609608648016503040203";
  static final String OID_MD5 = "06082a864886f70d0205";
  static final String OID_MGF1 = "06092a864886f70d010108";
  static final String OID_PSPECIFIED = "06092a864886f70d010109";

  static String hashFunc(String hashId) {
    return tlv("a0", hashId);
  }

  static String maskGenFunc(String hashId) {
    return tlv("a1", seq(OID_MGF1, hashId));
  }

  static String pSourceFunc(String labelHex) {
    return tlv("a2", seq(OID_PSPECIFIED, tlv("04", labelHex)));
  }

  // -- what Envelope writes
  // ------------------------------------------------------------------------

  /** The constant in .NET's System.Security.Cryptography.Pkcs (RSA-OAEP SHA-256 parameters). */
  static final String DOTNET_OAEP_SHA256 =
      "302fa00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500";

  record Written(Algorithm hash, String hex) {}

  static Stream<Arguments> oaepWritten() {
    return Stream.of(
        Arguments.of(
            Named.of("SHA-1 (all defaults: empty SEQUENCE)", new Written(Algorithm.SHA1, "3000"))),
        Arguments.of(
            Named.of("SHA-256 (.NET constant)", new Written(Algorithm.SHA256, DOTNET_OAEP_SHA256))),
        Arguments.of(
            Named.of(
                "SHA-384",
                new Written(
                    Algorithm.SHA384,
                    seq(hashFunc(seq(OID_SHA384, NULL)), maskGenFunc(seq(OID_SHA384, NULL)))))),
        Arguments.of(
            Named.of(
                "SHA-512",
                new Written(
                    Algorithm.SHA512,
                    seq(hashFunc(seq(OID_SHA512, NULL)), maskGenFunc(seq(OID_SHA512, NULL)))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oaepWritten")
  void oaepParametersAreWrittenCanonically(Written w) {
    AlgorithmIdentifier id = OaepParams.of(w.hash()).toAlgorithmIdentifier();

    assertThat(id.algorithm()).isEqualTo(Oid.of("1.2.840.113549.1.1.7"));
    assertThat(id.parameters().toHex()).isEqualTo(w.hex());
  }

  @Test
  void theSha384AndSha512RowsAreTheDotnetConstantWithAnotherHash() {
    // a cross-check of the table above, independent of the tlv helper
    assertThat(seq(hashFunc(seq(OID_SHA256, NULL)), maskGenFunc(seq(OID_SHA256, NULL))))
        .isEqualTo(DOTNET_OAEP_SHA256);
    assertThat(OaepParams.of(Algorithm.SHA384).toAlgorithmIdentifier().parameters().toHex())
        .isEqualTo(DOTNET_OAEP_SHA256.replace("0304020105", "0304020205"));
    assertThat(OaepParams.of(Algorithm.SHA512).toAlgorithmIdentifier().parameters().toHex())
        .isEqualTo(DOTNET_OAEP_SHA256.replace("0304020105", "0304020305"));
  }

  private static KeyTransRecipientInfo sealedKtri(RsaPadding padding, OaepHash hash)
      throws Exception {
    byte[] der =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_CBC)
            .withRecipient(new Recipient.KeyTransport(alice.certificate(), padding, hash))
            .seal(new byte[] {1, 2, 3});
    return (KeyTransRecipientInfo) CmsCodec.decode(der, CmsLimits.DEFAULT).recipientInfos().get(0);
  }

  @ParameterizedTest
  @EnumSource(OaepHash.class)
  void sealedMessagesCarryTheCanonicalOaepParameters(OaepHash hash) throws Exception {
    Algorithm a = Algorithm.digest(hash.cliName()).orElseThrow();

    assertThat(sealedKtri(RsaPadding.OAEP, hash).keyEncryptionAlgorithm())
        .isEqualTo(OaepParams.of(a).toAlgorithmIdentifier());
  }

  @Test
  void rsaEncryptionIsWrittenWithNullParameters() throws Exception {
    AlgorithmIdentifier id = sealedKtri(RsaPadding.PKCS1, OaepHash.SHA256).keyEncryptionAlgorithm();

    assertThat(id.algorithm()).isEqualTo(Oid.of("1.2.840.113549.1.1.1"));
    assertThat(id.parameters().toHex()).isEqualTo("0500");
    byte[] der =
        Envelope.sealer()
            .withCipher(ContentCipher.AES_256_CBC)
            .withRecipient(
                new Recipient.KeyTransport(alice.certificate(), RsaPadding.PKCS1, OaepHash.SHA1))
            .seal(new byte[1]);
    assertThat(HEX.formatHex(der)).contains("300d06092a864886f70d0101010500");
  }

  record ContentParams(Algorithm algorithm, String oidHex, int ivBytes) {}

  static Stream<Arguments> cbcCiphers() {
    return Stream.of(
        Arguments.of(new ContentParams(Algorithm.AES_128_CBC, "0609608648016503040102", 16)),
        Arguments.of(new ContentParams(Algorithm.AES_192_CBC, "0609608648016503040116", 16)),
        Arguments.of(new ContentParams(Algorithm.AES_256_CBC, "060960864801650304012a", 16)),
        Arguments.of(new ContentParams(Algorithm.DES_EDE3_CBC, "06082a864886f70d0307", 8)));
  }

  @ParameterizedTest
  @MethodSource("cbcCiphers")
  void cbcParametersAreTheIvAsOctetString(ContentParams p) throws Exception {
    byte[] iv = counting(p.ivBytes());
    AlgorithmIdentifier id = ContentSpec.fresh(p.algorithm(), iv).toAlgorithmIdentifier();

    assertThat(HEX.formatHex(encodeAlgorithm(id)))
        .isEqualTo(seq(p.oidHex(), tlv("04", HEX.formatHex(iv))));
    assertThat(ContentSpec.parse(id, false))
        .isEqualTo(new ContentSpec(p.algorithm(), Bytes.of(iv), 0));
  }

  static Stream<Arguments> gcmCiphers() {
    return Stream.of(
        Arguments.of(new ContentParams(Algorithm.AES_128_GCM, "0609608648016503040106", 12)),
        Arguments.of(new ContentParams(Algorithm.AES_192_GCM, "060960864801650304011a", 12)),
        Arguments.of(new ContentParams(Algorithm.AES_256_GCM, "060960864801650304012e", 12)));
  }

  @ParameterizedTest
  @MethodSource("gcmCiphers")
  void gcmParametersAreNonceAndSixteenByteTag(ContentParams p) throws Exception {
    byte[] nonce = counting(12);
    AlgorithmIdentifier id = ContentSpec.fresh(p.algorithm(), nonce).toAlgorithmIdentifier();

    assertThat(HEX.formatHex(encodeAlgorithm(id)))
        .isEqualTo(seq(p.oidHex(), seq(tlv("04", HEX.formatHex(nonce)), "020110")));
    assertThat(ContentSpec.parse(id, true))
        .isEqualTo(new ContentSpec(p.algorithm(), Bytes.of(nonce), 16));
  }

  @Test
  void gcmIcvLengthAbsentMeansTwelve() throws Exception {
    byte[] nonce = counting(12);
    AlgorithmIdentifier id =
        new AlgorithmIdentifier(
            Algorithm.AES_128_GCM.oid(), Bytes.ofHex(seq(tlv("04", HEX.formatHex(nonce)))));

    assertThat(ContentSpec.parse(id, true).tagBytes()).isEqualTo(12);
  }

  @ParameterizedTest
  @EnumSource(ContentCipher.class)
  void sealedMessagesCarryTheseParameters(ContentCipher c) throws Exception {
    byte[] der =
        Envelope.sealer()
            .withCipher(c)
            .withRecipient(Recipient.of(alice.certificate()))
            .seal(new byte[] {1});
    CmsMessage m = CmsCodec.decode(der, CmsLimits.DEFAULT);
    AlgorithmIdentifier id = m.encryptedContentInfo().contentEncryptionAlgorithm();
    ContentSpec spec = ContentSpec.parse(id, c.isAuthenticated());

    assertThat(spec.toAlgorithmIdentifier()).isEqualTo(id);
    assertThat(spec.tagBytes()).isEqualTo(c.isAuthenticated() ? 16 : 0);
    String prefix =
        switch (c) {
          case CHACHA20_POLY1305 -> "040c"; // RFC 8103: the nonce alone
          case AES_128_CCM, AES_192_CCM, AES_256_CCM -> "300c0407"; // RFC 5084 3.1: 7-byte nonce
          case DES_EDE3_CBC, DES_CBC -> "0408";
          case RC2_40 -> "300e020200a00408"; // RFC 3370 5.2: version 160, IV
          case RC2_56 -> "300d0201340408"; // version 52
          case RC2_64 -> "300d0201780408"; // version 120
          case RC2_128 -> "300d02013a0408"; // version 58
          case RC4_40, RC4_56, RC4_128 -> "0400"; // no salt, as openssl writes it
          default -> c.isAuthenticated() ? "3011040c" : "0410";
        };
    assertThat(id.parameters().toHex()).startsWith(prefix);
  }

  private static byte[] encodeAlgorithm(AlgorithmIdentifier id) {
    return dev.envelope.asn1.DerWriter.encode(
        w ->
            w.addSequence(
                s -> {
                  s.addOid(id.algorithm());
                  if (id.parameters() != null) {
                    s.addEncoded(id.parameters().toByteArray());
                  }
                }));
  }

  private static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (0xA0 + i);
    }
    return b;
  }

  // -- what Envelope reads ---------------------------------------------------------------------

  record Parsed(String paramsHex, OaepParams expected) {}

  static OaepParams oaep(Algorithm hash, Algorithm mgf, String labelHex) {
    return new OaepParams(hash, mgf, Bytes.ofHex(labelHex));
  }

  static Stream<Arguments> oaepAccepted() {
    return Stream.of(
        Arguments.of(
            Named.of(
                "empty SEQUENCE: SHA-1 defaults",
                new Parsed("3000", oaep(Algorithm.SHA1, Algorithm.SHA1, "")))),
        Arguments.of(
            Named.of(
                "SHA-1 spelled out, NULL parameters",
                new Parsed(
                    seq(hashFunc(seq(OID_SHA1, NULL)), maskGenFunc(seq(OID_SHA1, NULL))),
                    oaep(Algorithm.SHA1, Algorithm.SHA1, "")))),
        Arguments.of(
            Named.of(
                "SHA-256 with NULL hash parameters (.NET)",
                new Parsed(DOTNET_OAEP_SHA256, oaep(Algorithm.SHA256, Algorithm.SHA256, "")))),
        Arguments.of(
            Named.of(
                "SHA-256 with absent hash parameters (OpenSSL)",
                new Parsed(
                    seq(hashFunc(seq(OID_SHA256)), maskGenFunc(seq(OID_SHA256))),
                    oaep(Algorithm.SHA256, Algorithm.SHA256, "")))),
        Arguments.of(
            Named.of(
                "SHA-256 hash, MGF1 absent (= MGF1-SHA-1)",
                new Parsed(
                    seq(hashFunc(seq(OID_SHA256, NULL))),
                    oaep(Algorithm.SHA256, Algorithm.SHA1, "")))),
        Arguments.of(
            Named.of(
                "MGF1 hash differs from the OAEP hash (.NET rejects, RFC allows)",
                new Parsed(
                    seq(hashFunc(seq(OID_SHA256)), maskGenFunc(seq(OID_SHA1))),
                    oaep(Algorithm.SHA256, Algorithm.SHA1, "")))),
        Arguments.of(
            Named.of(
                "pSpecified label 0102030405 (.NET rejects, RFC allows)",
                new Parsed(
                    seq(pSourceFunc("0102030405")),
                    oaep(Algorithm.SHA1, Algorithm.SHA1, "0102030405")))),
        Arguments.of(
            Named.of(
                "pSpecified empty label spelled out",
                new Parsed(seq(pSourceFunc("")), oaep(Algorithm.SHA1, Algorithm.SHA1, "")))),
        Arguments.of(
            Named.of(
                "SHA-384 / MGF1-SHA-512 / label",
                new Parsed(
                    seq(
                        hashFunc(seq(OID_SHA384, NULL)),
                        maskGenFunc(seq(OID_SHA512)),
                        pSourceFunc("ff")),
                    oaep(Algorithm.SHA384, Algorithm.SHA512, "ff")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oaepAccepted")
  void oaepParametersAccepted(Parsed p) throws Exception {
    AlgorithmIdentifier id =
        new AlgorithmIdentifier(Algorithm.RSA_OAEP.oid(), Bytes.ofHex(p.paramsHex()));

    assertThat(OaepParams.parse(id)).isEqualTo(p.expected());
  }

  record Rejected(String paramsHex, Class<? extends EnvelopeException> error) {}

  static Stream<Arguments> oaepRejected() {
    Class<MalformedMessageException> malformed = MalformedMessageException.class;
    Class<UnsupportedAlgorithmException> unsupported = UnsupportedAlgorithmException.class;
    return Stream.of(
        Arguments.of(
            Named.of("parameters absent (CVE-2026-28390 shape)", new Rejected(null, malformed))),
        Arguments.of(Named.of("parameters NULL", new Rejected(NULL, malformed))),
        Arguments.of(Named.of("parameters not a SEQUENCE", new Rejected("0400", malformed))),
        Arguments.of(
            Named.of("trailing bytes after the SEQUENCE", new Rejected("30000500", malformed))),
        Arguments.of(Named.of("unknown field [3]", new Rejected(seq(tlv("a3", NULL)), malformed))),
        Arguments.of(
            Named.of("hash MD5", new Rejected(seq(hashFunc(seq(OID_MD5, NULL))), unsupported))),
        Arguments.of(
            Named.of(
                "hash unknown OID 1.2.3.4",
                new Rejected(seq(hashFunc(seq("06032a0304"))), unsupported))),
        Arguments.of(
            Named.of(
                "MGF1 over MD5", new Rejected(seq(maskGenFunc(seq(OID_MD5, NULL))), unsupported))),
        Arguments.of(
            Named.of(
                "mask generation not MGF1",
                new Rejected(seq(tlv("a1", seq("06032a0304", seq(OID_SHA1)))), unsupported))),
        Arguments.of(
            Named.of(
                "MGF1 without its hash", new Rejected(seq(tlv("a1", seq(OID_MGF1))), malformed))),
        Arguments.of(
            Named.of(
                "pSourceFunc not pSpecified",
                new Rejected(seq(tlv("a2", seq("06032a0304", "0400"))), unsupported))),
        Arguments.of(
            Named.of(
                "hash parameters neither NULL nor absent",
                new Rejected(seq(hashFunc(seq(OID_SHA256, "0400"))), malformed))),
        Arguments.of(
            Named.of(
                "hash [0] not explicitly tagged",
                new Rejected(seq(tlv("80", OID_SHA256)), malformed))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oaepRejected")
  void oaepParametersRejected(Rejected r) {
    AlgorithmIdentifier id =
        new AlgorithmIdentifier(
            Algorithm.RSA_OAEP.oid(), r.paramsHex() == null ? null : Bytes.ofHex(r.paramsHex()));

    assertThatThrownBy(() -> OaepParams.parse(id)).isExactlyInstanceOf(r.error());
  }

  /** The .NET vectors that .NET itself rejects and Envelope must read (shared vectors). */
  static Stream<Arguments> dotnetOaepVectors() {
    return Stream.of(
        Arguments.of(
            "dotnet-runtime/messages/TestDecryptSimpleAes256_RsaOaep_MaskGenFunc_HashFunc_Mismatch.der",
            oaep(Algorithm.SHA256, Algorithm.SHA1, "")),
        Arguments.of(
            "dotnet-runtime/messages/TestDecryptSimpleAes256_RsaOaep_PSpecified_NonDefault.der",
            oaep(Algorithm.SHA1, Algorithm.SHA1, "0102030405")),
        Arguments.of(
            "dotnet-runtime/messages/TestDecryptSimpleAes256_RsaOaepSha256.der",
            oaep(Algorithm.SHA256, Algorithm.SHA256, "")),
        Arguments.of(
            "dotnet-runtime/messages/TestDecryptSimpleAes256_RsaOaepSha1_Default.der",
            oaep(Algorithm.SHA1, Algorithm.SHA1, "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dotnetOaepVectors")
  void oaepParametersOfTheDotnetVectors(String file, OaepParams expected) throws Exception {
    CmsMessage m = CmsCodec.decode(Vectors.read(file), CmsLimits.DEFAULT);
    List<KeyTransRecipientInfo> ktris =
        m.recipientInfos().stream().map(KeyTransRecipientInfo.class::cast).toList();

    assertThat(OaepParams.parse(ktris.get(0).keyEncryptionAlgorithm())).isEqualTo(expected);
  }
}
