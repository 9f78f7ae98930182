package dev.envelope.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * The one-time costs of a first RSA opening in a new JVM, paid ahead: the JCA look-ups it makes
 * (each a provider search and a reflective instantiation, some milliseconds while the JVM is cold)
 * and enough of the BigInteger arithmetic under RSA that the JIT compiles it before the real
 * private-key operation runs. Measured on the command-line tool (BENCHMARKS.md): a 1 KiB decrypt 6
 * to 18 ms faster when this runs on the second core while the tool parses its arguments. The
 * numbers used are fixed and public: nothing here depends on any key.
 */
public final class Warmup {
  private Warmup() {}

  /** Runs the warm-up on this thread; failures are ignored (it only saves time). */
  public static void run() {
    try {
      KeyFactory.getInstance("RSA");
      Mac.getInstance("HmacSHA256");
      Cipher.getInstance("RSA/ECB/NoPadding");
    } catch (GeneralSecurityException | RuntimeException e) {
      // nothing to save then
    }
    // a short exponentiation modulo a 1024-bit odd number (the size of an RSA-2048 prime, which
    // the CRT operation works modulo), and an inverse (the blinding of the first operation):
    // enough calls of the Montgomery loops for the JIT to compile them
    Random r = new Random(1);
    BigInteger m = new BigInteger(1024, r).setBit(1023).setBit(0);
    BigInteger base = new BigInteger(1000, r);
    base.modPow(new BigInteger(96, r), m);
    try {
      base.modInverse(m);
    } catch (ArithmeticException e) {
      // not invertible: the loops ran all the same
    }
  }
}
