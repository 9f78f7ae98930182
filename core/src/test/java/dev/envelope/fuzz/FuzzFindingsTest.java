package dev.envelope.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.error.EnvelopeIOException;
import dev.envelope.error.MalformedMessageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What fuzzing found, as plain regression tests (in the default surefire execution, beside the
 * Jazzer replay of the same files): every {@code crash-*} input committed under the {@code *Inputs}
 * folders goes through all six targets, and each finding has a named test of the behaviour it
 * should have had.
 */
class FuzzFindingsTest {
  static final String ROOT = "/dev/envelope/fuzz/";

  static Stream<Path> crashInputs() throws IOException, URISyntaxException {
    List<Path> out = new ArrayList<>();
    for (String dir :
        List.of("Asn1FuzzTestInputs", "CmsDecoderFuzzTestInputs", "OpenPathFuzzTestInputs")) {
      var url = FuzzFindingsTest.class.getResource(ROOT + dir);
      if (url == null) {
        continue;
      }
      try (Stream<Path> files = Files.walk(Path.of(url.toURI()))) {
        files
            .filter(p -> p.getFileName().toString().startsWith("crash-"))
            .sorted()
            .forEach(out::add);
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crashInputs")
  void committedCrashInputEndsInADeclaredOutcomeEverywhere(Path input) throws IOException {
    byte[] data = Files.readAllBytes(input);
    List<Function<byte[], String>> targets =
        List.of(
            Targets::asn1,
            Targets::berInput,
            Targets::cmsDecode,
            Targets::envelopeReader,
            Targets::decrypt,
            Targets::openDecrypting);
    for (Function<byte[], String> t : targets) {
      assertThat(t.apply(data)).as(input.getFileName().toString()).doesNotContain("undeclared");
    }
  }

  /**
   * Finding 1 (Jazzer, OpenPathFuzzTest#decrypt, {@code
   * OpenPathFuzzTestInputs/crash-0a1da8e2d493df67e33825255d69eabd64e3e5c7}: a PEM message with a
   * Base64 body that does not end properly). The JDK's Base64 decoding stream throws a plain {@code
   * IOException} ("Illegal base64 ending sequence", "one un-decoded dangling byte"), which the
   * byte[] API turned into an {@code UncheckedIOException} and the stream API passed on as an
   * IOException outside the family (CLI: "cannot read the input" rather than "malformed"). Text
   * that is not Base64 is a malformed message.
   */
  @Test
  void finding1MalformedBase64IsAMalformedMessage() throws IOException {
    List<byte[]> inputs =
        List.of(
            "A".getBytes(StandardCharsets.US_ASCII),
            "-----BEGIN CMS-----\nMIIB=A\n-----END CMS-----\n".getBytes(StandardCharsets.US_ASCII),
            crashFile("OpenPathFuzzTestInputs/crash-0a1da8e2d493df67e33825255d69eabd64e3e5c7"));
    for (byte[] in : inputs) {
      assertThatThrownBy(() -> Targets.OPENER.decrypt(in, Targets.keys()))
          .isInstanceOf(MalformedMessageException.class);
      assertThatThrownBy(
              () -> {
                try (InputStream s =
                    Targets.OPENER.openDecrypting(new ByteArrayInputStream(in), Targets.keys())) {
                  s.readAllBytes();
                }
              })
          .satisfiesAnyOf(
              e -> assertThat(e).isInstanceOf(MalformedMessageException.class),
              e ->
                  assertThat(e)
                      .isInstanceOf(EnvelopeIOException.class)
                      .extracting(x -> ((EnvelopeIOException) x).envelopeException())
                      .isInstanceOf(MalformedMessageException.class));
    }
  }

  private static byte[] crashFile(String relative) throws IOException {
    try (InputStream in = FuzzFindingsTest.class.getResourceAsStream(ROOT + relative)) {
      assertThat(in).as(relative).isNotNull();
      return in.readAllBytes();
    }
  }
}
