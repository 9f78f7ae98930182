package dev.envelope.cms;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Tag;
import java.util.ArrayList;
import java.util.List;

/** Codecs for the small types that several CMS structures share. */
final class CmsFields {
  private CmsFields() {}

  static final Tag CTX0 = Tag.context(0, true);
  static final Tag CTX1 = Tag.context(1, true);
  static final Tag CTX2 = Tag.context(2, true);
  static final Tag CTX0_PRIMITIVE = Tag.context(0, false);

  /** CertificateSerialNumber is at most 20 octets (RFC 5280 4.1.2.2); allow some slack. */
  static final int MAX_SERIAL_BYTES = 64;

  // AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
  static AlgorithmIdentifier readAlgorithm(DerReader r, String field) throws Asn1Exception {
    DerReader seq = r.readSequence(field);
    var oid = seq.readOid(field + ".algorithm");
    Bytes params = seq.isEmpty() ? null : Bytes.of(seq.readElement(field + ".parameters"));
    seq.expectEmpty(field);
    return new AlgorithmIdentifier(oid, params);
  }

  static void writeAlgorithm(DerWriter w, AlgorithmIdentifier a) {
    w.addSequence(
        s -> {
          s.addOid(a.algorithm());
          if (a.parameters() != null) {
            s.addEncoded(a.parameters().toByteArray());
          }
        });
  }

  static IssuerAndSerialNumber readIssuerSerial(DerReader r, String field) throws Asn1Exception {
    DerReader seq = r.readSequence(field);
    byte[] issuer = seq.readElement(Tag.SEQUENCE, field + ".issuer");
    var serial = seq.readInteger(field + ".serialNumber", MAX_SERIAL_BYTES);
    seq.expectEmpty(field);
    return new IssuerAndSerialNumber(Bytes.of(issuer), serial);
  }

  static void writeIssuerSerial(DerWriter w, IssuerAndSerialNumber is) {
    w.addSequence(s -> s.addEncoded(is.issuer().toByteArray()).addInteger(is.serialNumber()));
  }

  // RecipientIdentifier ::= CHOICE { issuerAndSerialNumber, subjectKeyIdentifier [0] }
  static RecipientIdentifier readRid(DerReader r, String field) throws Asn1Exception {
    if (r.peek(Tag.SEQUENCE)) {
      return new RecipientIdentifier.IssuerSerial(readIssuerSerial(r, field));
    }
    if (r.peek(CTX0_PRIMITIVE)) {
      return new RecipientIdentifier.SubjectKeyId(
          Bytes.of(r.readString(CTX0_PRIMITIVE, field + ".subjectKeyIdentifier")));
    }
    throw new Asn1Exception(
        field, r.offset(), "expected issuerAndSerialNumber or [0], found " + r.peekTag());
  }

  static void writeRid(DerWriter w, RecipientIdentifier rid) {
    switch (rid) {
      case RecipientIdentifier.IssuerSerial is -> writeIssuerSerial(w, is.value());
      case RecipientIdentifier.SubjectKeyId ski ->
          w.addPrimitive(CTX0_PRIMITIVE, ski.keyIdentifier().toByteArray());
    }
  }

  // Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }
  static List<Attribute> readAttributes(DerReader set, String field, int max) throws Asn1Exception {
    List<Attribute> out = new ArrayList<>();
    while (!set.isEmpty()) {
      if (out.size() >= max) {
        throw Asn1Exception.limit(
            field, set.offset(), "limit exceeded: more than " + max + " attributes");
      }
      DerReader a = set.readSequence(field);
      var type = a.readOid(field + ".attrType");
      DerReader values = a.readSet(field + ".attrValues");
      List<Bytes> vs = new ArrayList<>();
      while (!values.isEmpty()) {
        vs.add(Bytes.of(values.readElement(field + ".attrValues")));
      }
      a.expectEmpty(field);
      out.add(new Attribute(type, vs));
    }
    if (out.isEmpty()) {
      // SET SIZE (1..MAX) for unprotectedAttrs, authAttrs and unauthAttrs
      throw new Asn1Exception(field, set.offset(), "empty attribute set (SIZE (1..MAX))");
    }
    return out;
  }

  /** Attributes as a DER SET OF under {@code tag} (the AAD of AuthEnvelopedData uses SET). */
  static void writeAttributes(DerWriter w, Tag tag, List<Attribute> attrs) {
    List<DerWriter.Body> bodies = new ArrayList<>();
    for (Attribute a : attrs) {
      bodies.add(
          e ->
              e.addSequence(
                  s ->
                      s.addOid(a.type())
                          .addSetOf(
                              Tag.SET,
                              a.values().stream()
                                  .<DerWriter.Body>map(v -> x -> x.addEncoded(v.toByteArray()))
                                  .toList())));
    }
    w.addSetOf(tag, bodies);
  }

  // OriginatorInfo ::= SEQUENCE { certs [0] IMPLICIT CertificateSet OPTIONAL,
  //                               crls [1] IMPLICIT RevocationInfoChoices OPTIONAL }
  static OriginatorInfo readOriginatorInfo(DerReader oi, int maxElements) throws Asn1Exception {
    List<Bytes> certs = readElements(oi.readOptional(CTX0, "originatorInfo.certs"), maxElements);
    List<Bytes> crls = readElements(oi.readOptional(CTX1, "originatorInfo.crls"), maxElements);
    oi.expectEmpty("originatorInfo");
    return new OriginatorInfo(certs, crls);
  }

  private static List<Bytes> readElements(DerReader set, int max) throws Asn1Exception {
    List<Bytes> out = new ArrayList<>();
    while (set != null && !set.isEmpty()) {
      if (out.size() >= max) {
        throw Asn1Exception.limit(
            "originatorInfo", set.offset(), "limit exceeded: more than " + max + " elements");
      }
      out.add(Bytes.of(set.readElement("originatorInfo")));
    }
    return out;
  }

  static void writeOriginatorInfo(DerWriter w, OriginatorInfo oi) {
    w.add(
        CTX0,
        s -> {
          if (!oi.certificates().isEmpty()) {
            s.addSetOf(CTX0, encodedBodies(oi.certificates()));
          }
          if (!oi.crls().isEmpty()) {
            s.addSetOf(CTX1, encodedBodies(oi.crls()));
          }
        });
  }

  static List<DerWriter.Body> encodedBodies(List<Bytes> elements) {
    return elements.stream().<DerWriter.Body>map(b -> w -> w.addEncoded(b.toByteArray())).toList();
  }
}
