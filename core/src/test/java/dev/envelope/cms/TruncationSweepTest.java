package dev.envelope.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.BerInput;
import dev.envelope.asn1.Hex;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY.md #30 at the codec level: every proper prefix of a valid message, DER or BER, fails
 * with an Asn1Exception. Never success, never another exception. This includes the cuts that remove
 * only end-of-contents octets.
 */
class TruncationSweepTest {

  static Stream<Arguments> messages() throws Exception {
    return Stream.of(
        argumentSet(
            "DER EnvelopedData, ktri",
            CmsCodec.encode(CmsFixtures.enveloped(List.of(CmsFixtures.ktriIssuerSerial())))),
        argumentSet(
            "DER AuthEnvelopedData, every kind, attributes",
            CmsCodec.encode(
                CmsFixtures.authEnveloped(
                    CmsFixtures.everyKind(),
                    List.of(CmsFixtures.contentTypeAttr()),
                    List.of(CmsFixtures.multiValuedAttr())))),
        argumentSet(
            "BER EnvelopedData from BC's stream generator",
            BcMessages.envelopedStream(37, "truncate me".repeat(20).getBytes(), BcMessages.ktri())),
        argumentSet(
            "BER AuthEnvelopedData from BC's stream generator",
            BcMessages.authEnvelopedStream(50, BcMessages.kekri())),
        argumentSet(
            "BER EnvelopedData with unprotectedAttrs",
            Wire.berEnveloped(
                Wire.versionAndKtri(),
                Hex.concat(Wire.eciStart(), Hex.bytes("a0 80 04 01 41 04 00 04 02 42 43 00 00")),
                dev.envelope.asn1.DerWriter.encode(Wire.attrs(1, 2)))));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void everyPrefixFailsWithAnAsn1Exception(byte[] message) throws Exception {
    CmsCodec.decode(message, CmsLimits.DEFAULT); // the whole message is valid

    List<String> wrong = new ArrayList<>();
    for (int n = 0; n < message.length; n++) {
      byte[] prefix = Arrays.copyOf(message, n);
      try {
        CmsCodec.decode(prefix, CmsLimits.DEFAULT);
        wrong.add("prefix " + n + "/" + message.length + ": decoded without error");
      } catch (Asn1Exception expected) {
        // the only acceptable outcome
      } catch (Throwable t) {
        wrong.add("prefix " + n + "/" + message.length + ": " + t);
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** The same through the streaming reader, fed one byte per read, draining the content. */
  @ParameterizedTest
  @MethodSource("messages")
  void everyPrefixFailsWhenStreamed(byte[] message) {
    List<String> wrong = new ArrayList<>();
    for (int n = 0; n < message.length; n += 3) {
      byte[] prefix = Arrays.copyOf(message, n);
      try {
        EnvelopeReader r =
            EnvelopeReader.open(
                Hex.oneByteAtATime(new ByteArrayInputStream(prefix)), CmsLimits.DEFAULT);
        r.encryptedContent().transferTo(OutputStream.nullOutputStream());
        r.finish();
        wrong.add("prefix " + n + ": finished without error");
      } catch (Asn1Exception | BerInput.MalformedInputException expected) {
        // the declared failures
      } catch (Throwable t) {
        wrong.add("prefix " + n + ": " + t);
      }
    }
    assertThat(wrong).isEmpty();
  }
}
