package dev.envelope.fuzz;

import dev.envelope.Decrypted;
import dev.envelope.DecryptingInputStream;
import dev.envelope.Envelope;
import dev.envelope.KeySource;
import dev.envelope.Limits;
import dev.envelope.Opener;
import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Asn1Limits;
import dev.envelope.asn1.BerInput;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.Tag;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.EnvelopeReader;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.EnvelopeIOException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The fuzz targets, shared by the Jazzer {@code @FuzzTest}s and the seeded {@link
 * OpenPathMutationTest}. Each takes any bytes and either returns (naming the outcome) or throws an
 * {@link AssertionError}, or lets an undeclared exception out: both are findings.
 *
 * <p>Declared outcomes: {@link Asn1Exception} for the asn1 and cms layers ({@link
 * BerInput.MalformedInputException}, its {@code IOException} bridge, from streams); the {@link
 * EnvelopeException} family from the open path ({@link EnvelopeIOException} from its stream); or
 * success, and then a result that must be right: a message that authenticated must give the
 * corpus's one plaintext ({@link FuzzKeys#PLAINTEXT}), since no input can be authenticated under
 * the fixed keys without knowing them.
 */
final class Targets {
  private Targets() {}

  /** Far above any single input's cost: catches runaway work, not a slow machine. */
  static final long BOUND_MILLIS = 10_000;

  /**
   * The open path's configuration: the default limits, but PBKDF2 work kept small so that a mutated
   * iteration count costs milliseconds (the limit is then what answers).
   */
  static final Opener OPENER =
      Envelope.opener()
          .withLimits(
              Limits.DEFAULT
                  .withMaxPasswordIterations(20_000)
                  .withMaxPasswordIterationsPerMessage(40_000));

  private static volatile KeySource keys;

  static KeySource keys() {
    KeySource k = keys;
    if (k == null) {
      keys = k = FuzzKeys.all();
    }
    return k;
  }

  /** Fails when one input took longer than {@link #BOUND_MILLIS}. */
  static void withinBound(long startNanos, String target) {
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    if (millis > BOUND_MILLIS) {
      throw new AssertionError(target + ": one input took " + millis + " ms");
    }
  }

  // ------------------------------------------------------------------ (a) asn1

  /**
   * Walks every element with the BER and the DER reader, reading each by its tag. Oracle besides
   * "Asn1Exception or nothing": DER is a subset of BER, so what the DER walk accepts the BER walk
   * must accept too.
   */
  static String asn1(byte[] data) {
    long start = System.nanoTime();
    boolean ber = walks(DerReader.ber(data));
    boolean der = walks(DerReader.der(data));
    if (der && !ber) {
      throw new AssertionError("the DER reader accepts what the BER reader rejects");
    }
    withinBound(start, "asn1");
    return der ? "DER" : ber ? "BER only" : "Asn1Exception";
  }

  private static boolean walks(DerReader r) {
    try {
      walk(r, 0);
      return true;
    } catch (Asn1Exception e) {
      return false;
    }
  }

  private static void walk(DerReader r, int level) throws Asn1Exception {
    while (!r.isEmpty()) {
      Tag t = r.peekTag("fuzz");
      if (t.tagClass() == Tag.UNIVERSAL) {
        switch (t.number()) {
          case 1 -> r.readBoolean("boolean");
          case 2 -> r.readInteger("integer", 64);
          case 3 -> r.readBitString("bit string");
          case 4 -> r.readOctetString("octet string");
          case 5 -> r.readNull("null");
          case 6 -> r.readOid("oid");
          default -> element(r, t, level);
        }
      } else {
        element(r, t, level);
      }
    }
    r.expectEmpty("fuzz");
  }

  private static void element(DerReader r, Tag t, int level) throws Asn1Exception {
    if (t.constructed()) {
      // every other constructed element is also read whole and again on its own
      if (level % 2 == 1) {
        byte[] whole = r.readElement(t, "element");
        walk(DerReader.ber(whole), level + 1);
      } else {
        walk(r.read(t, "constructed"), level + 1);
      }
    } else {
      r.readPrimitive(t, "primitive");
    }
  }

  /**
   * Reads the input with the streaming {@link BerInput}: headers one by one, OCTET STRINGs
   * streamed, other elements captured whole (and then walked with {@link DerReader}). Oracle: a
   * capture is the input's own bytes at that offset.
   */
  static String berInput(byte[] data) {
    return streamed(
        "berInput",
        () -> {
          BerInput in = new BerInput(new ByteArrayInputStream(data), Asn1Limits.DEFAULT);
          int elements = 0;
          while (!in.atEnd() && elements++ < 100_000) {
            if (in.readEndOfContents("eoc")) {
              continue;
            }
            BerInput.Header h = in.readHeader("element");
            if (h.tag().sameNumber(Tag.OCTET_STRING)) {
              try (InputStream s = in.stringContents(h, "octets")) {
                s.transferTo(java.io.OutputStream.nullOutputStream());
              }
            } else if (h.tag().constructed() && (elements & 1) == 0) {
              continue; // descend: its children are the next headers
            } else {
              byte[] whole = in.capture(h, 1 << 20, "capture");
              long at = h.offset();
              if (at + whole.length > data.length
                  || !Arrays.equals(
                      whole, Arrays.copyOfRange(data, (int) at, (int) at + whole.length))) {
                throw new AssertionError("a capture at " + at + " differs from the input's bytes");
              }
              walks(DerReader.ber(whole));
            }
          }
        });
  }

  /** A read of the streaming layer that may fail only as the codec declares. */
  private interface StreamedRead {
    void run() throws IOException, Asn1Exception;
  }

  /**
   * Runs {@code read} within the time bound: "read", or the declared failure ({@link
   * Asn1Exception}, {@link BerInput.MalformedInputException}); any other IOException is a finding.
   */
  private static String streamed(String target, StreamedRead read) {
    long start = System.nanoTime();
    String outcome;
    try {
      read.run();
      outcome = "read";
    } catch (Asn1Exception e) {
      outcome = "Asn1Exception";
    } catch (BerInput.MalformedInputException e) {
      outcome = "MalformedInputException";
    } catch (IOException e) {
      throw new AssertionError("an IOException other than MalformedInputException", e);
    }
    withinBound(start, target);
    return outcome;
  }

  // ------------------------------------------------------------------ (b) cms

  /**
   * {@link CmsCodec#decode}; oracle: what decodes re-encodes, and the encoding is canonical, so
   * decoding it and encoding again gives the same bytes. (Not decode(encode(m)) equal to m: the
   * encoder sorts SET OF values into DER order, and the decoder keeps them as sent.)
   */
  static String cmsDecode(byte[] data) {
    long start = System.nanoTime();
    String outcome;
    try {
      CmsMessage m = CmsCodec.decode(data, CmsLimits.DEFAULT);
      byte[] again = CmsCodec.encode(m);
      CmsMessage m2;
      try {
        m2 = CmsCodec.decode(again, CmsLimits.DEFAULT);
      } catch (Asn1Exception e) {
        throw new AssertionError("a decoded message re-encodes to something it rejects", e);
      }
      if (!Arrays.equals(CmsCodec.encode(m2), again)) {
        throw new AssertionError("re-encoding a decoded message is not a fixed point");
      }
      outcome = "decoded";
    } catch (Asn1Exception e) {
      outcome = "Asn1Exception";
    }
    withinBound(start, "cmsDecode");
    return outcome;
  }

  /**
   * The streaming {@link EnvelopeReader}: header, the encrypted content read in odd-sized pieces,
   * then the trailer.
   */
  static String envelopeReader(byte[] data) {
    return streamed(
        "envelopeReader",
        () -> {
          EnvelopeReader r = EnvelopeReader.open(new ByteArrayInputStream(data), CmsLimits.DEFAULT);
          r.header();
          InputStream c = r.encryptedContent();
          byte[] buf = new byte[7];
          for (int n = 0; c.read(buf, 0, 1 + n % buf.length) >= 0; n++) {
            if (c.read() < 0) {
              break;
            }
          }
          r.finish();
        });
  }

  // ------------------------------------------------------------------ (c) the open path

  /**
   * {@code Opener.decrypt(byte[], keys)} with a key of every kind; the outcome is "plaintext",
   * "unauthenticated" (EnvelopedData decrypted, content not checked: it has no integrity) or the
   * exception's simple name.
   */
  static String decrypt(byte[] data) {
    long start = System.nanoTime();
    String outcome;
    try {
      Decrypted d = OPENER.decrypt(data, keys());
      outcome = check(d.content(), d.authenticated());
    } catch (EnvelopeException e) {
      outcome = e.getClass().getSimpleName();
    }
    withinBound(start, "decrypt");
    return outcome;
  }

  /** {@code Opener.openDecrypting(InputStream, keys)}, read to the end and closed. */
  static String openDecrypting(byte[] data) {
    long start = System.nanoTime();
    String outcome;
    try (DecryptingInputStream s = OPENER.openDecrypting(new ByteArrayInputStream(data), keys())) {
      byte[] content = s.readAllBytes();
      outcome = check(content, s.authenticated());
    } catch (EnvelopeException e) {
      outcome = e.getClass().getSimpleName();
    } catch (EnvelopeIOException e) {
      outcome = e.envelopeException().getClass().getSimpleName() + " (stream)";
    } catch (IOException e) {
      // not from a ByteArrayInputStream: an IOException outside the family is worth a look
      outcome = e.getClass().getSimpleName() + " (stream, undeclared)";
    }
    withinBound(start, "openDecrypting");
    return outcome;
  }

  private static String check(byte[] content, boolean authenticated) {
    if (Arrays.equals(content, FuzzKeys.PLAINTEXT)) {
      return "plaintext";
    }
    if (authenticated) {
      throw new AssertionError(
          "authenticated content that is not the plaintext (" + content.length + " bytes)");
    }
    return "unauthenticated, modified";
  }
}
