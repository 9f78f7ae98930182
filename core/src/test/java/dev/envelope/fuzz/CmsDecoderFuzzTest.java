package dev.envelope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target (b): the CMS decoder, {@link dev.envelope.cms.CmsCodec#decode} (with a re-encoding
 * oracle) and the streaming {@link dev.envelope.cms.EnvelopeReader}. Every input ends in an {@code
 * Asn1Exception} (or {@code MalformedInputException} from the content stream) or decodes; see
 * {@link Targets}. In CI this replays {@code
 * src/test/resources/dev/envelope/fuzz/CmsDecoderFuzzTestInputs/}; to fuzz, see {@code
 * package-info.java}.
 */
class CmsDecoderFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decode(byte[] data) {
    Targets.cmsDecode(data);
  }

  @FuzzTest(maxDuration = "5m")
  void envelopeReader(byte[] data) {
    Targets.envelopeReader(data);
  }
}
