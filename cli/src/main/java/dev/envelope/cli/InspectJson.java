package dev.envelope.cli;

import dev.envelope.MessageInfo;
import dev.envelope.MessageInfo.ObjectId;
import dev.envelope.RecipientSummary;
import dev.envelope.RecipientSummary.Identifier;
import dev.envelope.RecipientSummary.LocalMatch;
import dev.envelope.io.JsonWriter;
import java.util.List;

/**
 * {@code envelope inspect --json}: the facts of {@link MessageInfo} as one JSON document, in the
 * shape {@code docs/inspect.schema.json} defines and {@code docs/inspect.md} explains. Member names
 * and their meaning are stable; {@code formatVersion} changes when they do. Written ASCII-only (see
 * {@link JsonWriter#asciiOnly}), so hostile names in a message cannot reach a terminal raw.
 */
final class InspectJson {
  /** Bumped when a member changes meaning or disappears; additions keep it. */
  static final int FORMAT_VERSION = 1;

  private InspectJson() {}

  static String render(MessageInfo info) {
    JsonWriter w = JsonWriter.asciiOnly().beginObject();
    w.name("formatVersion").value(FORMAT_VERSION);
    w.name("type").value(info.type());
    w.name("version").value(info.version());
    objectId(w.name("contentType"), info.contentType());
    cipher(w.name("contentCipher"), info.contentCipher());
    w.name("encryptedContent").beginObject();
    w.name("present").value(info.contentPresent());
    if (info.contentPresent()) {
      w.name("length").value(info.encryptedContentLength());
    }
    w.endObject();
    w.name("recipients").beginArray();
    info.recipients().forEach(r -> recipient(w, r));
    w.endArray();
    w.name("originatorCertificates").beginArray();
    for (MessageInfo.CertificateInfo c : info.originatorCertificates()) {
      w.beginObject();
      w.name("subject").value(c.subject());
      w.name("issuer").value(c.issuer());
      w.name("serial").value(c.serial());
      w.name("sha256").value(c.sha256());
      w.endObject();
    }
    w.endArray();
    w.name("originatorCrls").value(info.originatorCrls());
    w.name("attributes").beginArray();
    for (MessageInfo.AttributeInfo a : info.attributes()) {
      w.beginObject();
      w.name("place").value(a.place().label());
      w.name("oid").value(a.type().oid());
      w.name("name").value(a.type().name());
      w.name("values").value(a.values());
      w.endObject();
    }
    w.endArray();
    return w.endObject().toString() + "\n";
  }

  private static void cipher(JsonWriter w, MessageInfo.CipherInfo c) {
    w.beginObject();
    w.name("oid").value(c.algorithm().oid());
    w.name("name").value(c.algorithm().name());
    orNull(w.name("keyBits"), c.keyBits());
    orNull(w.name("ivLength"), c.ivLength());
    w.name("tagLength").value(c.tagLength());
    if (c.rc2EffectiveBits() >= 0) {
      w.name("rc2EffectiveBits").value(c.rc2EffectiveBits());
    }
    w.name("aead").value(c.aead());
    w.name("legacy").value(c.legacy());
    if (c.error() != null) {
      w.name("error").value(c.error());
    }
    w.endObject();
  }

  private static void recipient(JsonWriter w, RecipientSummary r) {
    w.beginObject();
    w.name("index").value(r.index());
    w.name("kind").value(r.kind());
    w.name("version").value(r.version());
    switch (r) {
      case RecipientSummary.KeyTransport k -> {
        identifier(w.name("identifier"), k.rid());
        w.name("keyEncryption").beginObject();
        w.name("oid").value(k.keyEncryption().oid());
        w.name("name").value(k.keyEncryption().name());
        if (k.oaep() != null) {
          w.name("oaep").beginObject();
          objectId(w.name("hash"), k.oaep().hash());
          w.name("maskGen").value("mgf1");
          objectId(w.name("maskGenHash"), k.oaep().maskGenHash());
          w.name("label").value(k.oaep().label());
          w.endObject();
        }
        w.endObject();
        matches(w, k.matches());
      }
      case RecipientSummary.KeyAgreement k -> {
        identifier(w.name("originator"), k.originator());
        w.name("keyAgreement").beginObject();
        w.name("oid").value(k.keyAgreement().oid());
        w.name("name").value(k.keyAgreement().name());
        w.name("scheme").value(k.scheme() == null ? null : k.scheme().label());
        objectId(w.name("kdfHash"), k.kdfHash());
        w.endObject();
        objectId(w.name("wrap"), k.wrap());
        w.name("ukm").value(k.ukm());
        w.name("recipientEncryptedKeys").beginArray();
        for (RecipientSummary.RecipientKey key : k.recipientEncryptedKeys()) {
          w.beginObject();
          identifier(w.name("identifier"), key.rid());
          matches(w, key.matches());
          w.endObject();
        }
        w.endArray();
      }
      case RecipientSummary.Kek k -> {
        identifier(w.name("identifier"), k.kekId());
        objectId(w.name("keyEncryption"), k.keyEncryption());
      }
      case RecipientSummary.Password p -> {
        if (p.keyDerivation() == null) {
          w.name("keyDerivation").nullValue();
        } else {
          w.name("keyDerivation").beginObject();
          w.name("oid").value(p.keyDerivation().oid());
          w.name("name").value(p.keyDerivation().name());
          if (p.pbkdf2() != null) {
            w.name("pbkdf2").beginObject();
            objectId(w.name("prf"), p.pbkdf2().prf());
            w.name("iterationCount").value(p.pbkdf2().iterationCount());
            w.name("saltLength").value(p.pbkdf2().saltLength());
            orNull(w.name("keyLength"), p.pbkdf2().keyLength());
            w.endObject();
          }
          w.endObject();
        }
        w.name("keyEncryption").beginObject();
        w.name("oid").value(p.keyEncryption().oid());
        w.name("name").value(p.keyEncryption().name());
        objectId(w.name("kekCipher"), p.kekCipher());
        w.endObject();
      }
      case RecipientSummary.Kem k -> {
        identifier(w.name("identifier"), k.rid());
        objectId(w.name("kem"), k.kem());
        w.name("kemCiphertextLength").value(k.kemCiphertextLength());
        objectId(w.name("kdf"), k.kdf());
        w.name("kekLength").value(k.kekLength());
        w.name("ukm").value(k.ukm());
        objectId(w.name("wrap"), k.wrap());
        matches(w, k.matches());
      }
      case RecipientSummary.Other o -> objectId(w.name("oriType"), o.oriType());
    }
    w.endObject();
  }

  private static void identifier(JsonWriter w, Identifier id) {
    w.beginObject();
    switch (id) {
      case RecipientSummary.IssuerSerial is -> {
        w.name("type").value("issuerAndSerialNumber");
        w.name("issuer").value(is.issuer());
        w.name("serial").value(is.serial());
      }
      case RecipientSummary.SubjectKeyId s -> {
        w.name("type").value("subjectKeyIdentifier");
        w.name("ski").value(s.ski());
      }
      case RecipientSummary.KekId k -> {
        w.name("type").value("kekIdentifier");
        w.name("keyIdentifier").value(k.keyIdentifier());
      }
      case RecipientSummary.OriginatorKey o -> {
        w.name("type").value("originatorKey");
        objectId(w.name("algorithm"), o.algorithm());
        objectId(w.name("curve"), o.curve());
        w.name("publicKeyLength").value(o.publicKeyLength());
      }
    }
    w.endObject();
  }

  /** Absent when no local keys were checked; else the list, possibly empty. */
  private static void matches(JsonWriter w, List<LocalMatch> matches) {
    if (matches == null) {
      return;
    }
    w.name("localMatches").beginArray();
    for (LocalMatch m : matches) {
      w.beginObject();
      w.name("source").value(m.source());
      w.name("subject").value(m.subject());
      w.name("sha256").value(m.sha256());
      w.endObject();
    }
    w.endArray();
  }

  /** A size, or null where the model says -1 (unknown, absent). */
  private static void orNull(JsonWriter w, int n) {
    if (n < 0) {
      w.nullValue();
    } else {
      w.value(n);
    }
  }

  /** {@code {"oid": ..., "name": ...}}, or null. */
  private static void objectId(JsonWriter w, ObjectId id) {
    if (id == null) {
      w.nullValue();
      return;
    }
    w.beginObject();
    w.name("oid").value(id.oid());
    w.name("name").value(id.name());
    w.endObject();
  }
}
