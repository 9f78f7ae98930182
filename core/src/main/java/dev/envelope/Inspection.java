package dev.envelope;

import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.Attribute;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.EnvelopedData;
import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.OtherRecipientInfo;
import dev.envelope.cms.PasswordRecipientInfo;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.cms.Versions;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.OaepParams;
import dev.envelope.error.EnvelopeException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** Builds {@link MessageInfo} from a decoded message. */
final class Inspection {
  private Inspection() {}

  static MessageInfo describe(CmsMessage m) {
    var content = m.encryptedContentInfo().encryptedContent();
    return describe(m, content == null ? -1 : content.length());
  }

  /**
   * @param contentLength bytes of encrypted content, -1 when absent
   */
  static MessageInfo describe(CmsMessage m, long contentLength) {
    boolean auth = m instanceof AuthEnvelopedData;
    AlgorithmIdentifier cea = m.encryptedContentInfo().contentEncryptionAlgorithm();
    String cipher = name(cea);
    int iv = -1;
    int tag = 0;
    try {
      ContentSpec spec = ContentSpec.parse(cea, auth);
      iv = spec.iv().length();
      tag = spec.tagBytes();
      if (spec.keyBytes() != ContentSpec.ANY_KEY_LENGTH) {
        cipher = ContentCipher.of(spec.algorithm(), spec.keyBytes()).cliName(); // rc2-40
      }
    } catch (EnvelopeException e) {
      // shown as unknown: inspect describes, open decides
    }
    List<MessageInfo.RecipientSummary> rs = new ArrayList<>();
    for (int i = 0; i < m.recipientInfos().size(); i++) {
      rs.add(summary(i, m.recipientInfos().get(i)));
    }
    List<String> attrs = new ArrayList<>();
    int version;
    switch (m) {
      case EnvelopedData ed -> {
        version = Versions.envelopedData(ed);
        ed.unprotectedAttrs().forEach(a -> attrs.add("unprotected:" + a.type()));
      }
      case AuthEnvelopedData aed -> {
        version = Versions.authEnvelopedData(aed);
        for (Attribute a : aed.authAttrs()) {
          attrs.add("auth:" + a.type());
        }
        for (Attribute a : aed.unauthAttrs()) {
          attrs.add("unauth:" + a.type());
        }
      }
    }
    return new MessageInfo(
        auth ? "AuthEnvelopedData" : "EnvelopedData",
        version,
        m.encryptedContentInfo().contentType().toString(),
        cipher,
        iv,
        tag,
        contentLength,
        rs,
        m.originatorInfo() == null ? 0 : m.originatorInfo().certificates().size(),
        attrs);
  }

  private static String name(AlgorithmIdentifier a) {
    return Algorithm.byOid(a.algorithm()).map(Algorithm::cliName).orElse(a.algorithm().toString());
  }

  private static MessageInfo.RecipientSummary summary(int i, RecipientInfo ri) {
    int v = Versions.recipientInfo(ri);
    return switch (ri) {
      case KeyTransRecipientInfo k ->
          new MessageInfo.RecipientSummary(i, "ktri", v, rid(k.rid()), keyTransport(k));
      case KeyAgreeRecipientInfo k ->
          new MessageInfo.RecipientSummary(
              i,
              "kari",
              v,
              k.recipientEncryptedKeys().isEmpty()
                  ? ""
                  : rid(k.recipientEncryptedKeys().get(0).rid()),
              name(k.keyEncryptionAlgorithm()));
      case KekRecipientInfo k ->
          new MessageInfo.RecipientSummary(
              i,
              "kekri",
              v,
              "kek-id=" + k.keyIdentifier().toHex(),
              name(k.keyEncryptionAlgorithm()));
      case PasswordRecipientInfo p ->
          new MessageInfo.RecipientSummary(
              i,
              "pwri",
              v,
              "",
              (p.keyDerivationAlgorithm() == null ? "" : name(p.keyDerivationAlgorithm()) + " ")
                  + name(p.keyEncryptionAlgorithm()));
      case KemRecipientInfo k ->
          new MessageInfo.RecipientSummary(i, "kemri", v, rid(k.rid()), name(k.kem()));
      case OtherRecipientInfo o ->
          new MessageInfo.RecipientSummary(i, "ori", v, "", o.oriType().toString());
    };
  }

  private static String keyTransport(KeyTransRecipientInfo k) {
    String n = name(k.keyEncryptionAlgorithm());
    if (!n.equals(Algorithm.RSA_OAEP.cliName())) {
      return n.equals(Algorithm.RSA_PKCS1.cliName()) ? "rsa-pkcs1" : n;
    }
    try {
      OaepParams p = OaepParams.parse(k.keyEncryptionAlgorithm());
      return "rsa-oaep "
          + p.hash().cliName()
          + " mgf1-"
          + p.mgfHash().cliName()
          + (p.label().isEmpty() ? "" : " label=" + p.label().toHex());
    } catch (EnvelopeException e) {
      return "rsa-oaep (unreadable parameters)";
    }
  }

  static String rid(RecipientIdentifier rid) {
    return switch (rid) {
      case RecipientIdentifier.IssuerSerial is -> {
        String dn;
        try {
          dn = new X500Principal(is.value().issuer().toByteArray()).getName(X500Principal.RFC2253);
        } catch (IllegalArgumentException e) {
          dn = "(unreadable name)";
        }
        yield "issuer="
            + dn
            + " serial="
            + HexFormat.of().formatHex(is.value().serialNumber().toByteArray());
      }
      case RecipientIdentifier.SubjectKeyId ski -> "ski=" + ski.keyIdentifier().toHex();
    };
  }
}
