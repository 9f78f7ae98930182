package dev.envelope;

import static dev.envelope.Inspection.algorithm;

import dev.envelope.MessageInfo.ObjectId;
import dev.envelope.RecipientSummary.AgreementScheme;
import dev.envelope.RecipientSummary.Identifier;
import dev.envelope.RecipientSummary.LocalMatch;
import dev.envelope.asn1.Asn1Exception;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.CmsOids;
import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.cms.KeyAgreeCodec;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.OtherRecipientInfo;
import dev.envelope.cms.PasswordRecipientInfo;
import dev.envelope.cms.PwriParams;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.cms.Versions;
import dev.envelope.crypto.Algorithm;
import dev.envelope.crypto.OaepParams;
import dev.envelope.error.EnvelopeException;
import dev.envelope.error.KeySourceException;
import dev.envelope.recipient.KeyMatcher;
import dev.envelope.store.CertificateSummary;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * One {@link RecipientSummary} per recipient entry, and which local keys each identifier names
 * (through {@link KeyMatcher}, the matching opening uses). Unreadable parameters leave a field null
 * rather than failing: inspect describes, opening decides.
 */
final class RecipientInspection {
  /** A local key with its matcher and what a match shows of it. */
  private record Candidate(KeyMatcher matcher, LocalMatch shown) {}

  /** Null when no matching was asked for. */
  private final List<Candidate> candidates;

  private RecipientInspection(List<Candidate> candidates) {
    this.candidates = candidates;
  }

  /**
   * @param local null for no matching; a local key whose certificate cannot be read matches nothing
   */
  static RecipientInspection matching(List<LocalKey> local) {
    if (local == null) {
      return new RecipientInspection(null);
    }
    List<Candidate> out = new ArrayList<>();
    for (LocalKey k : local) {
      try {
        KeyMatcher m = KeyMatcher.of(k.certificate(), k.publicKey());
        CertificateSummary s =
            k.certificate() == null ? null : CertificateSummary.of(k.certificate(), true);
        out.add(
            new Candidate(
                m,
                new LocalMatch(
                    k.source(), s == null ? null : s.subject(), s == null ? null : s.sha256())));
      } catch (KeySourceException e) {
        // a certificate we cannot read names no recipient
      }
    }
    return new RecipientInspection(List.copyOf(out));
  }

  RecipientSummary summary(int i, RecipientInfo ri) {
    int v = Versions.recipientInfo(ri);
    return switch (ri) {
      case KeyTransRecipientInfo k ->
          new RecipientSummary.KeyTransport(
              i,
              v,
              rid(k.rid()),
              algorithm(k.keyEncryptionAlgorithm().algorithm()),
              oaep(k.keyEncryptionAlgorithm()),
              matches(k.rid()));
      case KeyAgreeRecipientInfo k -> keyAgreement(i, v, k);
      case KekRecipientInfo k ->
          new RecipientSummary.Kek(
              i,
              v,
              new RecipientSummary.KekId(k.keyIdentifier().toHex()),
              algorithm(k.keyEncryptionAlgorithm().algorithm()));
      case PasswordRecipientInfo p -> password(i, v, p);
      case KemRecipientInfo k ->
          new RecipientSummary.Kem(
              i,
              v,
              rid(k.rid()),
              algorithm(k.kem().algorithm()),
              k.kemct().length(),
              algorithm(k.kdf().algorithm()),
              k.kekLength(),
              k.ukm() != null,
              algorithm(k.wrap().algorithm()),
              matches(k.rid()));
      case OtherRecipientInfo o ->
          new RecipientSummary.Other(
              i, new ObjectId(o.oriType().toString(), CmsOids.name(o.oriType()).orElse(null)));
    };
  }

  private List<LocalMatch> matches(RecipientIdentifier rid) {
    if (candidates == null) {
      return null;
    }
    return candidates.stream().filter(c -> c.matcher().matches(rid)).map(Candidate::shown).toList();
  }

  private static RecipientSummary.Oaep oaep(AlgorithmIdentifier kea) {
    if (!kea.algorithm().equals(Algorithm.RSA_OAEP.oid())) {
      return null;
    }
    try {
      OaepParams p = OaepParams.parse(kea);
      return new RecipientSummary.Oaep(
          algorithm(p.hash()), algorithm(p.mgfHash()), p.label().toHex());
    } catch (EnvelopeException e) {
      return null; // unreadable parameters: shown as such
    }
  }

  private RecipientSummary.KeyAgreement keyAgreement(int i, int v, KeyAgreeRecipientInfo k) {
    Algorithm scheme =
        Algorithm.byOid(k.keyEncryptionAlgorithm().algorithm())
            .filter(a -> a.kind() == Algorithm.Kind.KEY_AGREEMENT)
            .orElse(null);
    ObjectId wrap;
    try {
      wrap = algorithm(KeyAgreeCodec.keyWrapAlgorithm(k.keyEncryptionAlgorithm()).algorithm());
    } catch (Asn1Exception e) {
      wrap = null;
    }
    List<RecipientSummary.RecipientKey> keys = new ArrayList<>();
    for (KeyAgreeRecipientInfo.RecipientEncryptedKey rek : k.recipientEncryptedKeys()) {
      keys.add(new RecipientSummary.RecipientKey(rid(rek.rid()), matches(rek.rid())));
    }
    return new RecipientSummary.KeyAgreement(
        i,
        v,
        originator(k.originator()),
        k.ukm() != null,
        algorithm(k.keyEncryptionAlgorithm().algorithm()),
        scheme == null
            ? null
            : scheme.isHkdfAgreement()
                ? AgreementScheme.HKDF
                : scheme.isCofactorDh() ? AgreementScheme.COFACTOR_DH : AgreementScheme.STD_DH,
        scheme == null ? null : scheme.hash().map(Inspection::algorithm).orElse(null),
        wrap,
        keys);
  }

  private static Identifier originator(KeyAgreeRecipientInfo.Originator o) {
    return switch (o) {
      case KeyAgreeRecipientInfo.OriginatorIssuerSerial is ->
          rid(new RecipientIdentifier.IssuerSerial(is.value()));
      case KeyAgreeRecipientInfo.OriginatorSubjectKeyId ski ->
          new RecipientSummary.SubjectKeyId(ski.keyIdentifier().toHex());
      case KeyAgreeRecipientInfo.OriginatorPublicKey pk -> {
        ObjectId alg = algorithm(pk.algorithm().algorithm());
        ObjectId curve = null;
        if (pk.algorithm().algorithm().equals(Algorithm.EC_PUBLIC_KEY.oid())) {
          try {
            if (KeyAgreeCodec.ecParameters(pk.algorithm())
                instanceof KeyAgreeCodec.NamedCurve(var oid)) {
              curve = algorithm(oid);
            }
          } catch (Asn1Exception e) {
            // no readable curve
          }
        } else if (pk.algorithm().algorithm().equals(Algorithm.X25519.oid())
            || pk.algorithm().algorithm().equals(Algorithm.X448.oid())) {
          curve = alg;
        }
        yield new RecipientSummary.OriginatorKey(alg, curve, pk.publicKey().length());
      }
    };
  }

  private static RecipientSummary.Password password(int i, int v, PasswordRecipientInfo p) {
    AlgorithmIdentifier kdf = p.keyDerivationAlgorithm();
    RecipientSummary.Pbkdf2 pbkdf2 = null;
    if (kdf != null && kdf.algorithm().equals(Algorithm.PBKDF2.oid())) {
      try {
        PwriParams.Pbkdf2 params = PwriParams.readPbkdf2(kdf);
        pbkdf2 =
            new RecipientSummary.Pbkdf2(
                params.prf() == null
                    ? algorithm(Algorithm.HMAC_SHA1) // the DEFAULT, RFC 8018 A.2
                    : algorithm(params.prf().algorithm()),
                params.iterationCount(),
                params.salt().length(),
                params.keyLength());
      } catch (Asn1Exception e) {
        // unreadable parameters: the KDF is named, its parameters are not shown
      }
    }
    ObjectId kekCipher = null;
    if (p.keyEncryptionAlgorithm().algorithm().equals(Algorithm.PWRI_KEK.oid())) {
      try {
        kekCipher = algorithm(PwriParams.readKekCipher(p.keyEncryptionAlgorithm()).algorithm());
      } catch (Asn1Exception e) {
        // no readable inner cipher
      }
    }
    return new RecipientSummary.Password(
        i,
        v,
        kdf == null ? null : algorithm(kdf.algorithm()),
        pbkdf2,
        algorithm(p.keyEncryptionAlgorithm().algorithm()),
        kekCipher);
  }

  static Identifier rid(RecipientIdentifier rid) {
    return switch (rid) {
      case RecipientIdentifier.IssuerSerial is -> {
        String dn;
        try {
          dn = new X500Principal(is.value().issuer().toByteArray()).getName(X500Principal.RFC2253);
        } catch (IllegalArgumentException e) {
          dn = "(unreadable name)";
        }
        yield new RecipientSummary.IssuerSerial(
            dn, HexFormat.of().formatHex(is.value().serialNumber().toByteArray()));
      }
      case RecipientIdentifier.SubjectKeyId ski ->
          new RecipientSummary.SubjectKeyId(ski.keyIdentifier().toHex());
    };
  }
}
