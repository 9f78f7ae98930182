package dev.envelope.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.ContentCipher;
import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.KeyWrap;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.asn1.Bytes;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo.RecipientEncryptedKey;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.interop.TestPki.Identity;
import dev.envelope.recipient.RecipientSurgery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code openssl cms} (3.0) as a key agreement peer, both ways, on P-256, P-384 and P-521 with EC
 * keys and certificates made by {@code openssl req}: Envelope seals (AES-256-CBC EnvelopedData and
 * AES-256-GCM AuthEnvelopedData, both identifier kinds, several KDF hashes and wraps) and {@code
 * openssl cms -decrypt} opens; {@code openssl cms -encrypt} seals (its default SHA-1 KDF and others
 * through {@code -keyopt ecdh_kdf_md}, issuer-and-serial and {@code -keyid}) and Envelope opens.
 * Negative twins: a modified encrypted key fails on both sides. Skipped without openssl.
 */
class KeyAgreeOpensslInteropTest {

  @TempDir static Path dir;

  static final List<String> CURVES = List.of("P-256", "P-384", "P-521");

  private static final Map<String, Identity> IDS = new java.util.HashMap<>();

  private static final byte[] CONTENT = OpensslInteropTest.content(777);

  @BeforeAll
  static void identities() {
    Openssl.assumeAvailable();
    for (String c : CURVES) {
      IDS.put(c, KeyAgreePki.openssl(dir, name(c), c));
    }
  }

  private static String name(String curve) {
    return "ec" + curve.substring(2);
  }

  private static Path keyFile(String curve) {
    return dir.resolve(name(curve) + ".key.pem");
  }

  private static Path certFile(String curve) {
    return dir.resolve(name(curve) + ".cert.pem");
  }

  // -- Envelope seals, openssl opens -------------------------------------------------------------

  record ToOpenssl(
      String curve,
      ContentCipher cipher,
      RecipientIdentifierType rid,
      KdfHash hash,
      KeyWrap wrap) {}

  static Stream<Arguments> toOpenssl() {
    List<Arguments> out = new ArrayList<>();
    for (String c : CURVES) {
      for (ContentCipher cipher : List.of(ContentCipher.AES_256_CBC, ContentCipher.AES_256_GCM)) {
        for (RecipientIdentifierType rid : RecipientIdentifierType.values()) {
          ToOpenssl t = new ToOpenssl(c, cipher, rid, KdfHash.SHA256, KeyWrap.AES_256);
          out.add(Arguments.of(Named.of(c + " " + cipher + " " + rid + " defaults", t)));
        }
      }
      for (KdfHash h : KdfHash.values()) {
        KeyWrap w =
            h == KdfHash.SHA1
                ? KeyWrap.AES_128
                : h == KdfHash.SHA384 ? KeyWrap.AES_192 : KeyWrap.AES_256;
        ToOpenssl t =
            new ToOpenssl(
                c,
                ContentCipher.AES_128_CBC,
                RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER,
                h,
                w);
        out.add(Arguments.of(Named.of(c + " aes-128-cbc " + h + " " + w, t)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("toOpenssl")
  void envelopeSealsOpensslOpens(ToOpenssl t) throws Exception {
    Identity bob = IDS.get(t.curve());
    byte[] message =
        Envelope.sealer()
            .withCipher(t.cipher())
            .withRecipientIdentifier(t.rid())
            .withRecipient(new Recipient.KeyAgreement(bob.certificate(), t.hash(), t.wrap()))
            .seal(CONTENT);

    assertThat(opensslDecrypt(t.curve(), message).exitCode()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("plain.bin"))).isEqualTo(CONTENT);

    // the negative twin: the encrypted key modified, openssl must refuse it
    byte[] spoiled = withEncryptedKeyFlipped(message);
    Openssl.Result r = opensslDecrypt(t.curve(), spoiled);
    assertThat(r.exitCode()).as(r.stderr()).isNotZero();
  }

  @Test
  void theDefaultRecipientOfAnEcCertificateOpensInOpenssl() throws Exception {
    for (String c : CURVES) {
      byte[] message =
          Envelope.sealer().withRecipient(Recipient.of(IDS.get(c).certificate())).seal(CONTENT);
      assertThat(opensslDecrypt(c, message).exitCode()).isZero();
      assertThat(Files.readAllBytes(dir.resolve("plain.bin"))).isEqualTo(CONTENT);
    }
  }

  private static Openssl.Result opensslDecrypt(String curve, byte[] message) throws Exception {
    Path in = Files.write(dir.resolve("sealed.der"), message);
    Path out = dir.resolve("plain.bin");
    Files.deleteIfExists(out);
    return Openssl.run(
        dir,
        "cms",
        "-decrypt",
        "-binary",
        "-inform",
        "DER",
        "-in",
        in.toString(),
        "-inkey",
        keyFile(curve).toString(),
        "-recip",
        certFile(curve).toString(),
        "-out",
        out.toString());
  }

  // -- openssl seals, Envelope opens -------------------------------------------------------------

  record FromOpenssl(String curve, String cipher, String kdfMd, boolean keyid) {}

  static Stream<Arguments> fromOpenssl() {
    List<Arguments> out = new ArrayList<>();
    for (String c : CURVES) {
      for (String cipher : List.of("aes-256-cbc", "aes-256-gcm", "aes-128-cbc")) {
        for (String md : new String[] {null, "sha256", "sha384", "sha512", "sha224"}) {
          if (!cipher.equals("aes-256-cbc") && md != null && !md.equals("sha256")) {
            continue;
          }
          for (boolean keyid : new boolean[] {false, true}) {
            FromOpenssl f = new FromOpenssl(c, cipher, md, keyid);
            out.add(
                Arguments.of(
                    Named.of(
                        c
                            + " "
                            + cipher
                            + " kdf "
                            + (md == null ? "default" : md)
                            + (keyid ? " -keyid" : ""),
                        f)));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fromOpenssl")
  void opensslSealsEnvelopeOpens(FromOpenssl f) throws Exception {
    Path in = Files.write(dir.resolve("content.bin"), CONTENT);
    Path out = dir.resolve("from-openssl.der");
    List<String> args =
        new ArrayList<>(
            List.of(
                "cms",
                "-encrypt",
                "-binary",
                "-in",
                in.toString(),
                "-outform",
                "DER",
                "-out",
                out.toString(),
                "-" + f.cipher()));
    if (f.keyid()) {
      args.add("-keyid");
    }
    args.addAll(List.of("-recip", certFile(f.curve()).toString()));
    if (f.kdfMd() != null) {
      args.addAll(List.of("-keyopt", "ecdh_kdf_md:" + f.kdfMd()));
    }
    Openssl.run(dir, args.toArray(String[]::new)).orThrow();
    byte[] message = Files.readAllBytes(out);

    KeyAgreeRecipientInfo kari = kari(message);
    Algorithm scheme = Algorithm.byOid(kari.keyEncryptionAlgorithm().algorithm()).orElseThrow();
    assertThat(scheme.hash().orElseThrow().cliName())
        .isEqualTo(f.kdfMd() == null ? "sha1" : f.kdfMd());
    assertThat(kari.recipientEncryptedKeys().get(0).rid())
        .isInstanceOf(
            f.keyid()
                ? RecipientIdentifier.SubjectKeyId.class
                : RecipientIdentifier.IssuerSerial.class);

    Identity bob = IDS.get(f.curve());
    assertThat(Envelope.decrypt(message, bob.keySource()).content()).isEqualTo(CONTENT);
    assertThat(Envelope.decrypt(message, bob.keyOnly()).content()).isEqualTo(CONTENT);

    // the negative twin
    Throwable t =
        catchThrowable(() -> Envelope.decrypt(withEncryptedKeyFlipped(message), bob.keySource()));
    assertThat(t).isExactlyInstanceOf(DecryptionFailedException.class);
    // and another curve's key is not this entry's
    Identity other = IDS.get(f.curve().equals("P-256") ? "P-384" : "P-256");
    assertThat(catchThrowable(() -> Envelope.decrypt(message, other.keySource())))
        .isInstanceOf(dev.envelope.error.NoMatchingRecipientException.class);
  }

  // -- helpers
  // -------------------------------------------------------------------------------------

  static CmsMessage decode(byte[] der) {
    try {
      return CmsCodec.decode(der, CmsLimits.DEFAULT);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static KeyAgreeRecipientInfo kari(byte[] der) {
    return decode(der).recipientInfos().stream()
        .filter(KeyAgreeRecipientInfo.class::isInstance)
        .map(KeyAgreeRecipientInfo.class::cast)
        .findFirst()
        .orElseThrow();
  }

  static byte[] withEncryptedKeyFlipped(byte[] der) {
    return withKari(
        der,
        k -> {
          List<RecipientEncryptedKey> reks = new ArrayList<>();
          for (RecipientEncryptedKey rek : k.recipientEncryptedKeys()) {
            byte[] ek = rek.encryptedKey().toByteArray();
            ek[ek.length / 2] ^= 0x01;
            reks.add(new RecipientEncryptedKey(rek.rid(), rek.rKeyIdExtras(), Bytes.of(ek)));
          }
          return new KeyAgreeRecipientInfo(
              k.originator(), k.ukm(), k.keyEncryptionAlgorithm(), reks);
        });
  }

  static byte[] withKari(byte[] der, UnaryOperator<KeyAgreeRecipientInfo> f) {
    return RecipientSurgery.rewrite(der, KeyAgreeRecipientInfo.class, f);
  }
}
