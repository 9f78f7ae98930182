package dev.envelope.cli;

import dev.envelope.MessageInfo;
import dev.envelope.MessageInfo.ObjectId;
import dev.envelope.RecipientSummary;
import dev.envelope.RecipientSummary.Identifier;
import dev.envelope.RecipientSummary.LocalMatch;
import java.util.List;

/**
 * {@code envelope inspect} without {@code --json}: the same facts as the JSON, as a tree with one
 * fact per line. Every value that comes from the message is made {@link #printable} first.
 */
final class InspectText {
  private static final String TOP = "  ";
  private static final String ITEM = "    ";
  private static final String ENTRY = "        ";
  private static final String SUB = "          ";

  private final StringBuilder b = new StringBuilder();

  private InspectText() {}

  static String render(MessageInfo info) {
    return new InspectText().tree(info);
  }

  private String tree(MessageInfo info) {
    b.append(printable(info.type())).append(" (version ").append(info.version()).append(")\n");
    line(TOP, "content type", oidAndName(info.contentType()));
    line(TOP, "content cipher", cipher(info.contentCipher()));
    line(
        TOP,
        "encrypted content",
        info.contentPresent() ? info.encryptedContentLength() + " bytes" : "absent (detached)");
    if (!info.originatorCertificates().isEmpty()) {
      line(TOP, "originator certificates", String.valueOf(info.originatorCertificates().size()));
      int i = 0;
      for (MessageInfo.CertificateInfo c : info.originatorCertificates()) {
        String what =
            c.subject() == null
                ? "not an X.509 certificate, sha256 " + c.sha256()
                : c.subject() + ", issuer " + c.issuer() + ", serial " + c.serial();
        line(ITEM, "[" + i++ + "]", what);
      }
    }
    if (info.originatorCrls() > 0) {
      line(TOP, "originator CRLs", String.valueOf(info.originatorCrls()));
    }
    for (MessageInfo.AttributeInfo a : info.attributes()) {
      line(
          TOP,
          "attribute",
          a.place().label()
              + " "
              + oidAndName(a.type())
              + ", "
              + a.values()
              + (a.values() == 1 ? " value" : " values"));
    }
    line(TOP, "recipients", String.valueOf(info.recipients().size()));
    info.recipients().forEach(this::recipient);
    return b.toString();
  }

  private void recipient(RecipientSummary r) {
    b.append(ITEM)
        .append('[')
        .append(r.index())
        .append("] ")
        .append(r.kind())
        .append(r.version() < 0 ? "" : " (version " + r.version() + ")")
        .append('\n');
    switch (r) {
      case RecipientSummary.KeyTransport k -> {
        line(ENTRY, "identifier", identifier(k.rid()));
        line(ENTRY, "key encryption", keyTransport(k));
        matches(ENTRY, k.matches());
      }
      case RecipientSummary.KeyAgreement k -> {
        line(ENTRY, "originator", identifier(k.originator()));
        String scheme =
            k.scheme() == null
                ? ""
                : " ("
                    + k.scheme().label()
                    + (k.kdfHash() == null ? "" : ", KDF " + name(k.kdfHash()))
                    + ")";
        line(ENTRY, "key agreement", name(k.keyAgreement()) + scheme);
        line(ENTRY, "key wrap", k.wrap() == null ? "(unreadable parameters)" : name(k.wrap()));
        line(ENTRY, "ukm", k.ukm() ? "present" : "absent");
        int i = 0;
        for (RecipientSummary.RecipientKey key : k.recipientEncryptedKeys()) {
          line(ENTRY, "recipient key [" + i++ + "]", identifier(key.rid()));
          matches(SUB, key.matches());
        }
      }
      case RecipientSummary.Kek k -> {
        line(ENTRY, "identifier", identifier(k.kekId()));
        line(ENTRY, "key encryption", name(k.keyEncryption()));
      }
      case RecipientSummary.Password p -> {
        line(ENTRY, "key derivation", keyDerivation(p));
        line(
            ENTRY,
            "key encryption",
            name(p.keyEncryption())
                + (p.kekCipher() == null ? "" : " (" + name(p.kekCipher()) + ")"));
      }
      case RecipientSummary.Kem k -> {
        line(ENTRY, "identifier", identifier(k.rid()));
        line(ENTRY, "kem", name(k.kem()) + ", " + k.kemCiphertextLength() + "-byte ciphertext");
        line(ENTRY, "kdf", name(k.kdf()));
        line(ENTRY, "key wrap", name(k.wrap()) + ", " + k.kekLength() + "-byte KEK");
        line(ENTRY, "ukm", k.ukm() ? "present" : "absent");
        matches(ENTRY, k.matches());
      }
      case RecipientSummary.Other o -> line(ENTRY, "type", oidAndName(o.oriType()));
    }
  }

  private static String cipher(MessageInfo.CipherInfo c) {
    StringBuilder s = new StringBuilder(name(c.algorithm()));
    if (c.keyBits() >= 0) {
      s.append(", ").append(c.keyBits()).append("-bit key");
    }
    if (c.rc2EffectiveBits() >= 0) {
      s.append(", ").append(c.rc2EffectiveBits()).append(" effective bits");
    }
    if (c.ivLength() >= 0) {
      s.append(", ").append(c.ivLength()).append("-byte IV");
    }
    s.append(c.aead() ? ", " + c.tagLength() + "-byte tag, authenticated" : ", not authenticated");
    if (c.legacy()) {
      s.append(", legacy");
    }
    if (c.error() != null) {
      s.append(" (").append(c.error()).append(')');
    }
    return s.toString();
  }

  private static String keyTransport(RecipientSummary.KeyTransport k) {
    String n = name(k.keyEncryption());
    if (k.oaep() == null) {
      return k.keyEncryption().name() == null
          ? n
          : n.equals("oaep") ? "rsa-oaep (unreadable parameters)" : "rsa-" + n;
    }
    return "rsa-oaep "
        + name(k.oaep().hash())
        + " mgf1-"
        + name(k.oaep().maskGenHash())
        + (k.oaep().label().isEmpty() ? "" : " label=" + k.oaep().label());
  }

  private static String keyDerivation(RecipientSummary.Password p) {
    if (p.keyDerivation() == null) {
      return "absent (the KEK is given directly)";
    }
    if (p.pbkdf2() == null) {
      return name(p.keyDerivation());
    }
    RecipientSummary.Pbkdf2 k = p.pbkdf2();
    return name(p.keyDerivation())
        + " ("
        + name(k.prf())
        + ", "
        + k.iterationCount()
        + " iterations, "
        + k.saltLength()
        + "-byte salt"
        + (k.keyLength() < 0 ? "" : ", " + k.keyLength() + "-byte key")
        + ")";
  }

  private static String identifier(Identifier id) {
    return switch (id) {
      case RecipientSummary.IssuerSerial is -> "issuer=" + is.issuer() + " serial=" + is.serial();
      case RecipientSummary.SubjectKeyId s -> "ski=" + s.ski();
      case RecipientSummary.KekId k -> "kek-id=" + k.keyIdentifier();
      case RecipientSummary.OriginatorKey o ->
          "public key "
              + name(o.algorithm())
              + (o.curve() == null || o.curve().equals(o.algorithm())
                  ? ""
                  : " on " + name(o.curve()))
              + " ("
              + o.publicKeyLength()
              + " bytes)";
    };
  }

  private void matches(String indent, List<LocalMatch> matches) {
    if (matches == null) {
      return; // not checked: no store or key was available
    }
    if (matches.isEmpty()) {
      line(indent, "local key", "none");
    }
    for (LocalMatch m : matches) {
      line(
          indent,
          "local key",
          (m.subject() == null
                  ? "a key without certificate"
                  : m.subject() + " sha256=" + m.sha256())
              + " in "
              + m.source());
    }
  }

  private static String name(ObjectId id) {
    return id.display();
  }

  private static String oidAndName(ObjectId id) {
    return id.name() == null ? id.oid() : id.oid() + " (" + id.name() + ")";
  }

  private void line(String indent, String label, String value) {
    b.append(indent).append(label).append(": ").append(printable(value)).append('\n');
  }

  /**
   * Names in a hostile message may hold control characters, which a terminal would obey, or
   * invisible format characters (bidi overrides) that make a name read as another: each becomes
   * {@code ?}.
   */
  static String printable(String s) {
    StringBuilder p = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c ->
                p.appendCodePoint(
                    Character.isISOControl(c)
                            || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.SURROGATE
                            || c == 0x2028
                            || c == 0x2029
                        ? '?'
                        : c));
    return p.toString();
  }
}
