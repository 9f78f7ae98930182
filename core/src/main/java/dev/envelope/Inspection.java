package dev.envelope;

import dev.envelope.MessageInfo.AttributeInfo;
import dev.envelope.MessageInfo.AttributePlace;
import dev.envelope.MessageInfo.CertificateInfo;
import dev.envelope.MessageInfo.CipherInfo;
import dev.envelope.MessageInfo.ObjectId;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.Oid;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.Attribute;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.CmsOids;
import dev.envelope.cms.EnvelopedData;
import dev.envelope.cms.Versions;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.ContentSpec;
import dev.envelope.error.EnvelopeException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Builds {@link MessageInfo} from a decoded message: the message-level facts here, the recipient
 * entries in {@link RecipientInspection}. Names come from the algorithm table and {@link CmsOids};
 * nothing here decides whether a message can be opened.
 */
final class Inspection {
  private Inspection() {}

  static MessageInfo describe(CmsMessage m) {
    var content = m.encryptedContentInfo().encryptedContent();
    return describe(m, content == null ? -1 : content.length(), null);
  }

  /**
   * @param contentLength bytes of encrypted content, -1 when absent
   * @param local the local keys to match against identifiers, or null for no matching
   */
  static MessageInfo describe(CmsMessage m, long contentLength, List<LocalKey> local) {
    boolean auth = m instanceof AuthEnvelopedData;
    RecipientInspection recipients = RecipientInspection.matching(local);
    List<RecipientSummary> rs = new ArrayList<>();
    for (int i = 0; i < m.recipientInfos().size(); i++) {
      rs.add(recipients.summary(i, m.recipientInfos().get(i)));
    }
    List<AttributeInfo> attrs = new ArrayList<>();
    int version =
        switch (m) {
          case EnvelopedData ed -> {
            attributes(attrs, AttributePlace.UNPROTECTED, ed.unprotectedAttrs());
            yield Versions.envelopedData(ed);
          }
          case AuthEnvelopedData aed -> {
            attributes(attrs, AttributePlace.AUTH, aed.authAttrs());
            attributes(attrs, AttributePlace.UNAUTH, aed.unauthAttrs());
            yield Versions.authEnvelopedData(aed);
          }
        };
    Oid contentType = m.encryptedContentInfo().contentType();
    List<CertificateInfo> certs = new ArrayList<>();
    int crls = 0;
    if (m.originatorInfo() != null) {
      m.originatorInfo().certificates().forEach(c -> certs.add(certificate(c)));
      crls = m.originatorInfo().crls().size();
    }
    return new MessageInfo(
        auth ? "AuthEnvelopedData" : "EnvelopedData",
        version,
        new ObjectId(contentType.toString(), CmsOids.name(contentType).orElse(null)),
        cipher(m.encryptedContentInfo().contentEncryptionAlgorithm(), auth),
        contentLength,
        rs,
        certs,
        crls,
        attrs);
  }

  private static void attributes(List<AttributeInfo> out, AttributePlace p, List<Attribute> as) {
    for (Attribute a : as) {
      out.add(
          new AttributeInfo(
              p,
              new ObjectId(a.type().toString(), CmsOids.name(a.type()).orElse(null)),
              a.values().size()));
    }
  }

  /** An OID with the algorithm table's name for it, if any. */
  static ObjectId algorithm(Oid oid) {
    return new ObjectId(oid.toString(), Algorithm.byOid(oid).map(Algorithm::cliName).orElse(null));
  }

  static ObjectId algorithm(Algorithm a) {
    return new ObjectId(a.oid().toString(), a.cliName());
  }

  private static CipherInfo cipher(AlgorithmIdentifier cea, boolean auth) {
    Algorithm row =
        Algorithm.byOid(cea.algorithm()).filter(Algorithm::isContentCipher).orElse(null);
    try {
      ContentSpec spec = ContentSpec.parse(cea, auth);
      Algorithm a = spec.algorithm();
      boolean known = spec.keyBytes() != ContentSpec.ANY_KEY_LENGTH;
      String name = known ? ContentCipher.of(a, spec.keyBytes()).cliName() : a.cliName();
      return new CipherInfo(
          new ObjectId(a.oid().toString(), name),
          known ? spec.keyBytes() * 8 : -1,
          spec.iv().length(),
          spec.tagBytes(),
          a == Algorithm.RC2_CBC ? spec.effectiveBits() : -1,
          a.isAead(),
          a.isLegacy(),
          null);
    } catch (EnvelopeException e) {
      // described as far as the table goes: inspect describes, open decides
      return new CipherInfo(
          algorithm(cea.algorithm()),
          row == null || row.keyBytes() == 0 ? -1 : row.keyBytes() * 8,
          -1,
          0,
          -1,
          row != null && row.isAead(),
          row != null && row.isLegacy(),
          e.getMessage());
    }
  }

  /** An originatorInfo certificate: names when it is X.509, always its thumbprint. */
  private static CertificateInfo certificate(Bytes encoded) {
    byte[] der = encoded.toByteArray();
    String sha256 = HexFormat.of().formatHex(sha256(der));
    try {
      X509Certificate c =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      return new CertificateInfo(
          c.getSubjectX500Principal().getName(X500Principal.RFC2253),
          c.getIssuerX500Principal().getName(X500Principal.RFC2253),
          HexFormat.of().formatHex(c.getSerialNumber().toByteArray()),
          sha256);
    } catch (GeneralSecurityException | RuntimeException e) {
      return new CertificateInfo(null, null, null, sha256); // not an X.509 certificate we read
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always provides SHA-256", e);
    }
  }
}
