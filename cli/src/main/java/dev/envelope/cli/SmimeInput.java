package dev.envelope.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;

/**
 * S/MIME input (RFC 8551 section 3.2): finds the {@code application/pkcs7-mime} entity of a mail
 * message or MIME entity, at the top or in a part of a multipart, and streams its body with the
 * transfer encoding undone. The parsing is Apache James mime4j's pull parser, which reads headers
 * line by line and hands out bodies as streams: nothing is held whole, whatever the size.
 *
 * <p>Accepted as the pkcs7-mime entity: {@code application/pkcs7-mime}, the older {@code
 * application/x-pkcs7-mime} (RFC 8551 3.2.1 asks receivers to take both), and {@code
 * application/octet-stream} named {@code *.p7m}, which some agents send. A {@code smime-type} other
 * than enveloped-data or authEnveloped-data (signed-data, certs-only, compressed-data) is not an
 * encrypted message and is passed over, and named if nothing else is found.
 */
final class SmimeInput {
  /**
   * mime4j's limits: lines of headers and boundaries (RFC 5322 allows 998; folded headers are
   * longer, and are bounded by the header length), headers per entity, parts and nesting.
   */
  private static final MimeConfig CONFIG =
      MimeConfig.custom()
          .setStrictParsing(false)
          .setMaxLineLen(10_000)
          .setMaxHeaderCount(1000)
          .setMaxHeaderLen(100_000)
          .setMaxTotalHeaderLen(1_000_000)
          .setMaxPartCount(1000)
          .setMaxNestingDepth(16)
          .build();

  // ErrorReport makes every message printable: the types and reasons here come from the input

  /** At most this many types are named in the error when no enveloped entity is found. */
  private static final int MAX_NAMED = 8;

  /** How far the first line is looked at to tell a header field from armor or Base64. */
  static final int LOOKAHEAD = 1000;

  private SmimeInput() {}

  /**
   * Whether the input starts with a MIME header field ({@code Name: value}, RFC 5322 2.2: printable
   * ASCII but the colon, then the colon). DER and BER start with a SEQUENCE tag (0x30, which is
   * also '0': {@code 30 3A} would read as "0:"), PEM with dashes, and Base64 has no colon.
   */
  static boolean looksLikeMime(byte[] head, int n) {
    if (n == 0 || head[0] == 0x30) {
      return false;
    }
    int i = 0;
    while (i < n && head[i] >= 0x21 && head[i] <= 0x7e && head[i] != ':') {
      i++;
    }
    if (i == 0) {
      return false;
    }
    while (i < n && (head[i] == ' ' || head[i] == '\t')) {
      i++;
    }
    return i < n && head[i] == ':';
  }

  /**
   * The decoded body of the enveloped pkcs7-mime entity in {@code in}, positioned at its first
   * byte; reading it reads {@code in} as far as needed. Failures of the MIME layers while it is
   * read are {@link Io.MalformedInput}.
   *
   * @throws CliException exit 3: malformed MIME, a limit, no such entity, an empty body, an unknown
   *     transfer encoding
   */
  static InputStream open(InputStream in, String name) throws CliException, IOException {
    MimeTokenStream mime = new MimeTokenStream(CONFIG);
    mime.parse(in);
    List<String> found = new ArrayList<>();
    Map<String, String> params = Map.of();
    String filename = null;
    try {
      for (EntityState s = mime.getState(); s != EntityState.T_END_OF_STREAM; s = mime.next()) {
        switch (s) {
          case T_START_HEADER -> {
            params = Map.of();
            filename = null;
          }
          case T_FIELD -> {
            Field f = mime.getField();
            String field = f.getName().toLowerCase(Locale.ROOT);
            if (field.equals("content-type")) {
              params = parameters(f.getBody());
            } else if (field.equals("content-disposition")) {
              filename = parameters(f.getBody()).get("filename");
            }
          }
          case T_START_MULTIPART -> found.add(mime.getBodyDescriptor().getMimeType());
          case T_BODY -> {
            BodyDescriptor d = mime.getBodyDescriptor();
            String type = d.getMimeType();
            String smimeType = params.get("smime-type");
            if (isPkcs7(type, params.get("name"), filename)) {
              if (smimeType == null || isEnveloped(smimeType)) {
                return body(mime, d, name);
              }
              type += "; smime-type=" + smimeType;
            }
            found.add(type);
          }
          default -> {}
        }
      }
    } catch (MimeException e) {
      throw malformed(name, e);
    } catch (IOException e) {
      throw rethrow(e, name);
    }
    throw new CliException(
        Exit.MESSAGE,
        name
            + ": no encrypted S/MIME entity (application/pkcs7-mime, smime-type enveloped-data or"
            + " authEnveloped-data) in this MIME message; found "
            + named(found));
  }

  private static boolean isPkcs7(String type, String nameParam, String filename) {
    return switch (type) {
      case "application/pkcs7-mime", "application/x-pkcs7-mime" -> true;
      case "application/octet-stream" -> isP7m(nameParam) || isP7m(filename);
      default -> false;
    };
  }

  private static boolean isP7m(String file) {
    return file != null && file.toLowerCase(Locale.ROOT).endsWith(".p7m");
  }

  private static boolean isEnveloped(String smimeType) {
    return smimeType.equalsIgnoreCase("enveloped-data")
        || smimeType.equalsIgnoreCase("authEnveloped-data");
  }

  private static InputStream body(MimeTokenStream mime, BodyDescriptor d, String name)
      throws CliException, IOException {
    String cte = d.getTransferEncoding();
    switch (cte) {
      case "base64", "7bit", "8bit", "binary", "quoted-printable" -> {}
      default ->
          throw new CliException(
              Exit.MESSAGE,
              name
                  + ": the application/pkcs7-mime entity has Content-Transfer-Encoding "
                  + cte
                  + " (base64, 7bit, 8bit, binary or quoted-printable expected)");
    }
    BufferedInputStream body =
        new BufferedInputStream(new Failures(mime.getDecodedInputStream(), name));
    body.mark(1);
    int first;
    try {
      first = body.read();
    } catch (IOException e) {
      throw rethrow(e, name);
    }
    body.reset();
    if (first < 0) {
      throw new CliException(
          Exit.MESSAGE, name + ": the application/pkcs7-mime entity has an empty body");
    }
    return body;
  }

  /** Content-Type or Content-Disposition parameters, names in lower case, quotes undone. */
  private static Map<String, String> parameters(String fieldBody) {
    ByteSequence raw = ContentUtil.encode(fieldBody);
    Map<String, String> out = new HashMap<>();
    for (NameValuePair p :
        RawFieldParser.DEFAULT.parseRawBody(raw, new ParserCursor(0, raw.length())).getParams()) {
      if (p.getValue() != null) {
        out.putIfAbsent(p.getName().toLowerCase(Locale.ROOT), p.getValue());
      }
    }
    return out;
  }

  private static String named(List<String> found) {
    if (found.isEmpty()) {
      return "no entity";
    }
    List<String> shown = found.subList(0, Math.min(found.size(), MAX_NAMED));
    String list = String.join(", ", shown);
    return found.size() > MAX_NAMED ? list + ", ..." : list;
  }

  private static CliException malformed(String name, Exception e) {
    return new CliException(Exit.MESSAGE, name + ": malformed MIME message: " + reason(e), e);
  }

  /** mime4j wraps its limit exceptions, whose text names the class: the innermost message. */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The input's own failures and interruptions stay what they are; the rest is malformed MIME. */
  private static IOException rethrow(IOException e, String name) throws CliException {
    if (e instanceof Io.InputFailure || e instanceof InterruptedIOException) {
      return e;
    }
    throw malformed(name, e);
  }

  /**
   * The body stream, whose MIME-layer failures (mime4j's line and header limits, a broken boundary)
   * become {@link Io.MalformedInput} so they are told apart from failing to write the output.
   */
  private static final class Failures extends FilterInputStream {
    private final String name;

    Failures(InputStream in, String name) {
      super(in);
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw map(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw map(e);
      }
    }

    private IOException map(IOException e) {
      return e instanceof Io.InputFailure
              || e instanceof InterruptedIOException
              || e instanceof Io.MalformedInput
          ? e
          : new Io.MalformedInput(name + ": malformed MIME message: " + reason(e), e);
    }
  }
}
