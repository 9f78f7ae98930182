package dev.envelope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target (a): the ASN.1 layer, {@link dev.envelope.asn1.DerReader} in both modes and the
 * streaming {@link dev.envelope.asn1.BerInput}. Every input ends in an {@code Asn1Exception} (or
 * {@code MalformedInputException} from a stream) or is read; see {@link Targets}. In CI this
 * replays the corpus in {@code src/test/resources/dev/envelope/fuzz/Asn1FuzzTestInputs/}; to fuzz,
 * see {@code package-info.java}.
 */
class Asn1FuzzTest {

  @FuzzTest(maxDuration = "5m")
  void derReader(byte[] data) {
    Targets.asn1(data);
  }

  @FuzzTest(maxDuration = "5m")
  void berInput(byte[] data) {
    Targets.berInput(data);
  }
}
