package dev.envelope.crypto;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.asn1.Tag;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import java.util.Objects;

/**
 * RSAES-OAEP parameters (RFC 4055 section 3.1):
 *
 * <pre>
 * RSAES-OAEP-params ::= SEQUENCE {
 *   hashFunc    [0] AlgorithmIdentifier DEFAULT sha1Identifier,
 *   maskGenFunc [1] AlgorithmIdentifier DEFAULT mgf1SHA1Identifier,
 *   pSourceFunc [2] AlgorithmIdentifier DEFAULT pSpecifiedEmptyIdentifier }
 * </pre>
 *
 * <p>Written as .NET and RFC 4055's own identifiers write them: hash identifiers with NULL
 * parameters, defaults omitted (so SHA-1 throughout is the empty SEQUENCE {@code 30 00}). Read with
 * NULL or absent hash parameters, a MGF1 hash different from the OAEP hash and a pSpecified label,
 * as OpenSSL writes and the RFC allows.
 *
 * @param label the pSpecified label (usually empty)
 */
public record OaepParams(Algorithm hash, Algorithm mgfHash, Bytes label) {

  private static final Tag CTX0 = Tag.context(0, true);
  private static final Tag CTX1 = Tag.context(1, true);
  private static final Tag CTX2 = Tag.context(2, true);

  public OaepParams {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(mgfHash, "mgfHash");
    Objects.requireNonNull(label, "label");
    if (hash.kind() != Algorithm.Kind.DIGEST || mgfHash.kind() != Algorithm.Kind.DIGEST) {
      throw new IllegalArgumentException("OAEP needs digests");
    }
  }

  /** OAEP with one hash for both the label and MGF1, and no label. */
  public static OaepParams of(Algorithm hash) {
    return new OaepParams(hash, hash, Bytes.empty());
  }

  /** The keyEncryptionAlgorithm identifier {@code id-RSAES-OAEP} with these parameters. */
  public AlgorithmIdentifier toAlgorithmIdentifier() {
    byte[] params =
        DerWriter.encode(
            w ->
                w.addSequence(
                    s -> {
                      if (hash != Algorithm.SHA1) {
                        s.add(CTX0, h -> hashId(h, hash));
                      }
                      if (mgfHash != Algorithm.SHA1) {
                        s.add(
                            CTX1,
                            m ->
                                m.addSequence(
                                    a -> {
                                      a.addOid(Algorithm.MGF1.oid());
                                      hashId(a, mgfHash);
                                    }));
                      }
                      if (!label.isEmpty()) {
                        s.add(
                            CTX2,
                            p ->
                                p.addSequence(
                                    a ->
                                        a.addOid(Algorithm.P_SPECIFIED.oid())
                                            .addOctetString(label.toByteArray())));
                      }
                    }));
    return new AlgorithmIdentifier(Algorithm.RSA_OAEP.oid(), Bytes.of(params));
  }

  private static void hashId(DerWriter w, Algorithm digest) {
    w.addSequence(a -> a.addOid(digest.oid()).addNull());
  }

  /**
   * Parses the parameters of an {@code id-RSAES-OAEP} keyEncryptionAlgorithm. Absent parameters are
   * malformed (RFC 4055 requires them; CVE-2026-28390 was a crash on their absence).
   */
  public static OaepParams parse(AlgorithmIdentifier id)
      throws MalformedMessageException, UnsupportedAlgorithmException {
    if (id.parameters() == null) {
      throw new MalformedMessageException(
          "malformed keyEncryptionAlgorithm: RSAES-OAEP parameters absent");
    }
    try {
      DerReader r = DerReader.ber(id.parameters().toByteArray());
      DerReader s = r.readSequence("RSAES-OAEP-params");
      r.expectEmpty("RSAES-OAEP-params");
      Algorithm hash = Algorithm.SHA1;
      Algorithm mgfHash = Algorithm.SHA1;
      byte[] label = new byte[0];
      DerReader h = s.readOptional(CTX0, "RSAES-OAEP-params.hashFunc");
      if (h != null) {
        hash = readDigest(h.readSequence("hashFunc"), "hashFunc");
        h.expectEmpty("hashFunc");
      }
      DerReader m = s.readOptional(CTX1, "RSAES-OAEP-params.maskGenFunc");
      if (m != null) {
        DerReader mgf = m.readSequence("maskGenFunc");
        m.expectEmpty("maskGenFunc");
        Oid mgfOid = mgf.readOid("maskGenFunc.algorithm");
        if (!mgfOid.equals(Algorithm.MGF1.oid())) {
          throw new UnsupportedAlgorithmException("unsupported OAEP mask generation " + mgfOid);
        }
        if (mgf.isEmpty()) {
          throw new MalformedMessageException("malformed maskGenFunc: MGF1 hash parameters absent");
        }
        mgfHash = readDigest(mgf.readSequence("maskGenFunc.parameters"), "maskGenFunc");
        mgf.expectEmpty("maskGenFunc");
      }
      DerReader p = s.readOptional(CTX2, "RSAES-OAEP-params.pSourceFunc");
      if (p != null) {
        DerReader ps = p.readSequence("pSourceFunc");
        p.expectEmpty("pSourceFunc");
        Oid psOid = ps.readOid("pSourceFunc.algorithm");
        if (!psOid.equals(Algorithm.P_SPECIFIED.oid())) {
          throw new UnsupportedAlgorithmException("unsupported OAEP pSourceFunc " + psOid);
        }
        label = ps.readOctetString("pSourceFunc.parameters");
        ps.expectEmpty("pSourceFunc");
      }
      s.expectEmpty("RSAES-OAEP-params");
      return new OaepParams(hash, mgfHash, Bytes.of(label));
    } catch (Asn1Exception e) {
      throw new MalformedMessageException(e.getMessage(), e);
    }
  }

  private static Algorithm readDigest(DerReader a, String field)
      throws Asn1Exception, UnsupportedAlgorithmException, MalformedMessageException {
    Oid oid = a.readOid(field + ".algorithm");
    if (!a.isEmpty()) {
      a.readNull(field + ".parameters"); // RFC 4055 2.1: NULL or absent, both accepted
    }
    a.expectEmpty(field);
    return Algorithm.byOid(oid)
        .filter(d -> d.kind() == Algorithm.Kind.DIGEST)
        .orElseThrow(() -> new UnsupportedAlgorithmException("unsupported OAEP hash " + oid));
  }
}
