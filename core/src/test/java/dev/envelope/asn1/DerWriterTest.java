package dev.envelope.asn1;

import static dev.envelope.asn1.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact DER output of {@link DerWriter}, in named tables, and a seeded comparison with BC. */
class DerWriterTest {

  // ---------------------------------------------------------------- INTEGER (X.690 8.3)

  static Stream<Arguments> integers() {
    return Stream.of(
        argumentSet("0", "0", "02 01 00"),
        argumentSet("1", "1", "02 01 01"),
        argumentSet("127 (largest one-octet positive)", "127", "02 01 7f"),
        argumentSet("128 (needs a leading 00)", "128", "02 02 00 80"),
        argumentSet("255", "255", "02 02 00 ff"),
        argumentSet("256", "256", "02 02 01 00"),
        argumentSet("32767", "32767", "02 02 7f ff"),
        argumentSet("32768", "32768", "02 03 00 80 00"),
        argumentSet("-1", "-1", "02 01 ff"),
        argumentSet("-128 (smallest one-octet negative)", "-128", "02 01 80"),
        argumentSet("-129 (needs a leading ff)", "-129", "02 02 ff 7f"),
        argumentSet("-256", "-256", "02 02 ff 00"),
        argumentSet("-257", "-257", "02 02 fe ff"),
        argumentSet("2**63 - 1", "9223372036854775807", "02 08 7f ff ff ff ff ff ff ff"),
        argumentSet("-2**63", "-9223372036854775808", "02 08 80 00 00 00 00 00 00 00"),
        argumentSet("2**63", "9223372036854775808", "02 09 00 80 00 00 00 00 00 00 00"),
        argumentSet("2**64", "18446744073709551616", "02 09 01 00 00 00 00 00 00 00 00"),
        argumentSet(
            "2**128 - 1 (big)",
            "340282366920938463463374607431768211455",
            "02 11 00 ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff"),
        argumentSet(
            "-2**128 (big negative)",
            "-340282366920938463463374607431768211456",
            "02 11 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
  }

  @ParameterizedTest
  @MethodSource("integers")
  void integerExactBytes(String value, String hex) throws Exception {
    BigInteger v = new BigInteger(value);
    byte[] der = DerWriter.encode(w -> w.addInteger(v));

    assertThat(Hex.of(der)).isEqualTo(Hex.of(bytes(hex)));
    assertThat(der).isEqualTo(new ASN1Integer(v).getEncoded(ASN1Encoding.DER));
    DerReader r = DerReader.der(der);
    assertThat(r.readInteger("value", 64)).isEqualTo(v);
    r.expectEmpty("value");
  }

  @Test
  void longOverloadMatchesBigInteger() {
    for (long v : new long[] {0, 1, -1, 127, 128, -128, -129, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(DerWriter.encode(w -> w.addInteger(v)))
          .as("%d", v)
          .isEqualTo(DerWriter.encode(w -> w.addInteger(BigInteger.valueOf(v))));
    }
  }

  // ---------------------------------------------------------------- OBJECT IDENTIFIER (8.19)

  static Stream<Arguments> oids() {
    return Stream.of(
        argumentSet("id-envelopedData", "1.2.840.113549.1.7.3", "06 09 2a 86 48 86 f7 0d 01 07 03"),
        argumentSet(
            "id-ct-authEnvelopedData",
            "1.2.840.113549.1.9.16.1.23",
            "06 0b 2a864886f70d0109100117"),
        argumentSet("aes128-CBC", "2.16.840.1.101.3.4.1.2", "06 09 60 86 48 01 65 03 04 01 02"),
        argumentSet("commonName", "2.5.4.3", "06 03 55 04 03"),
        argumentSet("0.0", "0.0", "06 01 00"),
        argumentSet("1.39", "1.39", "06 01 4f"),
        argumentSet("2.47 (last one-octet first subidentifier)", "2.47", "06 01 7f"),
        argumentSet("2.48 (first two-octet first subidentifier)", "2.48", "06 02 81 00"),
        argumentSet("2.999 (example arc of X.690)", "2.999.3", "06 03 88 37 03"));
  }

  @ParameterizedTest
  @MethodSource("oids")
  void oidExactBytes(String dotted, String hex) throws Exception {
    byte[] der = DerWriter.encode(w -> w.addOid(Oid.of(dotted)));

    assertThat(Hex.of(der)).isEqualTo(Hex.of(bytes(hex)));
    assertThat(der).isEqualTo(new ASN1ObjectIdentifier(dotted).getEncoded(ASN1Encoding.DER));
    assertThat(DerReader.der(der).readOid("oid")).hasToString(dotted);
  }

  // ---------------------------------------------------------------- small primitives

  static Stream<Arguments> primitives() {
    return Stream.of(
        argumentSet("NULL", (DerWriter.Body) DerWriter::addNull, "05 00"),
        argumentSet(
            "BOOLEAN TRUE (DER 11.1: ff)", (DerWriter.Body) w -> w.addBoolean(true), "01 01 ff"),
        argumentSet("BOOLEAN FALSE", (DerWriter.Body) w -> w.addBoolean(false), "01 01 00"),
        argumentSet(
            "empty OCTET STRING", (DerWriter.Body) w -> w.addOctetString(new byte[0]), "04 00"),
        argumentSet(
            "BIT STRING, 0 unused bits",
            (DerWriter.Body) w -> w.addBitString(bytes("0a0b")),
            "03 03 00 0a 0b"),
        argumentSet(
            "empty BIT STRING", (DerWriter.Body) w -> w.addBitString(new byte[0]), "03 01 00"),
        argumentSet(
            "implicit [0] primitive",
            (DerWriter.Body) w -> w.addPrimitive(Tag.context(0, false), bytes("4142")),
            "80 02 41 42"),
        argumentSet(
            "already encoded element, unchanged",
            (DerWriter.Body) w -> w.addEncoded(bytes("30 80 00 00")),
            "30 80 00 00"));
  }

  @ParameterizedTest
  @MethodSource("primitives")
  void primitiveExactBytes(DerWriter.Body body, String hex) {
    assertThat(Hex.of(DerWriter.encode(body))).isEqualTo(Hex.of(bytes(hex)));
  }

  // ---------------------------------------------------------------- lengths (8.1.3, 10.1)

  static Stream<Arguments> lengths() {
    return Stream.of(
        argumentSet("0", 0, "00"),
        argumentSet("1", 1, "01"),
        argumentSet("127 (last short form)", 127, "7f"),
        argumentSet("128 (first long form)", 128, "81 80"),
        argumentSet("255 (last one-octet long form)", 255, "81 ff"),
        argumentSet("256 (first two-octet long form)", 256, "82 01 00"),
        argumentSet("65535", 65535, "82 ff ff"),
        argumentSet("65536 (first three-octet long form)", 65536, "83 01 00 00"),
        argumentSet("70000", 70000, "83 01 11 70"));
  }

  /** A primitive: the length is known before the contents are written. */
  @ParameterizedTest
  @MethodSource("lengths")
  void primitiveLengthBoundaries(int n, String lengthHex) throws IOException {
    byte[] content = Hex.counting(n);
    byte[] der = DerWriter.encode(w -> w.addOctetString(content));

    assertThat(der).isEqualTo(Hex.concat(bytes("04"), bytes(lengthHex), content));
    assertThat(der).isEqualTo(new DEROctetString(content).getEncoded(ASN1Encoding.DER));
  }

  /**
   * A constructed element: one length octet is reserved, the body is written, and a longer length
   * moves the body right in place. Counting content shows any overlap error.
   */
  @ParameterizedTest
  @MethodSource("lengths")
  void constructedLengthBoundariesArePatchedInPlace(int n, String lengthHex) {
    byte[] content = Hex.counting(n);
    for (int initialCapacity : new int[] {1, 64, n + 8}) {
      DerWriter w = new DerWriter(initialCapacity);
      w.addSequence(s -> s.addEncoded(content));

      assertThat(w.toByteArray())
          .as("initial capacity %d", initialCapacity)
          .isEqualTo(Hex.concat(bytes("30"), bytes(lengthHex), content));
      assertThat(w.size()).isEqualTo(1 + bytes(lengthHex).length + n);
    }
  }

  /** The inner element's length grows after the outer one reserved its octet: both are patched. */
  @ParameterizedTest
  @MethodSource("lengths")
  void nestedConstructedLengthBoundaries(int n, String lengthHex) {
    byte[] content = Hex.counting(n);
    byte[] der =
        DerWriter.encode(
            w -> w.addSequence(o -> o.addNull().addSet(i -> i.addEncoded(content)).addNull()));

    byte[] inner = Hex.concat(bytes("31"), bytes(lengthHex), content);
    byte[] expected =
        Hex.concat(bytes("30"), derLength(inner.length + 4), bytes("0500"), inner, bytes("0500"));
    assertThat(der).isEqualTo(expected);
  }

  /** X.690 8.1.3: short form below 128, else 0x80 | count followed by big-endian octets. */
  static byte[] derLength(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    byte[] big = BigInteger.valueOf(n).toByteArray();
    int skip = big[0] == 0 ? 1 : 0;
    byte[] out = new byte[big.length - skip + 1];
    out[0] = (byte) (0x80 | (big.length - skip));
    System.arraycopy(big, skip, out, 1, big.length - skip);
    return out;
  }

  @Test
  void nestedSequencesExactBytes() {
    byte[] der =
        DerWriter.encode(
            w ->
                w.addSequence(
                    s ->
                        s.addSequence(t -> t.addInteger(1))
                            .addNull()
                            .addSequence(t -> {})
                            .addSet(t -> t.addBoolean(true))));

    assertThat(Hex.of(der)).isEqualTo("300e" + "3003020101" + "0500" + "3000" + "31030101ff");
  }

  @Test
  void deepNestingOfLongForms() throws IOException {
    // 40 levels, each around 300 bytes of payload: every level takes the long-form shift path.
    DerWriter.Body body = w -> w.addOctetString(Hex.counting(300));
    ASN1Encodable bc = new DEROctetString(Hex.counting(300));
    for (int i = 0; i < 40; i++) {
      DerWriter.Body inner = body;
      body = w -> w.addSequence(s -> s.addNull().add(Tag.context(3, true), inner));
      bc =
          new DERSequence(new ASN1Encodable[] {DERNull.INSTANCE, new DERTaggedObject(true, 3, bc)});
    }
    assertThat(DerWriter.encode(body)).isEqualTo(bc.toASN1Primitive().getEncoded(ASN1Encoding.DER));
  }

  // ---------------------------------------------------------------- SET OF (11.6)

  static Stream<Arguments> setsOf() {
    return Stream.of(
        argumentSet("already sorted", List.of("020101", "020102"), "31 06 020101 020102"),
        argumentSet("reversed", List.of("020102", "020101"), "31 06 020101 020102"),
        argumentSet(
            "different tags sort by tag first",
            List.of("0500", "0400", "020105"),
            "31 07 020105 0400 0500"),
        argumentSet(
            "octets compare unsigned (0x80 after 0x7f)",
            List.of("040180", "04017f"),
            "31 06 04017f 040180"),
        argumentSet(
            "shorter length octet first", List.of("04020000", "0401ff"), "31 07 0401ff 04020000"),
        argumentSet("duplicates are kept", List.of("0500", "0500"), "31 04 0500 0500"),
        argumentSet("empty", List.of(), "31 00"));
  }

  @ParameterizedTest
  @MethodSource("setsOf")
  void setOfIsSortedByEncoding(List<String> elements, String hex) throws IOException {
    List<DerWriter.Body> bodies = new ArrayList<>();
    ASN1EncodableVector v = new ASN1EncodableVector();
    for (String e : elements) {
      bodies.add(w -> w.addEncoded(bytes(e)));
      v.add(ASN1Primitive.fromByteArray(bytes(e)));
    }
    byte[] der = DerWriter.encode(w -> w.addSetOf(Tag.SET, bodies));

    assertThat(Hex.of(der)).isEqualTo(Hex.of(bytes(hex)));
    assertThat(der).isEqualTo(new DERSet(v).getEncoded(ASN1Encoding.DER));
  }

  @Test
  void setOfDoesNotDependOnInputOrder() {
    List<String> elements = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int k = i;
      elements.add(Hex.of(DerWriter.encode(w -> w.addOctetString(Hex.counting(1 + 37 * k)))));
      elements.add(Hex.of(DerWriter.encode(w -> w.addInteger(k * 1000 - 5000))));
    }
    byte[] first = null;
    Random random = new Random(11);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(elements, random);
      List<DerWriter.Body> bodies =
          elements.stream().<DerWriter.Body>map(e -> w -> w.addEncoded(bytes(e))).toList();
      byte[] der = DerWriter.encode(w -> w.addSetOf(Tag.context(1, true), bodies));
      if (first == null) {
        first = der;
      }
      assertThat(der).as("round %d", round).isEqualTo(first);
    }
  }

  @Test
  void addSetKeepsTheGivenOrder() {
    byte[] der = DerWriter.encode(w -> w.addSet(s -> s.addNull().addInteger(1)));
    assertThat(Hex.of(der)).isEqualTo("3105" + "0500" + "020101");
  }

  // ---------------------------------------------------------------- tags (8.1.2)

  static Stream<Arguments> tags() {
    return Stream.of(
        argumentSet("[0] primitive", Tag.context(0, false), "80"),
        argumentSet("[0] constructed", Tag.context(0, true), "a0"),
        argumentSet("[30] last low-form", Tag.context(30, false), "9e"),
        argumentSet("[31] first high-form", Tag.context(31, false), "9f 1f"),
        argumentSet("[127] last one-octet high-form", Tag.context(127, false), "9f 7f"),
        argumentSet("[128] two octets", Tag.context(128, false), "9f 81 00"),
        argumentSet("[16383]", Tag.context(16383, false), "9f ff 7f"),
        argumentSet("[16384] three octets", Tag.context(16384, false), "9f 81 80 00"),
        argumentSet("[2**28 - 1] four octets", Tag.context((1 << 28) - 1, false), "9f ff ff ff 7f"),
        argumentSet("[APPLICATION 31] constructed", new Tag(Tag.APPLICATION, true, 31), "7f 1f"),
        argumentSet("[PRIVATE 200]", new Tag(Tag.PRIVATE, false, 200), "df 81 48"),
        argumentSet("UNIVERSAL 31", new Tag(Tag.UNIVERSAL, false, 31), "1f 1f"));
  }

  @ParameterizedTest
  @MethodSource("tags")
  void tagExactBytesAndReadBack(Tag tag, String tagHex) throws Exception {
    byte[] der =
        tag.constructed()
            ? DerWriter.encode(w -> w.add(tag, b -> b.addNull()))
            : DerWriter.encode(w -> w.addPrimitive(tag, bytes("41")));
    String body = tag.constructed() ? "02 0500" : "01 41";

    assertThat(Hex.of(der)).isEqualTo(Hex.of(bytes(tagHex + body)));
    DerReader r = DerReader.der(der);
    assertThat(r.peekTag()).isEqualTo(tag);
    assertThat(r.readElement(tag, "tagged")).isEqualTo(der);
    r.expectEmpty("tagged");
  }

  @Test
  void bodyNeedsAConstructedTagAndContentAPrimitiveOne() {
    assertThatThrownBy(() -> new DerWriter().add(Tag.INTEGER, w -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DerWriter().addPrimitive(Tag.SEQUENCE, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- random structures vs BC

  /** One random ASN.1 value written twice: by our builder and as a BC object. */
  private record Node(DerWriter.Body ours, ASN1Encodable bc) {}

  private static final int[] INTERESTING_SIZES = {0, 1, 2, 127, 128, 129, 255, 256, 257, 1000};

  private static Node randomNode(Random r, int depth) {
    int kind = depth >= 5 ? r.nextInt(7) : r.nextInt(11);
    switch (kind) {
      case 0 -> {
        BigInteger v = new BigInteger(r.nextInt(140), r);
        BigInteger signed = r.nextBoolean() ? v.negate() : v;
        return new Node(w -> w.addInteger(signed), new ASN1Integer(signed));
      }
      case 1 -> {
        byte[] b = new byte[INTERESTING_SIZES[r.nextInt(INTERESTING_SIZES.length)]];
        r.nextBytes(b);
        return new Node(w -> w.addOctetString(b), new DEROctetString(b));
      }
      case 2 -> {
        return new Node(DerWriter::addNull, DERNull.INSTANCE);
      }
      case 3 -> {
        boolean b = r.nextBoolean();
        return new Node(w -> w.addBoolean(b), ASN1Boolean.getInstance(b));
      }
      case 4 -> {
        String dotted = randomOid(r);
        return new Node(w -> w.addOid(Oid.of(dotted)), new ASN1ObjectIdentifier(dotted));
      }
      case 5 -> {
        byte[] b = new byte[r.nextInt(40)];
        r.nextBytes(b);
        return new Node(w -> w.addBitString(b), new DERBitString(b));
      }
      case 6 -> {
        int n = r.nextInt(130);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
          b[i] = (byte) ('a' + r.nextInt(26));
        }
        return new Node(
            w -> w.addPrimitive(Tag.UTF8_STRING, b),
            new DERUTF8String(new String(b, java.nio.charset.StandardCharsets.US_ASCII)));
      }
      case 7, 8 -> {
        List<Node> kids = children(r, depth);
        ASN1EncodableVector v = new ASN1EncodableVector();
        kids.forEach(k -> v.add(k.bc));
        if (kind == 7) {
          return new Node(
              w -> w.addSequence(s -> kids.forEach(k -> k.ours.write(s))), new DERSequence(v));
        }
        return new Node(
            w -> w.addSetOf(Tag.SET, kids.stream().map(Node::ours).toList()), new DERSet(v));
      }
      case 9 -> {
        int tagNo = r.nextBoolean() ? r.nextInt(31) : 31 + r.nextInt(20000);
        Node inner = randomNode(r, depth + 1);
        return new Node(
            w -> w.add(Tag.context(tagNo, true), inner.ours),
            new DERTaggedObject(true, tagNo, inner.bc));
      }
      default -> {
        int tagNo = r.nextInt(200);
        byte[] b = new byte[INTERESTING_SIZES[r.nextInt(INTERESTING_SIZES.length)]];
        r.nextBytes(b);
        return new Node(
            w -> w.addPrimitive(Tag.context(tagNo, false), b),
            new DERTaggedObject(false, tagNo, new DEROctetString(b)));
      }
    }
  }

  private static List<Node> children(Random r, int depth) {
    return IntStream.range(0, r.nextInt(6)).mapToObj(i -> randomNode(r, depth + 1)).toList();
  }

  static String randomOid(Random r) {
    int first = r.nextInt(3);
    long second = first < 2 ? r.nextInt(40) : (r.nextBoolean() ? r.nextInt(48) : r.nextInt(100000));
    StringBuilder sb = new StringBuilder().append(first).append('.').append(second);
    int arcs = r.nextInt(8);
    for (int i = 0; i < arcs; i++) {
      long arc =
          switch (r.nextInt(4)) {
            case 0 -> r.nextInt(128);
            case 1 -> r.nextInt(1 << 21);
            case 2 -> r.nextLong() >>> 1;
            default -> 113549;
          };
      sb.append('.').append(arc);
    }
    return sb.toString();
  }

  @Test
  void randomStructuresMatchBouncyCastle() throws Exception {
    long seed = 20240501L;
    Random r = new Random(seed);
    for (int i = 0; i < 400; i++) {
      Node n = randomNode(r, 0);
      byte[] ours = DerWriter.encode(n.ours);
      byte[] theirs = n.bc.toASN1Primitive().getEncoded(ASN1Encoding.DER);
      assertThat(Hex.of(ours)).as("seed %d case %d", seed, i).isEqualTo(Hex.of(theirs));
      // and our own strict reader accepts every byte of it
      DerReader reader = DerReader.der(ours);
      assertThat(Asn1Walk.walk(reader, 0)).as("seed %d case %d", seed, i).isPositive();
      reader.expectEmpty("case");
    }
  }
}
