package dev.envelope.x509;

import dev.envelope.error.UnsupportedAlgorithmException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;
import java.util.Objects;

/**
 * Key generation by the command line's key type names; see {@link CertificateBuilder#KEY_SPECS}.
 */
final class KeyPairs {
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyPairs() {}

  static KeyPair generate(String spec) throws UnsupportedAlgorithmException {
    Objects.requireNonNull(spec, "spec");
    String s = spec.toLowerCase(Locale.ROOT);
    try {
      KeyPairGenerator g;
      switch (s) {
        case "rsa2048", "rsa3072", "rsa4096" -> {
          g = KeyPairGenerator.getInstance("RSA");
          int bits = Integer.parseInt(s.substring(3));
          g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), RANDOM);
        }
        case "ec-p256", "ec-p384", "ec-p521" -> {
          g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec("secp" + s.substring(4) + "r1"), RANDOM);
        }
        case "x25519", "x448" -> g = KeyPairGenerator.getInstance(s.toUpperCase(Locale.ROOT));
        case "ml-kem-512", "ml-kem-768", "ml-kem-1024" -> {
          // by name, not NamedParameterSpec.ML_KEM_768: that constant is Java 24, we build for 21
          g = KeyPairGenerator.getInstance("ML-KEM");
          g.initialize(new NamedParameterSpec(s.toUpperCase(Locale.ROOT)), RANDOM);
        }
        default ->
            throw new IllegalArgumentException(
                "unknown key type \""
                    + spec
                    + "\"; one of "
                    + String.join(", ", CertificateBuilder.KEY_SPECS));
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      String hint = s.startsWith("ml-kem") ? " (ML-KEM needs Java 24 or later)" : "";
      throw new UnsupportedAlgorithmException(
          "this Java runtime cannot generate " + s + " keys" + hint, e);
    }
  }
}
