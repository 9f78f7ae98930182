package dev.envelope.asn1;

import static dev.envelope.asn1.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BerInput}: headers, bounded capture and string streaming over an InputStream, checked
 * against {@link DerReader} on the same bytes, whole and one byte per read.
 */
class BerInputTest {

  private static BerInput input(byte[] data, boolean oneByteReads) {
    InputStream in = new ByteArrayInputStream(data);
    return new BerInput(oneByteReads ? Hex.oneByteAtATime(in) : in, Asn1Limits.DEFAULT);
  }

  // ---------------------------------------------------------------- headers

  static Stream<Arguments> headers() {
    return Stream.of(
        argumentSet("SEQUENCE, short length", "30 03", Tag.SEQUENCE, 3L),
        argumentSet("SEQUENCE, indefinite", "30 80", Tag.SEQUENCE, -1L),
        argumentSet("OCTET STRING, 81 80", "04 81 80", Tag.OCTET_STRING, 128L),
        argumentSet("OCTET STRING, 82 01 00", "04 82 01 00", Tag.OCTET_STRING, 256L),
        argumentSet("non-minimal 81 05 (BER)", "04 81 05", Tag.OCTET_STRING, 5L),
        argumentSet("2**31 - 1", "04 84 7f ff ff ff", Tag.OCTET_STRING, (long) Integer.MAX_VALUE),
        argumentSet("2**32 - 1", "04 84 ff ff ff ff", Tag.OCTET_STRING, 0xffffffffL),
        argumentSet(
            "2**40 in 8 octets", "04 88 00 00 01 00 00 00 00 00", Tag.OCTET_STRING, 1L << 40),
        argumentSet("[0] constructed, indefinite", "a0 80", Tag.context(0, true), -1L),
        argumentSet("[0] primitive", "80 10", Tag.context(0, false), 16L),
        argumentSet("[31] high tag", "9f 1f 00", Tag.context(31, false), 0L),
        argumentSet(
            "[APPLICATION 200] constructed",
            "7f 81 48 00",
            new Tag(Tag.APPLICATION, true, 200),
            0L),
        argumentSet("constructed OCTET STRING", "24 80", Tag.OCTET_STRING.asConstructed(), -1L));
  }

  @ParameterizedTest
  @MethodSource("headers")
  void readsHeaders(String hex, Tag tag, long length) throws Exception {
    byte[] in = bytes(hex);
    for (boolean oneByte : new boolean[] {false, true}) {
      BerInput b = input(Hex.concat(bytes("05 00"), in), oneByte);
      b.readHeader("null");
      BerInput.Header h = b.readHeader("field");

      assertThat(h.tag()).isEqualTo(tag);
      assertThat(h.length()).isEqualTo(length);
      assertThat(h.indefinite()).isEqualTo(length < 0);
      assertThat(h.offset()).isEqualTo(2);
      assertThat(b.offset()).isEqualTo(2 + in.length);
    }
  }

  static Stream<Arguments> badHeaders() {
    return Stream.of(
        argumentSet("indefinite primitive", "04 80", "indefinite length on a primitive"),
        argumentSet("length octet ff", "30 ff", "length exceeds available input"),
        argumentSet("nine length octets", "04 89 01 00 00 00 00 00 00 00 00", "length exceeds"),
        argumentSet("8-octet length >= 2**63", "04 88 80 00 00 00 00 00 00 00", "length exceeds"),
        argumentSet("non-minimal high tag 80", "9f 80 01 00", "malformed high tag number"),
        argumentSet("five-octet tag number", "9f 81 81 81 81 01 00", "malformed high tag number"),
        argumentSet("empty input", "", "unexpected end of input"),
        argumentSet("truncated header 30", "30", "unexpected end of input"),
        argumentSet("truncated header 30 81", "30 81", "unexpected end of input"),
        argumentSet("truncated header 30 84 01", "30 84 01", "unexpected end of input"),
        argumentSet("truncated header 1F 80", "1f 80", "malformed high tag number"),
        argumentSet(
            "high-form tag for a low number 1F 05", "1f 05", "high-form tag for a low tag number"),
        argumentSet("truncated header 1F 81", "1f 81", "unexpected end of input"),
        argumentSet("truncated header 30 82 06", "30 82 06", "unexpected end of input"));
  }

  @ParameterizedTest
  @MethodSource("badHeaders")
  void rejectsHeaders(String hex, String problem) {
    byte[] in = bytes(hex);
    Throwable t = catchThrowable(() -> input(in, true).readHeader("field"));

    assertThat(t).isInstanceOf(Asn1Exception.class).hasMessageContaining(problem);
    assertThat(((Asn1Exception) t).field()).isEqualTo("field");
    assertThat(t.getMessage()).contains("malformed field at byte ");
  }

  @Test
  void readEndOfContents() throws Exception {
    BerInput b = input(bytes("00 00 05 00"), true);
    assertThat(b.readEndOfContents("eoc")).isTrue();
    assertThat(b.offset()).isEqualTo(2);
    assertThat(b.readEndOfContents("eoc")).isFalse();
    assertThat(b.offset()).as("not consumed").isEqualTo(2);
    b.readHeader("null");
    assertThat(b.readEndOfContents("eoc")).as("at the end").isFalse();
    assertThat(b.atEnd()).isTrue();

    BerInput bad = input(bytes("00 01 00"), false);
    assertThat(catchThrowable(() -> bad.readEndOfContents("eoc")))
        .isInstanceOf(Asn1Exception.class)
        .hasMessageContaining("malformed eoc at byte 0: malformed end-of-contents");
  }

  @Test
  void offsetsAreAbsoluteAcrossBufferRefills() throws Exception {
    // 20,000 NULLs = 40,000 bytes: more than two 16 KiB buffers
    byte[] in = Hex.concat(Hex.repeat("0500", 20_000), bytes("04 05 41"));
    for (boolean oneByte : new boolean[] {false, true}) {
      BerInput b = input(in, oneByte);
      for (int i = 0; i < 20_000; i++) {
        BerInput.Header h = b.readHeader("null");
        assertThat(h.offset()).isEqualTo(2L * i);
      }
      BerInput.Header h = b.readHeader("last");
      Throwable t = catchThrowable(() -> b.capture(h, 100, "last"));
      assertThat(t).isInstanceOf(Asn1Exception.class);
      assertThat(((Asn1Exception) t).offset()).isEqualTo(40_000);
    }
  }

  // ---------------------------------------------------------------- capture vs DerReader

  static Stream<Arguments> elements() {
    byte[] big = Hex.counting(20_000);
    byte[] bigString = DerWriter.encode(w -> w.addOctetString(big));
    return Stream.of(
        argumentSet("definite SEQUENCE", bytes("30 03 02 01 05")),
        argumentSet("empty indefinite SEQUENCE", bytes("30 80 00 00")),
        argumentSet("empty indefinite SET", bytes("31 80 00 00")),
        argumentSet("indefinite SEQUENCE with an INTEGER", bytes("30 80 02 01 05 00 00")),
        argumentSet("nested indefinite", bytes("30 80 30 80 00 00 31 80 00 00 00 00")),
        argumentSet("constructed string", bytes("24 80 04 00 04 01 41 00 00")),
        argumentSet("[0] around a constructed string", bytes("a0 80 24 80 04 01 41 00 00 00 00")),
        argumentSet("inner non-minimal length kept", bytes("30 08 30 81 03 02 01 05 05 00")),
        argumentSet(
            "20,000-byte string inside indefinite",
            Hex.concat(bytes("30 80"), bigString, bytes("0000"))),
        argumentSet("20,000-byte string", bigString),
        argumentSet(
            "32 nested indefinite", Hex.concat(Hex.repeat("3080", 32), Hex.repeat("0000", 32))));
  }

  @ParameterizedTest
  @MethodSource("elements")
  void captureGivesTheSameBytesAsDerReader(byte[] element) throws Exception {
    byte[] expected = DerReader.ber(Hex.concat(element, bytes("05 00"))).readElement("element");
    for (boolean oneByte : new boolean[] {false, true}) {
      BerInput b = input(Hex.concat(element, bytes("05 00")), oneByte);
      byte[] captured = b.capture(b.readHeader("element"), 1 << 20, "element");

      assertThat(captured).isEqualTo(expected).isEqualTo(element);
      assertThat(b.offset()).isEqualTo(element.length);
      assertThat(b.readHeader("next").tag()).isEqualTo(Tag.NULL);
      assertThat(b.atEnd()).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("elements")
  void captureOfEveryPrefixFails(byte[] element) {
    List<String> silent = new ArrayList<>();
    int step = element.length > 2000 ? 97 : 1;
    for (int n = 0; n < element.length; n += step) {
      byte[] prefix = Arrays.copyOf(element, n);
      Throwable t =
          catchThrowable(
              () -> {
                BerInput b = input(prefix, false);
                b.capture(b.readHeader("element"), 1 << 20, "element");
              });
      if (!(t instanceof Asn1Exception)) {
        silent.add("prefix " + n + ": " + t);
      }
    }
    assertThat(silent).isEmpty();
  }

  // ---------------------------------------------------------------- stringContents vs DerReader

  static Stream<Arguments> strings() {
    byte[] big = Hex.counting(40_000);
    DerWriter.Body segments =
        w -> {
          for (int i = 0; i < 40; i++) {
            w.addOctetString(Arrays.copyOfRange(big, i * 1000, i * 1000 + 1000));
          }
        };
    return Stream.of(
        argumentSet("empty primitive", bytes("04 00")),
        argumentSet("primitive", bytes("04 02 41 42")),
        argumentSet("constructed indefinite, no segments", bytes("24 80 00 00")),
        argumentSet("constructed definite, no segments", bytes("24 00")),
        argumentSet(
            "0- and 1-byte segments", bytes("24 80 04 00 04 01 41 04 00 04 01 42 04 00 00 00")),
        argumentSet("two definite segments", bytes("24 06 04 01 41 04 01 42")),
        argumentSet("non-minimal outer length", bytes("24 81 06 04 01 41 04 01 42")),
        argumentSet("non-minimal segment length", bytes("24 80 04 81 01 41 00 00")),
        argumentSet(
            "nested, mixed definite and indefinite",
            bytes("24 80 24 80 04 01 41 00 00 24 04 04 02 42 43 00 00")),
        argumentSet("definite around indefinite", bytes("24 09 24 80 04 01 41 00 00 04 00")),
        argumentSet("[0] IMPLICIT, as BC streams it", bytes("a0 80 04 02 41 42 04 01 43 00 00")),
        argumentSet("[0] IMPLICIT primitive", bytes("80 03 41 42 43")),
        argumentSet("8 nested levels (the limit)", DerReaderTest.nestedDefiniteString(8)),
        argumentSet(
            "8 nested indefinite levels",
            Hex.concat(Hex.repeat("2480", 8), bytes("04 01 41"), Hex.repeat("0000", 8))),
        argumentSet("40,000-byte primitive", DerWriter.encode(w -> w.addOctetString(big))),
        argumentSet(
            "40 segments of 1,000 bytes, definite",
            DerWriter.encode(w -> w.add(Tag.OCTET_STRING.asConstructed(), segments))),
        argumentSet(
            "40 segments of 1,000 bytes, indefinite",
            Hex.concat(bytes("24 80"), DerWriter.encode(segments), bytes("00 00"))));
  }

  private static byte[] derReaderValue(byte[] element) throws Asn1Exception {
    DerReader r = DerReader.ber(element);
    Tag t = r.peekTag();
    return r.readString(new Tag(t.tagClass(), false, t.number()), "content");
  }

  @ParameterizedTest
  @MethodSource("strings")
  void stringContentsGivesTheSameBytesAsDerReader(byte[] element) throws Exception {
    byte[] expected = derReaderValue(element);
    for (boolean oneByte : new boolean[] {false, true}) {
      BerInput b = input(Hex.concat(element, bytes("05 00")), oneByte);
      InputStream s = b.stringContents(b.readHeader("content"), "content");
      byte[] value = s.readAllBytes();

      assertThat(value).isEqualTo(expected);
      assertThat(s.read()).isEqualTo(-1);
      assertThat(b.offset()).isEqualTo(element.length);
      assertThat(b.readHeader("next").tag()).isEqualTo(Tag.NULL);
    }
  }

  @ParameterizedTest
  @MethodSource("strings")
  void stringContentsByteByByte(byte[] element) throws Exception {
    byte[] expected = derReaderValue(element);
    BerInput b = input(element, true);
    InputStream s = b.stringContents(b.readHeader("content"), "content");
    byte[] value = new byte[expected.length];
    for (int i = 0; i < value.length; i++) {
      int c = s.read();
      assertThat(c).isNotNegative();
      value[i] = (byte) c;
    }
    assertThat(s.read()).isEqualTo(-1);
    assertThat(value).isEqualTo(expected);
    assertThat(s.read(new byte[0], 0, 0)).isZero();
  }

  @ParameterizedTest
  @MethodSource("strings")
  void stringContentsOfEveryPrefixFails(byte[] element) {
    List<String> silent = new ArrayList<>();
    int step = element.length > 2000 ? 89 : 1;
    for (int n = 0; n < element.length; n += step) {
      byte[] prefix = Arrays.copyOf(element, n);
      boolean oneByte = n % 2 == 0;
      Throwable t =
          catchThrowable(
              () -> {
                BerInput b = input(prefix, oneByte);
                b.stringContents(b.readHeader("content"), "content").readAllBytes();
              });
      boolean clean =
          t instanceof Asn1Exception
              || (t instanceof BerInput.MalformedInputException m && m.asn1() != null);
      if (!clean) {
        silent.add("prefix " + n + ": " + t);
      }
    }
    assertThat(silent).isEmpty();
  }

  static Stream<Arguments> badStrings() {
    return Stream.of(
        argumentSet("segment is an INTEGER", "24 80 02 01 00 00 00", 2, "not OCTET STRING"),
        argumentSet(
            "end-of-contents inside a definite string",
            "24 02 00 00",
            2,
            "unexpected end-of-contents"),
        argumentSet(
            "segment longer than its parent", "24 03 04 02 41 42", 2, "longer than its parent"),
        argumentSet(
            "segment longer than its grandparent",
            "24 05 24 80 04 05 41 42 43 44 45 00 00",
            4,
            "longer than its parent"),
        argumentSet("malformed end-of-contents", "24 80 00 01 00", 2, "malformed end-of-contents"),
        argumentSet(
            "9 nested levels",
            Hex.of(DerReaderTest.nestedDefiniteString(9)),
            16,
            "constructed string nesting exceeds 8"),
        argumentSet("indefinite primitive segment", "24 80 04 80 00 00", 2, "indefinite length"));
  }

  @ParameterizedTest
  @MethodSource("badStrings")
  void stringContentsRejects(String hex, int offset, String problem) {
    byte[] in = bytes(hex);
    Throwable t =
        catchThrowable(
            () -> {
              BerInput b = input(in, false);
              b.stringContents(b.readHeader("encryptedContent"), "encryptedContent").readAllBytes();
            });

    assertThat(t)
        .isInstanceOf(BerInput.MalformedInputException.class)
        .hasMessageContaining(problem);
    Asn1Exception e = ((BerInput.MalformedInputException) t).asn1();
    assertThat(e.field()).isEqualTo("encryptedContent");
    assertThat(e.offset()).isEqualTo(offset);
  }

  // ---------------------------------------------------------------- limits and hostile lengths

  @Test
  void captureRefusesMoreThanItsLimitBeforeAllocating() throws Exception {
    byte[] in = bytes("04 84 7f ff ff ff" + "00".repeat(10));
    BerInput b = input(in, false);
    BerInput.Header h = b.readHeader("originatorInfo");
    long before = Allocation.currentThreadBytes();
    Throwable t = catchThrowable(() -> b.capture(h, 4 << 20, "originatorInfo"));
    long allocated = Allocation.currentThreadBytes() - before;

    assertThat(t).isInstanceOf(Asn1Exception.class).hasMessageContaining("limit exceeded");
    assertThat(((Asn1Exception) t).limitExceeded()).isTrue();
    assertThat(allocated).isLessThan(1 << 20);
  }

  @Test
  void captureWithAHugeLimitStillAllocatesOnlyWhatArrives() throws Exception {
    byte[] in = bytes("04 84 7f 00 00 00" + "00".repeat(1000));
    BerInput b = input(in, false);
    BerInput.Header h = b.readHeader("x");
    long before = Allocation.currentThreadBytes();
    Throwable t = catchThrowable(() -> b.capture(h, Integer.MAX_VALUE, "x"));
    long allocated = Allocation.currentThreadBytes() - before;

    assertThat(t)
        .isInstanceOf(Asn1Exception.class)
        .hasMessageContaining("length exceeds available input");
    assertThat(allocated).isLessThan(1 << 20);
  }

  @Test
  void indefiniteCaptureStopsAtItsLimit() throws Exception {
    byte[] in = Hex.concat(bytes("30 80"), Hex.repeat("0400", 100_000), bytes("0000"));
    BerInput b = input(in, false);
    Throwable t = catchThrowable(() -> b.capture(b.readHeader("attrs"), 10_000, "attrs"));
    assertThat(t).isInstanceOf(Asn1Exception.class).hasMessageContaining("limit exceeded");
  }

  /** SECURITY.md #3: a definite encryptedContent claiming 2**40 bytes on a 1 KB stream. */
  @Test
  void stringClaimingTwoToTheFortyOnAOneKilobyteStream() throws Exception {
    byte[] in = Hex.concat(bytes("80 86 01 00 00 00 00 00"), new byte[1024]);
    BerInput b = input(in, false);
    InputStream s = b.stringContents(b.readHeader("encryptedContent"), "encryptedContent");
    byte[] buf = new byte[4096];
    long total = 0;
    long before = Allocation.currentThreadBytes();
    Throwable t = null;
    try {
      for (int n; (n = s.read(buf)) >= 0; ) {
        total += n;
      }
    } catch (IOException e) {
      t = e;
    }
    long allocated = Allocation.currentThreadBytes() - before;

    assertThat(total).isEqualTo(1024);
    assertThat(t)
        .isInstanceOf(BerInput.MalformedInputException.class)
        .hasMessageContaining("unexpected end of input");
    assertThat(allocated).isLessThan(1 << 20);
  }

  /**
   * Large reads of string contents bypass the internal buffer; offsets stay exact across them, and
   * a definite string that ends early is still "unexpected end" at the right offset.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 100, 16383, 16384, 65536, 70_000})
  void largeReadsKeepOffsetsExact(int readSize) throws Exception {
    byte[] content = new byte[200_000];
    new java.util.Random(readSize).nextBytes(content);
    // a constructed string of three definite segments, then a NULL
    byte[] seg1 = Hex.concat(bytes("04 83 01 86 a0"), java.util.Arrays.copyOf(content, 100_000));
    byte[] seg2 =
        Hex.concat(bytes("04 82 75 30"), java.util.Arrays.copyOfRange(content, 100_000, 130_000));
    byte[] seg3 =
        Hex.concat(
            bytes("04 83 01 11 70"), java.util.Arrays.copyOfRange(content, 130_000, 200_000));
    byte[] in = Hex.concat(bytes("24 80"), seg1, seg2, seg3, bytes("00 00 05 00"));
    BerInput b = input(in, false);
    InputStream s = b.stringContents(b.readHeader("c"), "c");
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[readSize];
    for (int n; (n = s.read(buf, 0, buf.length)) >= 0; ) {
      got.write(buf, 0, n);
    }
    assertThat(got.toByteArray()).isEqualTo(content);
    assertThat(b.offset()).isEqualTo(in.length - 2);
    BerInput.Header nul = b.readHeader("null");
    assertThat(nul.offset()).isEqualTo(in.length - 2);

    // truncated inside the last segment: the error names where the input ended
    byte[] cut = java.util.Arrays.copyOf(in, in.length - 10_000);
    BerInput t = input(cut, false);
    InputStream ts = t.stringContents(t.readHeader("c"), "c");
    Throwable e = null;
    try {
      while (ts.read(buf, 0, buf.length) >= 0) {}
    } catch (IOException x) {
      e = x;
    }
    assertThat(e)
        .isInstanceOf(BerInput.MalformedInputException.class)
        .hasMessageContaining("unexpected end of input")
        .hasMessageContaining(String.valueOf(cut.length));
  }

  @Test
  void aMillionEmptySegmentsStreamFast() throws Exception {
    byte[] in = Hex.concat(bytes("24 80"), Hex.repeat("0400", 1_000_000), bytes("0000"));
    long start = System.nanoTime();
    BerInput b = input(in, false);
    byte[] value = b.stringContents(b.readHeader("c"), "c").readAllBytes();
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(value).isEmpty();
    assertThat(b.atEnd()).isTrue();
    assertThat(millis).isLessThan(10_000);
  }

  static Stream<Arguments> deepNesting() {
    byte[] nested = Hex.repeat("2480", 100_000);
    return Stream.of(
        argumentSet("capture", nested, "nesting depth exceeds 32"),
        argumentSet("stringContents", nested, "constructed string nesting exceeds 8"),
        argumentSet("capture, SEQUENCEs", Hex.repeat("3080", 100_000), "nesting depth exceeds 32"));
  }

  @ParameterizedTest
  @MethodSource("deepNesting")
  void deepNestingFailsCleanlyOnASmallStack(byte[] in, String problem) throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                BerInput b = input(in, false);
                BerInput.Header h = b.readHeader("encryptedContent");
                if (problem.startsWith("constructed string")) {
                  b.stringContents(h, "encryptedContent").readAllBytes();
                } else {
                  b.capture(h, 4 << 20, "encryptedContent");
                }
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "small-stack",
            256 * 1024);
    t.start();
    t.join();

    assertThat(thrown.get())
        .isInstanceOfAny(Asn1Exception.class, BerInput.MalformedInputException.class)
        .hasMessageContaining(problem);
  }

  // ---------------------------------------------------------------- known bugs

  /**
   * capture() promises the element "header bytes included, exactly as sent", but rebuilds the outer
   * header in minimal form. A BER sender's non-minimal length ({@code 30 81 03}) comes back as
   * {@code 30 03}, so the capture differs from the input and from DerReader.readElement.
   */
  @Test
  void captureKeepsANonMinimalHeaderExactlyAsSent() throws Exception {
    byte[] in = bytes("30 81 03 02 01 05");
    BerInput b = input(in, false);
    assertThat(Hex.of(b.capture(b.readHeader("x"), 100, "x"))).isEqualTo(Hex.of(in));
  }

  /**
   * The consequence for error offsets: EnvelopeReader decodes captures with DerReader.ber(bytes,
   * h.offset()), so every offset inside an element sent with a longer header is reported too early.
   * Here the bad inner OCTET STRING is at byte 4 of the input; the error says byte 2.
   */
  @Test
  void errorOffsetsInsideACaptureMatchTheInput() throws Exception {
    byte[] in = bytes("30 82 00 03 04 05 41");
    BerInput b = input(in, false);
    BerInput.Header h = b.readHeader("seq");
    byte[] captured = b.capture(h, 100, "seq");
    Throwable t =
        catchThrowable(
            () ->
                DerReader.ber(captured, h.offset(), Asn1Limits.DEFAULT)
                    .readSequence("seq")
                    .readOctetString("inner"));
    assertThat(((Asn1Exception) t).offset()).isEqualTo(4);
  }

  /**
   * X.690 8.1.2.4: the high-tag form is only for numbers of 31 and more. DerReader rejects {@code
   * 1F 05 00}; BerInput reads it as a NULL, and capture() then silently rewrites it to {@code 05
   * 00}.
   */
  @Test
  void highTagFormForALowNumberIsRejectedLikeDerReader() {
    byte[] in = bytes("1f 05 00");
    assertThat(catchThrowable(() -> DerReader.ber(in).readElement("x")))
        .isInstanceOf(Asn1Exception.class);
    assertThat(catchThrowable(() -> input(in, false).readHeader("x")))
        .isInstanceOf(Asn1Exception.class);
  }

  /**
   * StringContents subtracts each segment header from the definite frames above it without checking
   * that the header fits. In {@code 24 01 | 04 00 | 00 00} the 2-byte segment header overruns the
   * 1-byte constructed string, its frame goes to -1, and -1 means "indefinite": the next {@code 00
   * 00} is taken as its end-of-contents. DerReader rejects the same bytes.
   */
  @ParameterizedTest
  @MethodSource("frameUnderflow")
  void segmentHeaderOverrunningItsParentIsRejected(String hex) {
    byte[] in = bytes(hex);
    assertThat(catchThrowable(() -> DerReader.ber(in).readOctetString("x")))
        .as("DerReader")
        .isInstanceOf(Asn1Exception.class);
    assertThat(
            catchThrowable(
                () -> {
                  BerInput b = input(in, false);
                  b.stringContents(b.readHeader("x"), "x").readAllBytes();
                }))
        .as("BerInput")
        .isInstanceOf(BerInput.MalformedInputException.class);
  }

  static Stream<Arguments> frameUnderflow() {
    return Stream.of(
        argumentSet("segment header overruns a 1-byte string", "24 01 04 00 00 00"),
        argumentSet("end-of-contents overruns a definite parent", "24 03 24 80 00 00 00 00"),
        argumentSet("non-minimal segment header overruns", "24 02 04 81 00 00 00"));
  }
}
