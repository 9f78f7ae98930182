package dev.envelope.asn1;

import static dev.envelope.asn1.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DerReader} in both modes: what it accepts, what it rejects, and that every rejection is an
 * {@link Asn1Exception} naming the field and the byte offset.
 */
class DerReaderTest {

  /** One read on a reader; returns what was read so tables can compare it. */
  @FunctionalInterface
  interface Read {
    Object apply(DerReader r) throws Asn1Exception;
  }

  /** Reads everything: the uniform action for hostile inputs. */
  static final Read WALK = r -> Asn1Walk.walk(r, 0);

  /**
   * Runs {@code read} and returns the Asn1Exception it must throw; anything else (a value, an
   * unchecked exception, an Error) fails with the input in the message.
   */
  static Asn1Exception expectAsn1Exception(byte[] input, DerReader reader, Read read) {
    Throwable t = catchThrowable(() -> read.apply(reader));
    assertThat(t)
        .as("input %s", Hex.of(input.length > 64 ? Arrays.copyOf(input, 64) : input))
        .isInstanceOf(Asn1Exception.class);
    return (Asn1Exception) t;
  }

  static void assertNamesFieldAndOffset(Asn1Exception e, String field, long offset) {
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.offset()).isEqualTo(offset);
    assertThat(e.getMessage()).contains(field).contains("at byte " + offset);
  }

  // ---------------------------------------------------------------- DER: rejections

  static Stream<Arguments> derRejections() {
    String long128 = "04 82 00 80" + Hex.of(new byte[128]);
    return Stream.of(
        argumentSet(
            "indefinite length (X.690 10.1)",
            "30 80 00 00",
            (Read) r -> r.readSequence("seq"),
            "seq",
            0,
            "indefinite length in DER"),
        argumentSet(
            "non-minimal length 81 03",
            "30 81 03 02 01 05",
            (Read) r -> r.readSequence("seq"),
            "seq",
            0,
            "non-minimal length"),
        argumentSet(
            "non-minimal length 82 00 03",
            "30 82 00 03 02 01 05",
            (Read) r -> r.readSequence("seq"),
            "seq",
            0,
            "non-minimal length"),
        argumentSet(
            "length 128 in two octets 82 00 80",
            long128,
            (Read) r -> r.readOctetString("str"),
            "str",
            0,
            "non-minimal length"),
        argumentSet(
            "constructed OCTET STRING (X.690 10.2)",
            "24 03 04 01 41",
            (Read) r -> r.readOctetString("str"),
            "str",
            0,
            "constructed string in DER"),
        argumentSet(
            "constructed [0] IMPLICIT OCTET STRING",
            "a0 03 04 01 41",
            (Read) r -> r.readString(Tag.context(0, false), "content"),
            "content",
            0,
            "constructed string in DER"),
        argumentSet(
            "non-minimal INTEGER 00 7f (X.690 8.3.2)",
            "02 02 00 7f",
            (Read) r -> r.readInteger("int", 8),
            "int",
            0,
            "non-minimal INTEGER"),
        argumentSet(
            "non-minimal INTEGER ff 80",
            "02 02 ff 80",
            (Read) r -> r.readInteger("int", 8),
            "int",
            0,
            "non-minimal INTEGER"),
        argumentSet(
            "empty INTEGER (X.690 8.3.1)",
            "02 00",
            (Read) r -> r.readInteger("int", 8),
            "int",
            0,
            "empty INTEGER"),
        argumentSet(
            "INTEGER longer than its bound",
            "02 05 01 00 00 00 00",
            (Read) r -> r.readInteger("int", 4),
            "int",
            0,
            "limit exceeded"),
        argumentSet(
            "negative small int",
            "02 01 ff",
            (Read) r -> r.readSmallInt("version"),
            "version",
            0,
            "out of range"),
        argumentSet(
            "2**31 as a small int",
            "02 05 00 80 00 00 00",
            (Read) r -> r.readSmallInt("version"),
            "version",
            0,
            "limit exceeded"),
        argumentSet(
            "constructed INTEGER",
            "22 03 02 01 00",
            (Read) r -> r.readInteger("int", 8),
            "int",
            0,
            "constructed INTEGER"),
        argumentSet(
            "trailing data",
            "05 00 05 00",
            (Read)
                r -> {
                  r.readNull("first");
                  r.expectEmpty("message");
                  return null;
                },
            "message",
            2,
            "trailing data"),
        argumentSet(
            "BOOLEAN 01 (DER 11.1)",
            "01 01 01",
            (Read) r -> r.readBoolean("flag"),
            "flag",
            0,
            "malformed BOOLEAN"),
        argumentSet(
            "BOOLEAN of two octets",
            "01 02 ff ff",
            (Read) r -> r.readBoolean("flag"),
            "flag",
            0,
            "malformed BOOLEAN"),
        argumentSet(
            "NULL with contents (X.690 8.8.2)",
            "05 01 00",
            (Read)
                r -> {
                  r.readNull("null");
                  return null;
                },
            "null",
            0,
            "NULL with contents"),
        argumentSet(
            "BIT STRING with unused bits",
            "03 02 01 80",
            (Read) r -> r.readBitString("key"),
            "key",
            0,
            "unused bits"),
        argumentSet(
            "empty BIT STRING (no unused-bits octet)",
            "03 00",
            (Read) r -> r.readBitString("key"),
            "key",
            0,
            "unused bits"),
        argumentSet(
            "high-form tag for a low number (X.690 8.1.2.4)",
            "1f 05 00",
            (Read) r -> r.readElement("any"),
            "any",
            0,
            "high-form tag"),
        argumentSet(
            "non-minimal high tag number 80 (X.690 8.1.2.4.2)",
            "9f 80 1f 00",
            (Read) r -> r.readElement("any"),
            "any",
            0,
            "non-minimal tag number"),
        argumentSet(
            "tag number of five octets",
            "9f 81 80 80 80 00 00",
            (Read) r -> r.readElement("any"),
            "any",
            0,
            "tag number too large"),
        argumentSet(
            "reserved length octet ff (X.690 8.1.3.5)",
            "30 ff 00",
            (Read) r -> r.readSequence("seq"),
            "seq",
            0,
            "reserved length octet"),
        argumentSet(
            "SET where SEQUENCE expected",
            "31 00",
            (Read) r -> r.readSequence("seq"),
            "seq",
            0,
            "expected SEQUENCE"),
        argumentSet(
            "primitive form of SEQUENCE",
            "10 00",
            (Read) r -> r.readSequence("seq"),
            "seq",
            0,
            "found primitive"),
        argumentSet(
            "inner length > outer",
            "30 03 04 05 41 42 43",
            (Read) r -> r.readSequence("outer").readOctetString("inner"),
            "inner",
            2,
            "length exceeds available input"),
        argumentSet(
            "error deep inside: offset of the inner INTEGER",
            "30 08 02 01 01 30 03 02 02 00",
            (Read)
                r -> {
                  DerReader outer = r.readSequence("outer");
                  outer.readInteger("a", 8);
                  return outer.readSequence("inner").readInteger("b", 8);
                },
            "b",
            7,
            "length exceeds available input"),
        argumentSet(
            "OID with an empty body",
            "06 00",
            (Read) r -> r.readOid("oid"),
            "oid",
            0,
            "empty OBJECT IDENTIFIER"));
  }

  @ParameterizedTest
  @MethodSource("derRejections")
  void derRejects(String hex, Read read, String field, int offset, String problem) {
    byte[] in = bytes(hex);
    Asn1Exception e = expectAsn1Exception(in, DerReader.der(in), read);

    assertNamesFieldAndOffset(e, field, offset);
    assertThat(e.getMessage()).contains(problem);
  }

  // ---------------------------------------------------------------- SECURITY.md #3 (both modes)

  static Stream<Arguments> lengthLies() {
    return Stream.of(
        argumentSet("30 84 7F FF FF FF + 10 bytes", "30 84 7f ff ff ff" + "00".repeat(10)),
        argumentSet("04 88 <8-byte huge>", "04 88 ff ff ff ff ff ff ff ff 41"),
        argumentSet("04 88 <2**32 in 8 octets>", "04 88 00 00 00 01 00 00 00 00 41"),
        argumentSet("04 88 <2**63 - 1>", "04 88 7f ff ff ff ff ff ff ff 41"),
        argumentSet("04 84 ff ff ff ff (2**32 - 1, negative as an int)", "04 84 ff ff ff ff 41"),
        argumentSet("04 89 (nine length octets)", "04 89 01 00 00 00 00 00 00 00 00 41"),
        argumentSet("non-minimal 30 81 05, truncated", "30 81 05"),
        argumentSet("truncated header 30", "30"),
        argumentSet("truncated header 30 81", "30 81"),
        argumentSet("truncated header 30 84 01", "30 84 01"),
        argumentSet("truncated header 1F 80", "1f 80"),
        argumentSet("truncated header 1F 05", "1f 05"),
        argumentSet("truncated header 1F 81", "1f 81"),
        argumentSet("truncated header 30 82 06", "30 82 06"),
        argumentSet("length 1 with no content", "04 01"),
        argumentSet("inner length > outer", "30 03 04 05 41 42 43"),
        argumentSet("inner header past outer end", "30 01 04 00"));
  }

  @ParameterizedTest
  @MethodSource("lengthLies")
  void lengthLiesAreAsn1ExceptionsInDerMode(String hex) {
    byte[] in = bytes(hex);
    Asn1Exception e = expectAsn1Exception(in, DerReader.der(in), WALK);
    assertThat(e.getMessage()).containsPattern("malformed \\w+ at byte \\d+: ");
  }

  @ParameterizedTest
  @MethodSource("lengthLies")
  void lengthLiesAreAsn1ExceptionsInBerMode(String hex) {
    byte[] in = bytes(hex);
    Asn1Exception e = expectAsn1Exception(in, DerReader.ber(in), WALK);
    assertThat(e.getMessage()).containsPattern("malformed \\w+ at byte \\d+: ");
  }

  @Test
  void hugeDeclaredLengthIsRejectedWithoutAllocating() {
    byte[] in = bytes("30 84 7f ff ff ff" + "00".repeat(10));
    long before = Allocation.currentThreadBytes();
    Asn1Exception e = expectAsn1Exception(in, DerReader.ber(in), WALK);
    long allocated = Allocation.currentThreadBytes() - before;

    assertThat(e.getMessage()).contains("length exceeds available input");
    assertThat(allocated).isLessThan(1 << 20);
  }

  @Test
  void errorOffsetsIncludeTheBaseOffset() {
    byte[] in = bytes("30 08 02 01 01 30 03 02 02 00");
    DerReader r = DerReader.ber(in, 1000, Asn1Limits.DEFAULT);
    Asn1Exception e =
        expectAsn1Exception(
            in,
            r,
            x -> {
              DerReader outer = x.readSequence("outer");
              outer.readInteger("a", 8);
              return outer.readSequence("inner").readInteger("b", 8);
            });

    assertNamesFieldAndOffset(e, "b", 1007);
  }

  // ---------------------------------------------------------------- DER: acceptance

  @Test
  void readsAStructureFieldByField() throws Asn1Exception {
    // SEQUENCE { INTEGER 5, OID 1.2.840.113549.1.7.3, [0] primitive 'AB', BOOLEAN TRUE, NULL,
    //            BIT STRING 0a, OCTET STRING 'CD' }
    byte[] in = bytes("30 1f 020105 06092a864886f70d010703 80024142 0101ff 0500 0302000a 04024344");
    DerReader r = DerReader.der(in);
    DerReader s = r.readSequence("seq");
    r.expectEmpty("message");

    assertThat(s.offset()).isEqualTo(2);
    assertThat(s.readSmallInt("version")).isEqualTo(5);
    assertThat(s.peek(Tag.OID)).isTrue();
    assertThat(s.readOptional(Tag.SEQUENCE, "absent")).isNull();
    assertThat(s.readOid("type")).hasToString("1.2.840.113549.1.7.3");
    assertThat(s.readString(Tag.context(0, false), "ctx")).isEqualTo(bytes("4142"));
    assertThat(s.readBoolean("flag")).isTrue();
    s.readNull("null");
    assertThat(s.readBitString("bits")).isEqualTo(bytes("0a"));
    assertThat(s.peekTag()).isEqualTo(Tag.OCTET_STRING);
    assertThat(s.readOctetString("str")).isEqualTo(bytes("4344"));
    assertThat(s.isEmpty()).isTrue();
    assertThat(s.peekTag()).isNull();
    assertThat(s.peek(Tag.NULL)).isFalse();
    assertThatCode(() -> s.expectEmpty("seq")).doesNotThrowAnyException();
  }

  @Test
  void readElementKeepsTheExactEncoding() throws Asn1Exception {
    byte[] in = bytes("30 0a 30 03 02 01 01 31 03 02 01 02");
    DerReader s = DerReader.der(in).readSequence("seq");

    assertThat(s.readElement(Tag.SEQUENCE, "a")).isEqualTo(bytes("30 03 02 01 01"));
    assertThat(s.readElement("b")).isEqualTo(bytes("31 03 02 01 02"));
  }

  static Stream<Arguments> integersRead() {
    return Stream.of(
        argumentSet("0", "02 01 00", 0L),
        argumentSet("127", "02 01 7f", 127L),
        argumentSet("128", "02 02 00 80", 128L),
        argumentSet("-1", "02 01 ff", -1L),
        argumentSet("-128", "02 01 80", -128L),
        argumentSet("-129", "02 02 ff 7f", -129L),
        argumentSet("2**31 - 1", "02 04 7f ff ff ff", (long) Integer.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("integersRead")
  void readsMinimalIntegers(String hex, long value) throws Asn1Exception {
    assertThat(DerReader.der(bytes(hex)).readInteger("int", 8))
        .isEqualTo(BigInteger.valueOf(value));
  }

  @Test
  void readOptionalReadsWhenTheTagMatches() throws Asn1Exception {
    DerReader r = DerReader.der(bytes("a1 02 05 00 02 01 07"));
    DerReader tagged = r.readOptional(Tag.context(1, true), "opt");

    assertThat(tagged).isNotNull();
    tagged.readNull("inner");
    assertThat(r.readOptional(Tag.context(1, true), "opt")).isNull();
    assertThat(r.readSmallInt("after")).isEqualTo(7);
  }

  // ---------------------------------------------------------------- BER: acceptance

  static Stream<Arguments> berAccepted() {
    Read walk = WALK;
    Read string = r -> Hex.of(r.readOctetString("str"));
    return Stream.of(
        argumentSet("empty indefinite SEQUENCE", "30 80 00 00", walk, 1),
        argumentSet("empty indefinite SET", "31 80 00 00", walk, 1),
        argumentSet("indefinite SEQUENCE with an INTEGER", "30 80 02 01 05 00 00", walk, 2),
        argumentSet("nested indefinite SEQUENCEs", "30 80 30 80 00 00 02 01 05 00 00", walk, 3),
        argumentSet("indefinite inside definite", "30 06 30 80 05 00 00 00", walk, 3),
        argumentSet("non-minimal length (X.690 8.1.3.5)", "30 81 02 05 00", walk, 2),
        argumentSet("non-minimal length 84 00 00 00 02", "30 84 00 00 00 02 05 00", walk, 2),
        argumentSet(
            "constructed definite, two segments", "24 06 04 01 41 04 01 42", string, "4142"),
        argumentSet(
            "constructed indefinite, 0- and 1-byte segments",
            "24 80 04 00 04 01 41 04 00 04 01 42 04 00 00 00",
            string,
            "4142"),
        argumentSet("constructed, only empty segments", "24 80 04 00 04 00 00 00", string, ""),
        argumentSet("constructed, no segments", "24 80 00 00", string, ""),
        argumentSet("constructed definite, no segments", "24 00", string, ""),
        argumentSet(
            "nested constructed segments",
            "24 80 24 80 04 01 41 00 00 24 04 04 02 42 43 00 00",
            string,
            "414243"),
        argumentSet("segment with a non-minimal length", "24 80 04 81 01 41 00 00", string, "41"),
        argumentSet(
            "[0] IMPLICIT constructed indefinite, as BC streams encryptedContent",
            "a0 80 04 02 41 42 04 01 43 00 00",
            (Read) r -> Hex.of(r.readString(Tag.context(0, false), "encryptedContent")),
            "414243"),
        argumentSet("BOOLEAN 01 is TRUE in BER", "01 01 01", (Read) r -> r.readBoolean("b"), true));
  }

  @ParameterizedTest
  @MethodSource("berAccepted")
  void berAccepts(String hex, Read read, Object expected) throws Asn1Exception {
    DerReader r = DerReader.ber(bytes(hex));
    assertThat(read.apply(r)).isEqualTo(expected);
    r.expectEmpty("message");
  }

  /** Every row of the BER table uses something DER forbids. */
  @ParameterizedTest
  @MethodSource("berAccepted")
  void derRejectsWhatOnlyBerAllows(String hex, Read read, Object expected) {
    byte[] in = bytes(hex);
    expectAsn1Exception(in, DerReader.der(in), read);
  }

  // ---------------------------------------------------------------- BER: rejections

  static Stream<Arguments> berRejections() {
    return Stream.of(
        argumentSet("missing end-of-contents", "30 80 02 01 05", WALK, 0, "end-of-contents"),
        argumentSet(
            "missing outer end-of-contents", "30 80 30 80 00 00", WALK, 0, "end-of-contents"),
        argumentSet(
            "end-of-contents with a length (00 01 00)",
            "30 80 00 01 00 00 00",
            WALK,
            2,
            "malformed end-of-contents"),
        argumentSet("lone 00 before the end", "30 80 00", WALK, 2, "malformed end-of-contents"),
        argumentSet(
            "indefinite length on a primitive (X.690 8.1.3.2)",
            "04 80 41 00 00",
            WALK,
            0,
            "indefinite length on a primitive"),
        argumentSet(
            "segment is not an OCTET STRING (X.690 8.21.5.4)",
            "24 03 02 01 00",
            (Read) r -> r.readOctetString("level0"),
            2,
            "not OCTET STRING"),
        argumentSet(
            "truncated segment",
            "24 80 04 05 41 00 00",
            (Read) r -> r.readOctetString("level0"),
            2,
            "length exceeds available input"),
        argumentSet(
            "segment longer than its definite parent",
            "24 03 04 02 41 42",
            (Read) r -> r.readOctetString("level0"),
            2,
            "length exceeds available input"),
        argumentSet(
            "trailing bytes after the outer end-of-contents",
            "30 80 00 00 00",
            (Read)
                r -> {
                  r.readSequence("seq");
                  r.expectEmpty("level0");
                  return null;
                },
            4,
            "trailing data"));
  }

  @ParameterizedTest
  @MethodSource("berRejections")
  void berRejects(String hex, Read read, int offset, String problem) {
    byte[] in = bytes(hex);
    Asn1Exception e = expectAsn1Exception(in, DerReader.ber(in), read);

    assertThat(e.offset()).isEqualTo(offset);
    assertThat(e.getMessage()).contains(problem).contains("at byte " + offset);
  }

  /**
   * X.690 8.1.5: end-of-contents octets exist only to close an indefinite length; tag number 0 is
   * reserved. {@code 30 02 00 00} is a definite SEQUENCE "containing" an EOC. Both readers accept
   * it, and {@code readElement} returns {@code 00 00} as if it were an element.
   */
  @ParameterizedTest
  @MethodSource("endOfContentsAsElement")
  void endOfContentsIsNotAnElement(String hex, boolean ber) {
    byte[] in = bytes(hex);
    expectAsn1Exception(in, ber ? DerReader.ber(in) : DerReader.der(in), WALK);
  }

  static Stream<Arguments> endOfContentsAsElement() {
    return Stream.of(
        argumentSet("DER: 00 00 alone", "00 00", false),
        argumentSet("DER: 00 00 inside a SEQUENCE", "30 02 00 00", false),
        argumentSet("BER: 00 00 inside a definite SEQUENCE", "30 02 00 00", true),
        argumentSet(
            "BER: 00 00 inside a definite SET inside indefinite", "30 80 31 02 00 00 00 00", true));
  }

  /**
   * peekTag() reads the tag under the fixed field name "element", so errors raised while peeking
   * (readOptional, peek, the message of expectEmpty) lose the caller's field name: a malformed
   * optional {@code ukm} is reported as "malformed element at byte 0".
   */
  @ParameterizedTest
  @MethodSource("peekErrors")
  void errorsWhilePeekingNameTheCallersField(String hex, Read read, String field) {
    byte[] in = bytes(hex);
    Asn1Exception e = expectAsn1Exception(in, DerReader.ber(in), read);
    assertThat(e.field()).isEqualTo(field);
  }

  static Stream<Arguments> peekErrors() {
    return Stream.of(
        argumentSet(
            "readOptional over a malformed tag",
            "1f 80 00",
            (Read) r -> r.readOptional(Tag.context(1, true), "ukm"),
            "ukm"),
        argumentSet(
            "expectEmpty over a malformed trailing tag",
            "05 00 1f 80",
            (Read)
                r -> {
                  r.readNull("null");
                  r.expectEmpty("message");
                  return null;
                },
            "message"));
  }

  // ---------------------------------------------------------------- limits

  private static byte[] nestedDefinite(int levels, String innermostHex) {
    DerWriter.Body body = w -> w.addEncoded(bytes(innermostHex));
    for (int i = 0; i < levels; i++) {
      DerWriter.Body inner = body;
      body = w -> w.addSequence(inner);
    }
    return DerWriter.encode(body);
  }

  private static byte[] nestedIndefinite(String open, int levels, String innermostHex) {
    return Hex.concat(Hex.repeat(open, levels), bytes(innermostHex), Hex.repeat("0000", levels));
  }

  static Stream<Arguments> depthLimits() {
    return Stream.of(
        argumentSet("32 definite SEQUENCEs", nestedDefinite(32, ""), true),
        argumentSet("33 definite SEQUENCEs", nestedDefinite(33, ""), false),
        argumentSet("31 definite SEQUENCEs around a NULL", nestedDefinite(31, "0500"), true),
        argumentSet("32 definite SEQUENCEs around a NULL", nestedDefinite(32, "0500"), false),
        argumentSet("32 indefinite SEQUENCEs", nestedIndefinite("3080", 32, ""), true),
        argumentSet("33 indefinite SEQUENCEs", nestedIndefinite("3080", 33, ""), false));
  }

  @ParameterizedTest
  @MethodSource("depthLimits")
  void nestingDepthIsBoundedAt32(byte[] in, boolean accepted) {
    Throwable t = catchThrowable(() -> WALK.apply(DerReader.ber(in)));
    if (accepted) {
      assertThat(t).isNull();
    } else {
      assertThat(t)
          .isInstanceOf(Asn1Exception.class)
          .hasMessageContaining("nesting depth exceeds 32");
      assertThat(((Asn1Exception) t).limitExceeded()).isTrue();
    }
  }

  static Stream<Arguments> stringDepthLimits() {
    return Stream.of(
        argumentSet("8 indefinite levels", nestedIndefinite("2480", 8, "04 01 41"), true),
        argumentSet("9 indefinite levels", nestedIndefinite("2480", 9, "04 01 41"), false),
        argumentSet("8 definite levels", nestedDefiniteString(8), true),
        argumentSet("9 definite levels", nestedDefiniteString(9), false));
  }

  static byte[] nestedDefiniteString(int levels) {
    DerWriter.Body body = w -> w.addOctetString(bytes("41"));
    for (int i = 0; i < levels; i++) {
      DerWriter.Body inner = body;
      body = w -> w.add(Tag.OCTET_STRING.asConstructed(), inner);
    }
    return DerWriter.encode(body);
  }

  @ParameterizedTest
  @MethodSource("stringDepthLimits")
  void constructedStringNestingIsBoundedAt8(byte[] in, boolean accepted) {
    Throwable t = catchThrowable(() -> DerReader.ber(in).readOctetString("str"));
    if (accepted) {
      assertThat(t).isNull();
    } else {
      assertThat(t)
          .isInstanceOf(Asn1Exception.class)
          .hasMessageContaining("constructed string nesting exceeds 8");
    }
  }

  static Stream<Arguments> deepNesting() {
    return Stream.of(
        argumentSet(
            "100,000 nested 24 80, readOctetString",
            Hex.repeat("2480", 100_000),
            (Read) r -> r.readOctetString("encryptedContent")),
        argumentSet(
            "100,000 nested 24 80 with EOCs, readOctetString",
            nestedIndefinite("2480", 100_000, "0400"),
            (Read) r -> r.readOctetString("encryptedContent")),
        argumentSet("100,000 nested 30 80, walk", nestedIndefinite("3080", 100_000, ""), WALK),
        argumentSet(
            "100,000 nested definite SEQUENCEs, walk", Hex.nestedDefiniteSequences(100_000), WALK),
        argumentSet(
            "100,000 nested A0 80 (explicit [0]), read",
            nestedIndefinite("a080", 100_000, ""),
            (Read) r -> r.read(Tag.context(0, true), "x")));
  }

  /**
   * Asn1Exception.limitExceeded() is documented as "a configured bound (size, depth, count) was
   * hit", and Asn1Limits.maxStringSegmentDepth is such a bound; but the flag is derived from the
   * message prefix ("limit exceeded" or "nesting"), and this message starts with "constructed".
   */
  @Test
  void constructedStringDepthIsReportedAsALimit() {
    byte[] in = nestedDefiniteString(9);
    Asn1Exception e =
        expectAsn1Exception(in, DerReader.ber(in), r -> r.readOctetString("encryptedContent"));
    assertThat(e.limitExceeded()).isTrue();
  }

  /** SECURITY.md #4: bounded recursion, proven on a 256 KiB stack. */
  @ParameterizedTest
  @MethodSource("deepNesting")
  void deepNestingFailsCleanlyOnASmallStack(byte[] in, Read read) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result.set(read.apply(DerReader.ber(in)));
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "small-stack",
            256 * 1024);
    t.start();
    t.join();

    assertThat(thrown.get())
        .isInstanceOf(Asn1Exception.class)
        .hasMessageContaining("nesting depth exceeds 32");
  }

  /** SECURITY.md #5: 1,000,000 zero-length segments are linear, well under a second. */
  @Test
  void aMillionEmptySegmentsFinishFast() throws Asn1Exception {
    byte[] segments = Hex.repeat("0400", 1_000_000);
    byte[] indefinite = Hex.concat(bytes("24 80"), segments, bytes("00 00"));
    byte[] definite = Hex.concat(bytes("24 83 1e 84 80"), segments);

    for (byte[] in : new byte[][] {indefinite, definite}) {
      long start = System.nanoTime();
      byte[] value = DerReader.ber(in).readOctetString("encryptedContent");
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(value).isEmpty();
      assertThat(millis).isLessThan(10_000);
    }
  }
}
