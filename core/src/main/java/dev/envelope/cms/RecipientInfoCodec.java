package dev.envelope.cms;

import static dev.envelope.cms.CmsFields.CTX0;
import static dev.envelope.cms.CmsFields.CTX0_PRIMITIVE;
import static dev.envelope.cms.CmsFields.CTX1;
import static dev.envelope.cms.CmsFields.readAlgorithm;
import static dev.envelope.cms.CmsFields.readIssuerSerial;
import static dev.envelope.cms.CmsFields.readRid;
import static dev.envelope.cms.CmsFields.writeAlgorithm;
import static dev.envelope.cms.CmsFields.writeIssuerSerial;
import static dev.envelope.cms.CmsFields.writeRid;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerReader;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Tag;
import dev.envelope.cms.KeyAgreeRecipientInfo.Originator;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorIssuerSerial;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorPublicKey;
import dev.envelope.cms.KeyAgreeRecipientInfo.OriginatorSubjectKeyId;
import dev.envelope.cms.KeyAgreeRecipientInfo.RecipientEncryptedKey;
import java.util.ArrayList;
import java.util.List;

/** RecipientInfo, all kinds, both ways (RFC 5652 6.2, RFC 9629 3). */
public final class RecipientInfoCodec {
  private RecipientInfoCodec() {}

  private static final Tag KARI = Tag.context(1, true);
  private static final Tag KEKRI = Tag.context(2, true);
  private static final Tag PWRI = Tag.context(3, true);
  private static final Tag ORI = Tag.context(4, true);

  /** Encrypted keys are small: an RSA-16384 block is 2 KiB, an ML-KEM ciphertext under 2 KiB. */
  private static final int MAX_KEK_LENGTH = 65535;

  /** Reads the elements of a {@code RecipientInfos ::= SET SIZE (1..MAX) OF RecipientInfo}. */
  public static List<RecipientInfo> readAll(DerReader set, int maxRecipients) throws Asn1Exception {
    List<RecipientInfo> out = new ArrayList<>();
    while (!set.isEmpty()) {
      if (out.size() >= maxRecipients) {
        throw Asn1Exception.limit(
            "recipientInfos", set.offset(), "limit exceeded: recipientInfos > " + maxRecipients);
      }
      out.add(read(set, "recipientInfos[" + out.size() + "]"));
    }
    if (out.isEmpty()) {
      throw new Asn1Exception("recipientInfos", set.offset(), "no RecipientInfo (SIZE (1..MAX))");
    }
    return out;
  }

  /** Reads one RecipientInfo of any kind. */
  public static RecipientInfo read(DerReader r, String field) throws Asn1Exception {
    Tag t = r.peekTag(field);
    if (t == null) {
      throw new Asn1Exception(field, r.offset(), "unexpected end of input");
    }
    if (t.equals(Tag.SEQUENCE)) {
      return readKtri(r.readSequence(field), field);
    }
    if (t.equals(KARI)) {
      return readKari(r.read(KARI, field), field);
    }
    if (t.equals(KEKRI)) {
      return readKekri(r.read(KEKRI, field), field);
    }
    if (t.equals(PWRI)) {
      return readPwri(r.read(PWRI, field), field);
    }
    if (t.equals(ORI)) {
      return readOri(r.read(ORI, field), field);
    }
    throw new Asn1Exception(field, r.offset(), "unknown RecipientInfo choice " + t);
  }

  private static void version(DerReader r, String field, int... allowed) throws Asn1Exception {
    long at = r.offset();
    int v = r.readSmallInt(field + ".version");
    for (int a : allowed) {
      if (v == a) {
        return;
      }
    }
    throw new Asn1Exception(field + ".version", at, "unexpected version " + v);
  }

  private static Bytes octets(DerReader r, String field) throws Asn1Exception {
    return Bytes.of(r.readOctetString(field));
  }

  private static KeyTransRecipientInfo readKtri(DerReader s, String field) throws Asn1Exception {
    version(s, field, 0, 2);
    RecipientIdentifier rid = readRid(s, field + ".rid");
    AlgorithmIdentifier alg = readAlgorithm(s, field + ".keyEncryptionAlgorithm");
    Bytes ek = octets(s, field + ".encryptedKey");
    s.expectEmpty(field);
    return new KeyTransRecipientInfo(rid, alg, ek);
  }

  private static KeyAgreeRecipientInfo readKari(DerReader s, String field) throws Asn1Exception {
    version(s, field, 3);
    DerReader o = s.read(CTX0, field + ".originator");
    Originator originator;
    if (o.peek(Tag.SEQUENCE)) {
      originator = new OriginatorIssuerSerial(readIssuerSerial(o, field + ".originator"));
    } else if (o.peek(CTX0_PRIMITIVE)) {
      originator =
          new OriginatorSubjectKeyId(Bytes.of(o.readString(CTX0_PRIMITIVE, field + ".originator")));
    } else {
      DerReader k = o.read(CTX1, field + ".originator.originatorKey");
      AlgorithmIdentifier a = readAlgorithm(k, field + ".originator.originatorKey.algorithm");
      Bytes pub = Bytes.of(k.readBitString(field + ".originator.originatorKey.publicKey"));
      k.expectEmpty(field + ".originator.originatorKey");
      originator = new OriginatorPublicKey(a, pub);
    }
    o.expectEmpty(field + ".originator");
    DerReader ukmR = s.readOptional(CTX1, field + ".ukm");
    Bytes ukm = null;
    if (ukmR != null) {
      ukm = octets(ukmR, field + ".ukm");
      ukmR.expectEmpty(field + ".ukm");
    }
    AlgorithmIdentifier alg = readAlgorithm(s, field + ".keyEncryptionAlgorithm");
    DerReader reks = s.readSequence(field + ".recipientEncryptedKeys");
    List<RecipientEncryptedKey> keys = new ArrayList<>();
    while (!reks.isEmpty()) {
      String f = field + ".recipientEncryptedKeys[" + keys.size() + "]";
      DerReader rek = reks.readSequence(f);
      RecipientIdentifier rid;
      Bytes extras = null;
      if (rek.peek(Tag.SEQUENCE)) {
        rid = new RecipientIdentifier.IssuerSerial(readIssuerSerial(rek, f + ".rid"));
      } else {
        DerReader rkid = rek.read(CTX0, f + ".rKeyId");
        rid =
            new RecipientIdentifier.SubjectKeyId(octets(rkid, f + ".rKeyId.subjectKeyIdentifier"));
        extras = restAsBytes(rkid, f + ".rKeyId");
      }
      Bytes ek = octets(rek, f + ".encryptedKey");
      rek.expectEmpty(f);
      keys.add(new RecipientEncryptedKey(rid, extras, ek));
    }
    if (keys.isEmpty()) {
      throw new Asn1Exception(field, reks.offset(), "no recipientEncryptedKeys");
    }
    s.expectEmpty(field);
    return new KeyAgreeRecipientInfo(originator, ukm, alg, keys);
  }

  /** Whatever elements remain (optional trailing fields kept verbatim), or null. */
  private static Bytes restAsBytes(DerReader r, String field) throws Asn1Exception {
    if (r.isEmpty()) {
      return null;
    }
    DerWriter w = new DerWriter();
    while (!r.isEmpty()) {
      w.addEncoded(r.readElement(field));
    }
    return Bytes.of(w.toByteArray());
  }

  private static KekRecipientInfo readKekri(DerReader s, String field) throws Asn1Exception {
    version(s, field, 4);
    DerReader kekid = s.readSequence(field + ".kekid");
    Bytes keyId = octets(kekid, field + ".kekid.keyIdentifier");
    Bytes extras = restAsBytes(kekid, field + ".kekid");
    AlgorithmIdentifier alg = readAlgorithm(s, field + ".keyEncryptionAlgorithm");
    Bytes ek = octets(s, field + ".encryptedKey");
    s.expectEmpty(field);
    return new KekRecipientInfo(keyId, extras, alg, ek);
  }

  private static PasswordRecipientInfo readPwri(DerReader s, String field) throws Asn1Exception {
    version(s, field, 0);
    AlgorithmIdentifier kdf = null;
    DerReader kdfR = s.readOptional(CTX0, field + ".keyDerivationAlgorithm");
    if (kdfR != null) {
      var oid = kdfR.readOid(field + ".keyDerivationAlgorithm.algorithm");
      Bytes params =
          kdfR.isEmpty()
              ? null
              : Bytes.of(kdfR.readElement(field + ".keyDerivationAlgorithm.parameters"));
      kdfR.expectEmpty(field + ".keyDerivationAlgorithm");
      kdf = new AlgorithmIdentifier(oid, params);
    }
    AlgorithmIdentifier alg = readAlgorithm(s, field + ".keyEncryptionAlgorithm");
    Bytes ek = octets(s, field + ".encryptedKey");
    s.expectEmpty(field);
    return new PasswordRecipientInfo(kdf, alg, ek);
  }

  private static RecipientInfo readOri(DerReader s, String field) throws Asn1Exception {
    var type = s.readOid(field + ".oriType");
    if (type.equals(CmsOids.ORI_KEM)) {
      DerReader k = s.readSequence(field + ".oriValue");
      s.expectEmpty(field);
      version(k, field, 0);
      RecipientIdentifier rid = readRid(k, field + ".rid");
      AlgorithmIdentifier kem = readAlgorithm(k, field + ".kem");
      Bytes kemct = octets(k, field + ".kemct");
      AlgorithmIdentifier kdf = readAlgorithm(k, field + ".kdf");
      long at = k.offset();
      int kekLength = k.readSmallInt(field + ".kekLength");
      if (kekLength < 1 || kekLength > MAX_KEK_LENGTH) {
        throw new Asn1Exception(field + ".kekLength", at, "out of range 1..65535: " + kekLength);
      }
      Bytes ukm = null;
      DerReader ukmR = k.readOptional(CTX0, field + ".ukm");
      if (ukmR != null) {
        ukm = octets(ukmR, field + ".ukm");
        ukmR.expectEmpty(field + ".ukm");
      }
      AlgorithmIdentifier wrap = readAlgorithm(k, field + ".wrap");
      Bytes ek = octets(k, field + ".encryptedKey");
      k.expectEmpty(field);
      return new KemRecipientInfo(rid, kem, kemct, kdf, kekLength, ukm, wrap, ek);
    }
    Bytes value = Bytes.of(s.readElement(field + ".oriValue"));
    s.expectEmpty(field);
    return new OtherRecipientInfo(type, value);
  }

  /** Writes one RecipientInfo in DER, its version derived by {@link Versions}. */
  public static void write(DerWriter w, RecipientInfo ri) {
    int version = Versions.recipientInfo(ri);
    switch (ri) {
      case KeyTransRecipientInfo k ->
          w.addSequence(
              s -> {
                s.addInteger(version);
                writeRid(s, k.rid());
                writeAlgorithm(s, k.keyEncryptionAlgorithm());
                s.addOctetString(k.encryptedKey().toByteArray());
              });
      case KeyAgreeRecipientInfo k ->
          w.add(
              KARI,
              s -> {
                s.addInteger(version);
                s.add(CTX0, o -> writeOriginator(o, k.originator()));
                if (k.ukm() != null) {
                  s.add(CTX1, u -> u.addOctetString(k.ukm().toByteArray()));
                }
                writeAlgorithm(s, k.keyEncryptionAlgorithm());
                s.addSequence(
                    reks -> {
                      for (RecipientEncryptedKey rek : k.recipientEncryptedKeys()) {
                        reks.addSequence(e -> writeRecipientEncryptedKey(e, rek));
                      }
                    });
              });
      case KekRecipientInfo k ->
          w.add(
              KEKRI,
              s -> {
                s.addInteger(version);
                s.addSequence(
                    id -> {
                      id.addOctetString(k.keyIdentifier().toByteArray());
                      if (k.kekIdExtras() != null) {
                        id.addEncoded(k.kekIdExtras().toByteArray());
                      }
                    });
                writeAlgorithm(s, k.keyEncryptionAlgorithm());
                s.addOctetString(k.encryptedKey().toByteArray());
              });
      case PasswordRecipientInfo p ->
          w.add(
              PWRI,
              s -> {
                s.addInteger(version);
                if (p.keyDerivationAlgorithm() != null) {
                  AlgorithmIdentifier kdf = p.keyDerivationAlgorithm();
                  s.add(
                      CTX0,
                      a -> {
                        a.addOid(kdf.algorithm());
                        if (kdf.parameters() != null) {
                          a.addEncoded(kdf.parameters().toByteArray());
                        }
                      });
                }
                writeAlgorithm(s, p.keyEncryptionAlgorithm());
                s.addOctetString(p.encryptedKey().toByteArray());
              });
      case KemRecipientInfo k ->
          w.add(
              ORI,
              s ->
                  s.addOid(CmsOids.ORI_KEM)
                      .addSequence(
                          v -> {
                            v.addInteger(version);
                            writeRid(v, k.rid());
                            writeAlgorithm(v, k.kem());
                            v.addOctetString(k.kemct().toByteArray());
                            writeAlgorithm(v, k.kdf());
                            v.addInteger(k.kekLength());
                            if (k.ukm() != null) {
                              v.add(CTX0, u -> u.addOctetString(k.ukm().toByteArray()));
                            }
                            writeAlgorithm(v, k.wrap());
                            v.addOctetString(k.encryptedKey().toByteArray());
                          }));
      case OtherRecipientInfo o ->
          w.add(ORI, s -> s.addOid(o.oriType()).addEncoded(o.oriValue().toByteArray()));
    }
  }

  private static void writeOriginator(DerWriter w, Originator originator) {
    switch (originator) {
      case OriginatorIssuerSerial is -> writeIssuerSerial(w, is.value());
      case OriginatorSubjectKeyId ski ->
          w.addPrimitive(CTX0_PRIMITIVE, ski.keyIdentifier().toByteArray());
      case OriginatorPublicKey pk ->
          w.add(
              CTX1,
              k -> {
                writeAlgorithm(k, pk.algorithm());
                k.addBitString(pk.publicKey().toByteArray());
              });
    }
  }

  private static void writeRecipientEncryptedKey(DerWriter w, RecipientEncryptedKey rek) {
    switch (rek.rid()) {
      case RecipientIdentifier.IssuerSerial is -> writeIssuerSerial(w, is.value());
      case RecipientIdentifier.SubjectKeyId ski ->
          w.add(
              CTX0,
              r -> {
                r.addOctetString(ski.keyIdentifier().toByteArray());
                if (rek.rKeyIdExtras() != null) {
                  r.addEncoded(rek.rKeyIdExtras().toByteArray());
                }
              });
    }
    w.addOctetString(rek.encryptedKey().toByteArray());
  }
}
