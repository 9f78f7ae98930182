package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.NamedParameterSpec;
import javax.crypto.KeyAgreement;

/** Key comparisons that do not depend on how a key happens to be encoded. */
final class KeyAssertions {
  private KeyAssertions() {}

  /** The same key: the same numbers (RSA, EC), or the same PKCS #8 encoding otherwise. */
  static void assertSameKey(PrivateKey actual, PrivateKey expected) {
    if (expected instanceof RSAPrivateCrtKey e) {
      assertThat(actual).isInstanceOf(RSAPrivateCrtKey.class);
      RSAPrivateCrtKey a = (RSAPrivateCrtKey) actual;
      assertThat(a.getModulus()).isEqualTo(e.getModulus());
      assertThat(a.getPrivateExponent()).isEqualTo(e.getPrivateExponent());
      assertThat(a.getPublicExponent()).isEqualTo(e.getPublicExponent());
      assertThat(a.getPrimeP()).isEqualTo(e.getPrimeP());
    } else if (expected instanceof ECPrivateKey e) {
      assertThat(actual).isInstanceOf(ECPrivateKey.class);
      ECPrivateKey a = (ECPrivateKey) actual;
      assertThat(a.getS()).isEqualTo(e.getS());
      assertThat(a.getParams().getOrder()).isEqualTo(e.getParams().getOrder());
      assertThat(a.getParams().getGenerator()).isEqualTo(e.getParams().getGenerator());
    } else {
      assertThat(actual.getAlgorithm()).isEqualTo(expected.getAlgorithm());
      assertThat(actual.getEncoded()).isEqualTo(expected.getEncoded());
    }
  }

  /** The private key belongs to the certificate: a signature or a key agreement proves it. */
  static void assertKeyMatches(PrivateKey key, X509Certificate cert) throws Exception {
    assertKeyMatches(key, cert.getPublicKey());
  }

  static void assertKeyMatches(PrivateKey key, PublicKey pub) throws Exception {
    String alg = pub.getAlgorithm();
    switch (alg) {
      case "XDH", "X25519", "X448" -> {
        String curve =
            ((NamedParameterSpec) ((java.security.interfaces.XECKey) pub).getParams()).getName();
        KeyPairGenerator g = KeyPairGenerator.getInstance(curve);
        KeyPair eph = g.generateKeyPair();
        KeyAgreement one = KeyAgreement.getInstance("XDH");
        one.init(key);
        one.doPhase(eph.getPublic(), true);
        KeyAgreement two = KeyAgreement.getInstance("XDH");
        two.init(eph.getPrivate());
        two.doPhase(pub, true);
        assertThat(one.generateSecret()).isEqualTo(two.generateSecret());
      }
      default -> {
        String sigAlg =
            switch (alg) {
              case "RSA" -> "SHA256withRSA";
              case "EC" -> "SHA256withECDSA";
              default -> alg; // EdDSA, Ed25519, Ed448
            };
        byte[] data = "proof of possession".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(sigAlg);
        s.initSign(key);
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(sigAlg);
        v.initVerify(pub);
        v.update(data);
        assertThat(v.verify(sig)).as("signature by the key verifies with the public key").isTrue();
      }
    }
  }
}
