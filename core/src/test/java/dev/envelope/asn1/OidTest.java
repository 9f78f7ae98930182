package dev.envelope.asn1;

import static dev.envelope.asn1.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Oid}: X.690 8.19 content octets, the first-two-arcs rule, and the 63-bit/64-byte bounds.
 */
class OidTest {

  static Stream<Arguments> roundTrips() {
    return Stream.of(
        argumentSet("id-envelopedData", "1.2.840.113549.1.7.3", "2a 86 48 86 f7 0d 01 07 03"),
        argumentSet("0.0", "0.0", "00"),
        argumentSet("0.39 (last of arc 0)", "0.39", "27"),
        argumentSet("1.0", "1.0", "28"),
        argumentSet("1.39 (last of arc 1)", "1.39", "4f"),
        argumentSet("2.0", "2.0", "50"),
        argumentSet("2.47", "2.47", "7f"),
        argumentSet("2.48", "2.48", "81 00"),
        argumentSet("2.999", "2.999", "88 37"),
        argumentSet("2.999.1", "2.999.1", "88 37 01"),
        argumentSet("arc 127", "1.2.127", "2a 7f"),
        argumentSet("arc 128", "1.2.128", "2a 81 00"),
        argumentSet("arc 16383", "1.2.16383", "2a ff 7f"),
        argumentSet("arc 16384", "1.2.16384", "2a 81 80 00"),
        argumentSet("arc 2**32", "1.2.4294967296", "2a 90 80 80 80 00"),
        argumentSet(
            "arc 2**63 - 1 (largest)", "1.2.9223372036854775807", "2a ff ff ff ff ff ff ff ff 7f"),
        argumentSet(
            "2.(2**63 - 81): first subidentifier 2**63 - 1",
            "2.9223372036854775727",
            "ff ff ff ff ff ff ff ff 7f"),
        argumentSet("arc 0 in the middle", "1.2.0.5", "2a 00 05"));
  }

  @ParameterizedTest
  @MethodSource("roundTrips")
  void roundTrips(String dotted, String contentHex) throws Exception {
    byte[] content = bytes(contentHex);
    Oid fromDotted = Oid.of(dotted);
    Oid fromContent = Oid.decode(content, 64);

    assertThat(fromDotted.encoded()).isEqualTo(content);
    assertThat(fromContent).hasToString(dotted).isEqualTo(fromDotted);
    assertThat(fromContent.hashCode()).isEqualTo(fromDotted.hashCode());
    assertThat(new ASN1ObjectIdentifier(dotted).getEncoded())
        .isEqualTo(Hex.concat(new byte[] {6, (byte) content.length}, content));
    // through the reader, as CMS fields are read
    byte[] der = DerWriter.encode(w -> w.addOid(fromDotted));
    assertThat(DerReader.der(der).readOid("oid")).isEqualTo(fromDotted);
  }

  @Test
  void randomOidsRoundTripAndMatchBouncyCastle() throws Exception {
    Random r = new Random(42);
    for (int i = 0; i < 2000; i++) {
      String dotted = DerWriterTest.randomOid(r);
      Oid oid = Oid.of(dotted);
      byte[] der = DerWriter.encode(w -> w.addOid(oid));
      assertThat(der).as(dotted).isEqualTo(new ASN1ObjectIdentifier(dotted).getEncoded());
      assertThat(DerReader.der(der).readOid("oid")).as(dotted).hasToString(dotted);
    }
  }

  @Test
  void encodedIsADefensiveCopy() {
    Oid oid = Oid.of("1.2.3");
    oid.encoded()[0] = 0;
    assertThat(oid.encoded()).isEqualTo(bytes("2a 03"));
  }

  @Test
  void equalityIsByEncoding() {
    assertThat(Oid.of("1.2.840")).isEqualTo(Oid.of("1.2.840")).isNotEqualTo(Oid.of("1.2.841"));
    assertThat(Oid.of("1.2.840")).isNotEqualTo("1.2.840");
  }

  // ---------------------------------------------------------------- decode rejections

  static Stream<Arguments> rejected() {
    return Stream.of(
        argumentSet("empty OID", "", "empty OBJECT IDENTIFIER"),
        argumentSet("first subidentifier starts with 80", "80 01", "non-minimal arc"),
        argumentSet("later arc starts with 80 (X.690 8.19.2)", "2a 80 01", "non-minimal arc"),
        argumentSet(
            "arc of exactly 2**63 (64 bits)", "2a 81 80 80 80 80 80 80 80 80 00", "63 bits"),
        argumentSet("arc of 2**64 - 1", "2a 81 ff ff ff ff ff ff ff ff 7f", "63 bits"),
        argumentSet("ends inside an arc", "2a 86", "ends inside an arc"),
        argumentSet("only a continuation octet", "ff", "ends inside an arc"),
        argumentSet("65 bytes (limit 64)", "2a" + "01".repeat(64), "limit exceeded"),
        argumentSet("10,000-byte arc", "2a" + "ff".repeat(9_999) + "7f", "limit exceeded"),
        argumentSet("100,000 arcs", "2a" + "01".repeat(100_000), "limit exceeded"));
  }

  @ParameterizedTest
  @MethodSource("rejected")
  void decodeRejects(String contentHex, String problem) {
    byte[] content = bytes(contentHex);
    assertThatThrownBy(() -> Oid.decode(content, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  /** The reader turns the reason into an Asn1Exception with field and offset. */
  @ParameterizedTest
  @MethodSource("rejected")
  void readOidRejectsWithFieldAndOffset(String contentHex, String problem) {
    byte[] content = bytes(contentHex);
    byte[] oidElement = DerWriter.encode(w -> w.addPrimitive(Tag.OID, content));
    byte[] der = DerWriter.encode(w -> w.addSequence(s -> s.addNull().addEncoded(oidElement)));
    long oidOffset = der.length - oidElement.length;

    Throwable t = null;
    long millis = Long.MAX_VALUE;
    for (int run = 0; run < 3; run++) { // the fastest of three: class loading is not the point
      long start = System.nanoTime();
      t =
          catchThrowable(
              () -> {
                DerReader s = DerReader.der(der).readSequence("seq");
                s.readNull("null");
                s.readOid("algorithm");
              });
      millis = Math.min(millis, (System.nanoTime() - start) / 1_000_000);
    }

    assertThat(t).isInstanceOf(Asn1Exception.class).hasMessageContaining(problem);
    Asn1Exception e = (Asn1Exception) t;
    assertThat(e.field()).isEqualTo("algorithm");
    assertThat(e.offset()).isEqualTo(oidOffset);
    assertThat(millis).as("SECURITY.md #6: cheap to reject").isLessThan(500);
  }

  @Test
  void sixtyFourBytesIsTheLimitInclusive() throws Exception {
    byte[] content = bytes("2a" + "01".repeat(63));
    assertThat(Oid.decode(content, 64).encoded()).hasSize(64);
    assertThat(DerReader.der(DerWriter.encode(w -> w.addPrimitive(Tag.OID, content))).readOid("o"))
        .isNotNull();
  }

  @Test
  void smallerLimitIsHonoured() {
    byte[] der = DerWriter.encode(w -> w.addOid(Oid.of("1.2.840.113549.1.7.3")));
    DerReader r = DerReader.ber(der, 0, new Asn1Limits(32, 8, 8));
    assertThatThrownBy(() -> r.readOid("oid"))
        .isInstanceOf(Asn1Exception.class)
        .hasMessageContaining("limit exceeded: OBJECT IDENTIFIER length 9 > 8");
  }

  // ---------------------------------------------------------------- Oid.of rejections

  static Stream<Arguments> badDotted() {
    return Stream.of(
        argumentSet("one arc", "1"),
        argumentSet("empty", ""),
        argumentSet("first arc 3", "3.1"),
        argumentSet("1.40", "1.40"),
        argumentSet("0.40", "0.40"),
        argumentSet("negative arc", "1.2.-3"),
        argumentSet("empty arc", "1..2"),
        argumentSet("trailing dot", "1.2."),
        argumentSet("letters", "1.2.x"),
        argumentSet("arc of 2**63", "1.2.9223372036854775808"));
  }

  @ParameterizedTest
  @MethodSource("badDotted")
  void ofRejects(String dotted) {
    assertThatThrownBy(() -> Oid.of(dotted)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * {@code Oid.of("2.9223372036854775807")} computes the first subidentifier 2*40 + (2**63 - 1),
   * which overflows a long; it encodes a 64-bit arc ({@code 81 80 80 80 80 80 80 80 80 4f}) that
   * {@link Oid#decode} then rejects as "arc exceeds 63 bits". The two directions disagree: {@code
   * of} should reject any second arc above 2**63 - 81 under arc 2.
   */
  @Test
  void ofAndDecodeAgreeOnTheLargestSecondArc() {
    Throwable t = catchThrowable(() -> Oid.of("2.9223372036854775807"));
    if (t == null) {
      Oid oid = Oid.of("2.9223372036854775807");
      assertThat(Oid.decode(oid.encoded(), 64)).isEqualTo(oid);
    } else {
      assertThat(t).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
