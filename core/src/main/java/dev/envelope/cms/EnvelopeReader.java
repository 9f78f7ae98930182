package dev.envelope.cms;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.BerInput;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads a ContentInfo holding EnvelopedData or AuthEnvelopedData incrementally, DER or BER: {@link
 * #open} reads everything before the encrypted content (bounded by {@link
 * CmsLimits#maxHeaderBytes()}), {@link #encryptedContent()} streams the ciphertext, and {@link
 * #finish()} reads what follows it (attributes, the mac) and checks that the structure closes
 * properly with nothing after it.
 *
 * <pre>
 * ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }
 * </pre>
 */
public final class EnvelopeReader {

  /**
   * Everything before the encrypted content.
   *
   * @param authEnveloped AuthEnvelopedData (RFC 5083) rather than EnvelopedData
   * @param version the CMSVersion as sent (informational; writers derive it)
   * @param originatorInfo null when absent
   * @param contentPresent false when the encrypted content is detached
   */
  public record Header(
      boolean authEnveloped,
      int version,
      OriginatorInfo originatorInfo,
      List<RecipientInfo> recipientInfos,
      Oid contentType,
      AlgorithmIdentifier contentEncryptionAlgorithm,
      boolean contentPresent) {}

  /**
   * Everything after the encrypted content; lists are empty when absent.
   *
   * @param authAttrsDer for AuthEnvelopedData with authAttrs: their DER encoding with the SET OF
   *     tag, the additional authenticated data (RFC 5083 2.1); else null
   * @param mac null for EnvelopedData
   */
  public record Trailer(
      List<Attribute> unprotectedAttrs,
      List<Attribute> authAttrs,
      byte[] authAttrsDer,
      Bytes mac,
      List<Attribute> unauthAttrs) {}

  /**
   * The fields around the recipientInfos exactly as they were sent, so that a message can be
   * written again with other recipients and everything else unchanged (see {@link
   * EnvelopeWriter#readdressed}). Available once {@link #finish()} returned.
   *
   * @param originatorInfo the {@code [0] originatorInfo} element, or null when absent
   * @param contentInfoHead the EncryptedContentInfo's contentType and contentEncryptionAlgorithm
   *     elements
   * @param trailer every element after the EncryptedContentInfo (attributes, the mac), in order
   * @param definite whether every enclosing element had a definite length (the input was DER, or
   *     BER with definite lengths)
   */
  public record Verbatim(
      byte[] originatorInfo, byte[] contentInfoHead, byte[] trailer, boolean definite) {}

  private static final Tag CTX0 = Tag.context(0, true);
  private static final Tag CTX1 = Tag.context(1, true);
  private static final Tag CTX2 = Tag.context(2, true);

  /** Small fields (OIDs, versions, the mac) are captured with this bound. */
  private static final int SMALL = 1024;

  private final BerInput in;
  private final CmsLimits limits;
  private final Deque<Long> ends =
      new ArrayDeque<>(); // end offset of each open element, -1 = indefinite
  private Header header;
  private BerInput.Header contentHeader;
  private InputStream content;
  private boolean finished;
  private byte[] rawOriginatorInfo;
  private final ByteArrayOutputStream rawContentInfoHead = new ByteArrayOutputStream();
  private final ByteArrayOutputStream rawTrailer = new ByteArrayOutputStream();
  private boolean definite = true;
  private Verbatim verbatim;

  private EnvelopeReader(InputStream in, CmsLimits limits) {
    this.in = new BerInput(in, limits.asn1());
    this.limits = limits;
  }

  /** Reads up to the encrypted content. */
  public static EnvelopeReader open(InputStream in, CmsLimits limits)
      throws IOException, Asn1Exception {
    EnvelopeReader r = new EnvelopeReader(in, limits);
    r.readHeader();
    return r;
  }

  public Header header() {
    return header;
  }

  private void push(BerInput.Header h) {
    definite &= !h.indefinite();
    ends.push(h.indefinite() ? -1L : in.offset() + h.length());
  }

  private BerInput.Header expect(Tag tag, String field) throws IOException, Asn1Exception {
    BerInput.Header h = in.readHeader(field);
    if (!h.tag().equals(tag)) {
      throw new Asn1Exception(field, h.offset(), "expected " + tag + ", found " + h.tag());
    }
    return h;
  }

  /** The next header inside the innermost open element, or null (and the element closed). */
  private BerInput.Header nextOrClose(String field) throws IOException, Asn1Exception {
    long end = ends.peek();
    if (end < 0) {
      if (in.readEndOfContents(field)) {
        ends.pop();
        return null;
      }
    } else if (in.offset() == end) {
      ends.pop();
      return null;
    } else if (in.offset() > end) {
      throw new Asn1Exception(field, end, "element extends past its parent");
    }
    BerInput.Header h = in.readHeader(field);
    checkInside(h, field);
    return h;
  }

  private void checkInside(BerInput.Header h, String field) throws Asn1Exception {
    for (long end : ends) {
      if (end >= 0 && !h.indefinite() && in.offset() + h.length() > end) {
        throw new Asn1Exception(field, h.offset(), "element extends past its parent");
      }
    }
  }

  private void close(String field) throws IOException, Asn1Exception {
    if (nextOrClose(field) != null) {
      throw new Asn1Exception(field, in.offset(), "unexpected trailing data");
    }
  }

  private DerReader capture(BerInput.Header h, int max, String field)
      throws IOException, Asn1Exception {
    return capture(h, max, field, null);
  }

  /** Captures an element, also copying its bytes as sent into {@code raw} when not null. */
  private DerReader capture(BerInput.Header h, int max, String field, ByteArrayOutputStream raw)
      throws IOException, Asn1Exception {
    checkInside(h, field);
    byte[] bytes = in.capture(h, max, field);
    if (raw != null) {
      raw.writeBytes(bytes);
    }
    return DerReader.ber(bytes, h.offset(), limits.asn1());
  }

  private int headerRoom() {
    return (int) Math.max(0, limits.maxHeaderBytes() - in.offset());
  }

  private void readHeader() throws IOException, Asn1Exception {
    push(expect(Tag.SEQUENCE, "ContentInfo"));
    BerInput.Header h = expect(Tag.OID, "ContentInfo.contentType");
    Oid type = capture(h, SMALL, "ContentInfo.contentType").readOid("ContentInfo.contentType");
    boolean auth;
    if (type.equals(CmsOids.ENVELOPED_DATA)) {
      auth = false;
    } else if (type.equals(CmsOids.AUTH_ENVELOPED_DATA)) {
      auth = true;
    } else {
      throw new Asn1Exception(
          "ContentInfo.contentType",
          h.offset(),
          "content type " + type + " is not EnvelopedData or AuthEnvelopedData");
    }
    String name = auth ? "AuthEnvelopedData" : "EnvelopedData";
    push(expect(CTX0, "ContentInfo.content"));
    push(expect(Tag.SEQUENCE, name));

    h = expect(Tag.INTEGER, name + ".version");
    int version = capture(h, SMALL, name + ".version").readSmallInt(name + ".version");
    if (auth ? version != 0 : version > 4) {
      throw new Asn1Exception(name + ".version", h.offset(), "unexpected version " + version);
    }

    OriginatorInfo originatorInfo = null;
    h = nextOrClose(name + ".recipientInfos");
    if (h != null && h.tag().equals(CTX0)) {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      DerReader oi = capture(h, headerRoom(), name + ".originatorInfo", raw);
      rawOriginatorInfo = raw.toByteArray();
      originatorInfo =
          CmsFields.readOriginatorInfo(
              oi.read(CTX0, name + ".originatorInfo"), limits.maxAttributes());
      h = nextOrClose(name + ".recipientInfos");
    }
    if (h == null || !h.tag().equals(Tag.SET)) {
      throw new Asn1Exception(
          name + ".recipientInfos",
          h == null ? in.offset() : h.offset(),
          "expected SET, found " + (h == null ? "end of " + name : h.tag()));
    }
    DerReader ris = capture(h, headerRoom(), name + ".recipientInfos");
    List<RecipientInfo> recipientInfos =
        RecipientInfoCodec.readAll(ris.readSet("recipientInfos"), limits.maxRecipients());

    String eci = name + (auth ? ".authEncryptedContentInfo" : ".encryptedContentInfo");
    h = nextOrClose(eci);
    if (h == null || !h.tag().equals(Tag.SEQUENCE)) {
      throw new Asn1Exception(
          eci, h == null ? in.offset() : h.offset(), "missing " + eci + " SEQUENCE");
    }
    push(h);
    h = expect(Tag.OID, eci + ".contentType");
    Oid contentType =
        capture(h, SMALL, eci + ".contentType", rawContentInfoHead).readOid(eci + ".contentType");
    h = expect(Tag.SEQUENCE, eci + ".contentEncryptionAlgorithm");
    AlgorithmIdentifier cea =
        CmsFields.readAlgorithm(
            capture(h, headerRoom(), eci + ".contentEncryptionAlgorithm", rawContentInfoHead),
            eci + ".contentEncryptionAlgorithm");
    if (in.offset() > limits.maxHeaderBytes()) {
      throw Asn1Exception.limit(
          name, in.offset(), "limit exceeded: header larger than " + limits.maxHeaderBytes());
    }
    h = nextOrClose(eci + ".encryptedContent");
    if (h != null) {
      if (!h.tag().sameNumber(CTX0)) {
        throw new Asn1Exception(
            eci + ".encryptedContent", h.offset(), "expected [0], found " + h.tag());
      }
      contentHeader = h;
      if (h.tag().constructed()) {
        push(h);
      }
    }
    header = new Header(auth, version, originatorInfo, recipientInfos, contentType, cea, h != null);
  }

  /**
   * The encrypted content as it arrives (empty when detached). A malformed segment structure
   * surfaces as {@link BerInput.MalformedInputException} from {@code read}.
   */
  public InputStream encryptedContent() {
    if (content == null) {
      content =
          contentHeader == null
              ? InputStream.nullInputStream()
              : in.stringContents(contentHeader, "encryptedContent");
    }
    return content;
  }

  /** Reads and checks everything after the encrypted content, which is drained if unread. */
  public Trailer finish() throws IOException, Asn1Exception {
    if (finished) {
      throw new IllegalStateException("finish() called twice");
    }
    finished = true;
    try {
      encryptedContent().transferTo(OutputStream.nullOutputStream());
    } catch (BerInput.MalformedInputException e) {
      throw e.asn1();
    }
    if (contentHeader != null && contentHeader.tag().constructed()) {
      ends.pop(); // the segment stream consumed the constructed [0] to its end
    }
    boolean auth = header.authEnveloped();
    String name = auth ? "AuthEnvelopedData" : "EnvelopedData";
    if (contentHeader != null) {
      // without content, looking for it already found the end of the EncryptedContentInfo
      close(name + ".encryptedContentInfo");
    }

    List<Attribute> unprotected = List.of();
    List<Attribute> authAttrs = List.of();
    byte[] authAttrsDer = null;
    Bytes mac = null;
    List<Attribute> unauth = List.of();
    BerInput.Header h = nextOrClose(name);
    if (!auth) {
      if (h != null && h.tag().equals(CTX1)) {
        unprotected = attributes(h, CTX1, name + ".unprotectedAttrs");
        h = nextOrClose(name);
      }
    } else {
      if (h != null && h.tag().equals(CTX1)) {
        authAttrs = attributes(h, CTX1, name + ".authAttrs");
        authAttrsDer = CmsCodec.authAttrsAad(authAttrs);
        h = nextOrClose(name);
      }
      if (h == null || !h.tag().sameNumber(Tag.OCTET_STRING)) {
        throw new Asn1Exception(
            name + ".mac", h == null ? in.offset() : h.offset(), "missing mac OCTET STRING");
      }
      mac = Bytes.of(capture(h, SMALL, name + ".mac", rawTrailer).readOctetString(name + ".mac"));
      h = nextOrClose(name);
      if (h != null && h.tag().equals(CTX2)) {
        unauth = attributes(h, CTX2, name + ".unauthAttrs");
        h = nextOrClose(name);
      }
    }
    if (h != null) {
      throw new Asn1Exception(name, h.offset(), "unexpected element " + h.tag());
    }
    close("ContentInfo.content");
    close("ContentInfo");
    if (!in.atEnd()) {
      throw new Asn1Exception("ContentInfo", in.offset(), "unexpected trailing data");
    }
    verbatim =
        new Verbatim(
            rawOriginatorInfo,
            rawContentInfoHead.toByteArray(),
            rawTrailer.toByteArray(),
            definite);
    return new Trailer(unprotected, authAttrs, authAttrsDer, mac, unauth);
  }

  /**
   * The fields around the recipientInfos as sent.
   *
   * @throws IllegalStateException before {@link #finish()} returned
   */
  public Verbatim verbatim() {
    if (verbatim == null) {
      throw new IllegalStateException("verbatim() before finish()");
    }
    return verbatim;
  }

  private List<Attribute> attributes(BerInput.Header h, Tag tag, String field)
      throws IOException, Asn1Exception {
    DerReader r = capture(h, limits.maxHeaderBytes(), field, rawTrailer);
    List<Attribute> attrs =
        CmsFields.readAttributes(r.read(tag, field), field, limits.maxAttributes());
    r.expectEmpty(field);
    return attrs;
  }
}
