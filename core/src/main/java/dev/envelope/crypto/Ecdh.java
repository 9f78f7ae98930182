package dev.envelope.crypto;

import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.MalformedMessageException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.KeyAgreement;

/**
 * Elliptic-curve Diffie-Hellman through the JCA: ECDH on P-256, P-384 and P-521 (RFC 5753) and
 * X25519/X448 (RFC 7748, RFC 8418), with the checks the peer's key needs before any use of the
 * private key: an EC point must lie on the recipient's curve (an off-curve point would leak the
 * private key, the invalid-curve attack) and an X25519/X448 shared secret must not be all zero (RFC
 * 7748 section 6, the low-order points). The NIST curves have cofactor 1, so cofactor ECDH (RFC
 * 5753 dhSinglePass-cofactorDH) computes the same secret as standard ECDH.
 */
public final class Ecdh {
  private Ecdh() {}

  /** The parameters of the NIST curves, as the JDK knows them (compared to identify a key). */
  private static final Map<Algorithm, ECParameterSpec> NIST = nistCurves();

  private static Map<Algorithm, ECParameterSpec> nistCurves() {
    Map<Algorithm, ECParameterSpec> m = new EnumMap<>(Algorithm.class);
    for (Algorithm curve : new Algorithm[] {Algorithm.P256, Algorithm.P384, Algorithm.P521}) {
      try {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(curve.jcaName()));
        m.put(curve, p.getParameterSpec(ECParameterSpec.class));
      } catch (GeneralSecurityException e) {
        // a runtime without this curve: keys on it are simply not recognised
      }
    }
    return m;
  }

  /** Whether {@code curve} is one of the NIST prime curves (rather than X25519/X448). */
  public static boolean isNist(Algorithm curve) {
    return curve == Algorithm.P256 || curve == Algorithm.P384 || curve == Algorithm.P521;
  }

  /**
   * The curve row ({@link Algorithm#P256}, {@link Algorithm#P384}, {@link Algorithm#P521}, {@link
   * Algorithm#X25519}, {@link Algorithm#X448}) of a public or private key, or empty for any other
   * key.
   */
  public static Optional<Algorithm> curveOf(Key key) {
    if (key instanceof ECKey ec) {
      return nistCurve(ec.getParams());
    }
    if (key instanceof XECKey xec && xec.getParams() instanceof NamedParameterSpec n) {
      return xdhCurve(n.getName());
    }
    return key == null ? Optional.empty() : xdhCurve(key.getAlgorithm());
  }

  private static Optional<Algorithm> xdhCurve(String name) {
    return switch (name == null ? "" : name.toUpperCase(Locale.ROOT)) {
      case "X25519" -> Optional.of(Algorithm.X25519);
      case "X448" -> Optional.of(Algorithm.X448);
      default -> Optional.empty();
    };
  }

  private static Optional<Algorithm> nistCurve(ECParameterSpec spec) {
    if (spec == null) {
      return Optional.empty();
    }
    for (Map.Entry<Algorithm, ECParameterSpec> e : NIST.entrySet()) {
      if (sameCurve(e.getValue(), spec)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve())
        && a.getGenerator().equals(b.getGenerator())
        && a.getOrder().equals(b.getOrder())
        && a.getCofactor() == b.getCofactor();
  }

  /**
   * The length of a field element: of each coordinate of an uncompressed point on a NIST curve, of
   * the whole public key for X25519 (32) and X448 (56).
   */
  public static int fieldBytes(Algorithm curve) {
    return switch (curve) {
      case X25519 -> 32;
      case X448 -> 56;
      default -> {
        ECParameterSpec spec = NIST.get(curve);
        if (spec == null) {
          throw new IllegalArgumentException("not a supported curve: " + curve.cliName());
        }
        yield (((ECFieldFp) spec.getCurve().getField()).getP().bitLength() + 7) / 8;
      }
    };
  }

  /** A fresh key pair on {@code curve}: the ephemeral key of one message. */
  public static KeyPair generate(Algorithm curve, SecureRandom random)
      throws GeneralSecurityException {
    if (isNist(curve)) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve.jcaName()), random);
      return g.generateKeyPair();
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
    g.initialize(new NamedParameterSpec(curve.jcaName()), random);
    return g.generateKeyPair();
  }

  /**
   * A peer's public key on {@code curve} from its SubjectPublicKeyInfo, checked: an EC point must
   * lie on the curve.
   *
   * @throws MalformedMessageException when the encoding cannot be decoded as a key of that curve
   * @throws DecryptionFailedException when the point is not on the curve (the generic failure, as
   *     any other bad key: SECURITY.md #17)
   */
  public static PublicKey publicKey(Algorithm curve, byte[] subjectPublicKeyInfo)
      throws MalformedMessageException, DecryptionFailedException {
    PublicKey key;
    try {
      key =
          KeyFactory.getInstance(isNist(curve) ? "EC" : "XDH")
              .generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new MalformedMessageException(
          "the originator's " + curve.cliName() + " public key cannot be decoded");
    }
    if (curveOf(key).orElse(null) != curve) {
      throw new MalformedMessageException(
          "the originator's public key is not on the recipient's curve " + curve.cliName());
    }
    if (!isValidPoint(key)) {
      throw new DecryptionFailedException();
    }
    return key;
  }

  /**
   * Whether an EC public key's point lies on its curve: both coordinates in [0, p) and y^2 = x^3 +
   * ax + b (mod p), SEC 1 3.2.2.1 (with cofactor 1 this also puts it in the prime-order group).
   * Keys other than EC are not checked here (true).
   */
  public static boolean isValidPoint(PublicKey key) {
    if (!(key instanceof ECPublicKey ec)) {
      return true;
    }
    ECPoint w = ec.getW();
    if (w == null || ECPoint.POINT_INFINITY.equals(w)) {
      return false;
    }
    EllipticCurve c = ec.getParams().getCurve();
    if (!(c.getField() instanceof ECFieldFp fp)) {
      return false;
    }
    BigInteger p = fp.getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger lhs = y.multiply(y).mod(p);
    BigInteger rhs = x.multiply(x).add(c.getA()).multiply(x).add(c.getB()).mod(p);
    return lhs.equals(rhs);
  }

  /**
   * The shared secret Z between {@code mine} and {@code peer} (the x-coordinate for ECDH, the
   * u-coordinate for X25519/X448).
   *
   * @throws DecryptionFailedException when the provider refuses the peer key or the secret is all
   *     zero (a low-order X25519/X448 point)
   */
  public static byte[] agree(Algorithm curve, PrivateKey mine, PublicKey peer)
      throws DecryptionFailedException {
    if (!isValidPoint(peer)) {
      throw new DecryptionFailedException();
    }
    byte[] z;
    try {
      KeyAgreement ka = KeyAgreement.getInstance(isNist(curve) ? "ECDH" : "XDH");
      ka.init(mine);
      ka.doPhase(peer, true);
      z = ka.generateSecret();
    } catch (InvalidKeyException | IllegalStateException e) {
      // "Point has small order" and the like: never caught-and-continued with a zero secret
      throw new DecryptionFailedException();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new DecryptionFailedException();
    }
    if (!isNist(curve)) {
      // RFC 7748 section 6.1: the all-zero check, in case a provider does not make it (for ECDH a
      // zero x-coordinate is an ordinary secret: the point (0, sqrt(b)) lies on the NIST curves)
      int acc = 0;
      for (byte b : z) {
        acc |= b;
      }
      if (acc == 0) {
        throw new DecryptionFailedException();
      }
    }
    return z;
  }
}
