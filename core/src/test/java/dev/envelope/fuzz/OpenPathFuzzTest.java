package dev.envelope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target (c): the whole open path, {@code Envelope.opener().decrypt(bytes, keys)} and {@code
 * openDecrypting(InputStream, keys)} read to the end, with a key of every kind on offer (RSA, EC
 * P-256, X25519, ML-KEM-768, a password, a KEK: {@link FuzzKeys}). Every input ends in an {@code
 * EnvelopeException} ({@code EnvelopeIOException} from the stream) or the right plaintext; see
 * {@link Targets}. In CI this replays {@code
 * src/test/resources/dev/envelope/fuzz/OpenPathFuzzTestInputs/}: valid messages of every kind,
 * which must open; to fuzz, see {@code package-info.java}.
 */
class OpenPathFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decrypt(byte[] data) {
    Targets.decrypt(data);
  }

  @FuzzTest(maxDuration = "5m")
  void openDecrypting(byte[] data) {
    Targets.openDecrypting(data);
  }
}
