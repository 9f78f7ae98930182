package dev.envelope.cli;

import dev.envelope.Envelope;
import dev.envelope.MessageInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code envelope inspect}: what a message says about itself, without any key. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = EnvelopeCommand.Version.class,
    description = {
      "Shows the structure of a message (DER, BER, PEM or Base64): its type, content cipher and"
          + " every recipient entry, with the identifier that tells which key opens it. Needs no"
          + " key.",
      ""
    },
    footer = {"", "Example:", "  envelope inspect report.p7m"})
final class InspectCommand implements Callable<Integer> {
  /** Names for the content types people meet (RFC 5652 section 4, RFC 5083). */
  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "1.2.840.113549.1.7.1", "data",
          "1.2.840.113549.1.7.2", "signedData",
          "1.2.840.113549.1.7.3", "envelopedData",
          "1.2.840.113549.1.7.5", "digestedData",
          "1.2.840.113549.1.7.6", "encryptedData",
          "1.2.840.113549.1.9.16.1.2", "authData",
          "1.2.840.113549.1.9.16.1.23", "authEnvelopedData");

  private static final String TOP = "  ";
  private static final String ENTRY = "        ";

  private final Context ctx;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "IN",
      description = "The message; '-' or nothing for standard input.")
  String in;

  InspectCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    MessageInfo info;
    try (Io.Input input = Io.openInput(in, ctx.in())) {
      info = Envelope.inspect(Io.message(input.stream(), input.name()));
    } catch (IOException e) {
      throw Io.streamFailure(e, "standard output");
    }
    PrintStream out = ctx.out();
    out.print(render(info));
    out.flush();
    if (out.checkError()) {
      throw CliException.output("cannot write to standard output", null);
    }
    return Exit.OK;
  }

  /** The tree, one fact per line; every value from the message is made printable first. */
  static String render(MessageInfo info) {
    StringBuilder b = new StringBuilder();
    b.append(printable(info.type())).append(" (version ").append(info.version()).append(")\n");
    line(b, TOP, "content type", contentType(info.contentType()));
    line(b, TOP, "content cipher", cipher(info));
    line(
        b,
        TOP,
        "encrypted content",
        info.encryptedContentLength() < 0
            ? "absent (detached)"
            : info.encryptedContentLength() + " bytes");
    if (info.originatorCertificates() > 0) {
      line(b, TOP, "originator certificates", String.valueOf(info.originatorCertificates()));
    }
    for (String a : info.attributes()) {
      line(b, TOP, "attribute", a);
    }
    line(b, TOP, "recipients", String.valueOf(info.recipients().size()));
    for (MessageInfo.RecipientSummary r : info.recipients()) {
      b.append("    [")
          .append(r.index())
          .append("] ")
          .append(printable(r.kind()))
          .append(r.version() < 0 ? "" : " (version " + r.version() + ")")
          .append('\n');
      if (!r.identifier().isEmpty()) {
        line(b, ENTRY, "identifier", r.identifier());
      }
      line(b, ENTRY, "algorithm", r.algorithm());
    }
    return b.toString();
  }

  private static String cipher(MessageInfo info) {
    StringBuilder c = new StringBuilder(printable(info.contentCipher()));
    if (info.ivLength() >= 0) {
      c.append(", ").append(info.ivLength()).append("-byte IV");
    }
    if (info.tagLength() > 0) {
      c.append(", ").append(info.tagLength()).append("-byte tag, authenticated");
    } else {
      c.append(", not authenticated");
    }
    return c.toString();
  }

  private static String contentType(String oid) {
    String name = CONTENT_TYPES.get(oid);
    return name == null ? oid : oid + " (" + name + ")";
  }

  private static void line(StringBuilder b, String indent, String label, String value) {
    b.append(indent).append(label).append(": ").append(printable(value)).append('\n');
  }

  /**
   * Names in a hostile message may hold control characters, which a terminal would obey: each
   * becomes {@code ?}.
   */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
