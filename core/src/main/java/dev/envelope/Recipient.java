package dev.envelope;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import java.util.Objects;

/**
 * Someone a message is sealed for. Each kind makes one kind of recipient entry (RFC 5652 6.2, RFC
 * 9629): key transport for RSA certificates, key agreement for EC, X25519 and X448 certificates,
 * KEM for ML-KEM certificates, and recipients by a shared key-encryption key or a password.
 */
public sealed interface Recipient {

  /**
   * The recipient for a certificate, with the defaults for its key type: RSA keys get RSAES-OAEP
   * with SHA-256 and MGF1-SHA-256; EC keys (P-256, P-384, P-521) ECDH with the X9.63 KDF over
   * SHA-256 and AES-256 key wrap (RFC 5753); X25519 and X448 keys ECDH with HKDF-SHA256 and AES-256
   * wrap (RFC 8418); ML-KEM keys KEMRecipientInfo with HKDF-SHA256 and AES-256 wrap (RFC 9629).
   *
   * @throws IllegalArgumentException when the certificate's key is of a kind no recipient entry
   *     serves
   */
  static Recipient of(X509Certificate certificate) {
    PublicKey key = certificate.getPublicKey();
    if (key instanceof RSAPublicKey) {
      return new KeyTransport(certificate, RsaPadding.OAEP, OaepHash.SHA256);
    }
    String alg = key.getAlgorithm().toUpperCase(Locale.ROOT);
    if (key instanceof ECPublicKey
        || alg.equals("EC")
        || alg.equals("XDH")
        || alg.equals("X25519")
        || alg.equals("X448")) {
      return new KeyAgreement(certificate, KdfHash.SHA256, KeyWrap.AES_256);
    }
    if (dev.envelope.crypto.MlKem.isMlKem(key)) { // also by OID on a runtime without ML-KEM
      return new Kem(certificate, KeyWrap.AES_256);
    }
    throw new IllegalArgumentException(
        "cannot seal for a " + key.getAlgorithm() + " certificate (RSA, EC, X25519, X448, ML-KEM)");
  }

  /** A recipient holding the same key-encryption key (RFC 5652 6.2.3), AES key wrap. */
  static Recipient kek(byte[] keyIdentifier, byte[] key) {
    return new Kek(keyIdentifier, key);
  }

  /**
   * A recipient who knows the password (RFC 3211), with the defaults: PBKDF2-HMAC-SHA256, 600,000
   * iterations, a 16-byte salt.
   */
  static Recipient password(char[] password) {
    return new Password(password, KdfHash.SHA256, Password.DEFAULT_ITERATIONS);
  }

  /**
   * RSA key transport (RFC 5652 6.2.1): the content key encrypted with the certificate's RSA public
   * key.
   *
   * @param oaepHash the OAEP hash, ignored for {@link RsaPadding#PKCS1}
   */
  record KeyTransport(X509Certificate certificate, RsaPadding padding, OaepHash oaepHash)
      implements Recipient {
    public KeyTransport {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(padding, "padding");
      Objects.requireNonNull(oaepHash, "oaepHash");
      if (!(certificate.getPublicKey() instanceof RSAPublicKey)) {
        throw new IllegalArgumentException("key transport needs an RSA certificate");
      }
    }

    public KeyTransport withPadding(RsaPadding padding) {
      return new KeyTransport(certificate, padding, oaepHash);
    }

    public KeyTransport withOaepHash(OaepHash hash) {
      return new KeyTransport(certificate, padding, hash);
    }
  }

  /**
   * Ephemeral-static key agreement (RFC 5652 6.2.2): ECDH on P-256, P-384 or P-521 with the X9.63
   * KDF (RFC 5753), or X25519/X448 with HKDF (RFC 8418), and the derived key wrapping the content
   * key.
   *
   * @param kdfHash the KDF's hash (SHA-1 to SHA-512 for EC; SHA-256, -384 or -512 for X25519/X448)
   * @param wrap the key wrap
   */
  record KeyAgreement(X509Certificate certificate, KdfHash kdfHash, KeyWrap wrap)
      implements Recipient {
    public KeyAgreement {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(kdfHash, "kdfHash");
      Objects.requireNonNull(wrap, "wrap");
    }
  }

  /**
   * A KEM recipient (RFC 9629) for an ML-KEM certificate: the KEM's shared secret through
   * HKDF-SHA256 wraps the content key. Needs Java 24 or later. RFC 9936 fixes the wrap by parameter
   * set: ML-KEM-512 always gets AES-128 wrap, ML-KEM-1024 AES-256 wrap, ML-KEM-768 {@code wrap}
   * when it is AES-192 or AES-256, else AES-256.
   */
  record Kem(X509Certificate certificate, KeyWrap wrap) implements Recipient {
    public Kem {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(wrap, "wrap");
    }
  }

  /**
   * A recipient by a previously shared key-encryption key (RFC 5652 6.2.3): AES key wrap (RFC 3394)
   * with a 16, 24 or 32-byte key. The arrays are copied.
   *
   * @param keyIdentifier the identifier both sides know the key by
   */
  record Kek(byte[] keyIdentifier, byte[] key) implements Recipient {
    public Kek {
      keyIdentifier = Objects.requireNonNull(keyIdentifier, "keyIdentifier").clone();
      key = Objects.requireNonNull(key, "key").clone();
      if (key.length != 16 && key.length != 24 && key.length != 32) {
        throw new IllegalArgumentException("a KEK is an AES key of 16, 24 or 32 bytes");
      }
    }

    /** Says which identifier, never the key. */
    @Override
    public String toString() {
      return "Kek[id=" + java.util.HexFormat.of().formatHex(keyIdentifier) + "]";
    }
  }

  /**
   * A recipient by password (RFC 5652 6.2.4, RFC 3211): PBKDF2 derives a key that wraps the content
   * key. The password is copied.
   *
   * @param prf the PBKDF2 pseudo-random function's hash (SHA-1, SHA-256 or SHA-512)
   */
  record Password(char[] password, KdfHash prf, int iterations) implements Recipient {
    /** 600,000: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    public Password {
      password = Objects.requireNonNull(password, "password").clone();
      Objects.requireNonNull(prf, "prf");
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be positive");
      }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
      return "Password[" + prf + ", " + iterations + " iterations]";
    }
  }
}
