package dev.envelope;

import dev.envelope.asn1.Bytes;
import dev.envelope.cms.KekRecipientInfo;
import dev.envelope.cms.KemRecipientInfo;
import dev.envelope.cms.KeyAgreeRecipientInfo;
import dev.envelope.cms.KeyTransRecipientInfo;
import dev.envelope.cms.OtherRecipientInfo;
import dev.envelope.cms.PasswordRecipientInfo;
import dev.envelope.cms.RecipientIdentifier;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.RecipientChangeException;
import dev.envelope.recipient.KeyMatcher;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Which recipient entries of a message a {@link Readdress} drops. A certificate matches an entry
 * whose identifier names it (issuer and serial number, or any subjectKeyIdentifier form {@link
 * KeyMatcher} knows); within a key agreement entry that carries several recipients only the
 * matching recipient's key goes, and the entry with it when none is left.
 */
final class RecipientRemovals {
  private RecipientRemovals() {}

  /** One removal as asked for. */
  sealed interface Removal {
    /** Says what it names, for error messages; never a secret. */
    String describe();
  }

  /** Entries for this certificate. */
  record ByCertificate(X509Certificate certificate) implements Removal {
    ByCertificate {
      Objects.requireNonNull(certificate, "certificate");
    }

    @Override
    public String describe() {
      return "the certificate "
          + certificate.getSubjectX500Principal().getName()
          + " (serial "
          + certificate.getSerialNumber().toString(16)
          + ")";
    }
  }

  /** The entry at this position of the message, from 0 (as {@link MessageInfo} numbers them). */
  record At(int index) implements Removal {
    At {
      if (index < 0) {
        throw new IllegalArgumentException("a recipient entry's index is 0 or more");
      }
    }

    @Override
    public String describe() {
      return "recipient entry #" + index;
    }
  }

  /** KEK entries (RFC 5652 6.2.3) with this key identifier. */
  record ByKekId(Bytes keyIdentifier) implements Removal {
    ByKekId {
      Objects.requireNonNull(keyIdentifier, "keyIdentifier");
    }

    @Override
    public String describe() {
      return "the KEK entry with identifier "
          + HexFormat.of().formatHex(keyIdentifier.toByteArray());
    }
  }

  /**
   * The entries left after the removals.
   *
   * @throws RecipientChangeException when a removal matches no entry
   */
  static List<RecipientInfo> apply(List<RecipientInfo> infos, List<Removal> removals)
      throws RecipientChangeException, KeySourceException {
    // per entry: null = removed whole, else the recipient keys (kari) or a one-element marker left
    List<List<Boolean>> keep = new ArrayList<>();
    for (RecipientInfo ri : infos) {
      int parts =
          ri instanceof KeyAgreeRecipientInfo kari ? kari.recipientEncryptedKeys().size() : 1;
      keep.add(new ArrayList<>(java.util.Collections.nCopies(parts, true)));
    }
    for (int r = 0; r < removals.size(); r++) {
      Removal removal = removals.get(r);
      boolean matched =
          switch (removal) {
            case At at -> {
              if (at.index() >= infos.size()) {
                yield false;
              }
              keep.get(at.index()).replaceAll(k -> false);
              yield true;
            }
            case ByKekId byId -> {
              boolean any = false;
              for (int i = 0; i < infos.size(); i++) {
                if (infos.get(i) instanceof KekRecipientInfo kekri
                    && kekri.keyIdentifier().equals(byId.keyIdentifier())) {
                  keep.get(i).set(0, false);
                  any = true;
                }
              }
              yield any;
            }
            case ByCertificate byCert -> removeCertificate(infos, keep, byCert.certificate());
          };
      if (!matched) {
        throw new RecipientChangeException(
            "no recipient entry of the message is for "
                + removal.describe()
                + " (the message has "
                + infos.size()
                + " entries)",
            r);
      }
    }
    List<RecipientInfo> out = new ArrayList<>();
    for (int i = 0; i < infos.size(); i++) {
      List<Boolean> k = keep.get(i);
      if (!k.contains(true)) {
        continue;
      }
      if (infos.get(i) instanceof KeyAgreeRecipientInfo kari && k.contains(false)) {
        List<KeyAgreeRecipientInfo.RecipientEncryptedKey> left = new ArrayList<>();
        for (int j = 0; j < k.size(); j++) {
          if (k.get(j)) {
            left.add(kari.recipientEncryptedKeys().get(j));
          }
        }
        out.add(
            new KeyAgreeRecipientInfo(
                kari.originator(), kari.ukm(), kari.keyEncryptionAlgorithm(), left));
      } else {
        out.add(infos.get(i));
      }
    }
    return out;
  }

  private static boolean removeCertificate(
      List<RecipientInfo> infos, List<List<Boolean>> keep, X509Certificate cert)
      throws KeySourceException {
    KeyMatcher matcher = new KeyMatcher(cert, null);
    boolean any = false;
    for (int i = 0; i < infos.size(); i++) {
      List<Boolean> k = keep.get(i);
      switch (infos.get(i)) {
        case KeyTransRecipientInfo ktri -> any |= drop(matcher, ktri.rid(), k, 0);
        case KemRecipientInfo kemri -> any |= drop(matcher, kemri.rid(), k, 0);
        case KeyAgreeRecipientInfo kari -> {
          var reks = kari.recipientEncryptedKeys();
          for (int j = 0; j < reks.size(); j++) {
            any |= drop(matcher, reks.get(j).rid(), k, j);
          }
        }
        case KekRecipientInfo kekri -> {}
        case PasswordRecipientInfo pwri -> {}
        case OtherRecipientInfo ori -> {}
      }
    }
    return any;
  }

  private static boolean drop(KeyMatcher m, RecipientIdentifier rid, List<Boolean> k, int at) {
    if (!m.matches(rid)) {
      return false;
    }
    k.set(at, false);
    return true;
  }
}
