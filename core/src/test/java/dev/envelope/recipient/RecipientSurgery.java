package dev.envelope.recipient;

import dev.envelope.asn1.Asn1Exception;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.RecipientInfo;
import java.util.List;
import java.util.function.UnaryOperator;

/** Rewrites the recipient entries of a sealed message through the wire records (tests only). */
public final class RecipientSurgery {
  private RecipientSurgery() {}

  public static CmsMessage decode(byte[] der) {
    try {
      return CmsCodec.decode(der, CmsLimits.DEFAULT);
    } catch (Asn1Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The only entry of type {@code type}. */
  public static <T extends RecipientInfo> T only(byte[] der, Class<T> type) {
    List<T> found =
        decode(der).recipientInfos().stream().filter(type::isInstance).map(type::cast).toList();
    if (found.size() != 1) {
      throw new IllegalArgumentException(found.size() + " entries of " + type.getSimpleName());
    }
    return found.get(0);
  }

  /** Every entry of {@code type} rewritten by {@code f}, the rest of the message unchanged. */
  public static <T extends RecipientInfo> byte[] rewrite(
      byte[] der, Class<T> type, UnaryOperator<T> f) {
    return rewrite(der, ri -> type.isInstance(ri) ? f.apply(type.cast(ri)) : ri);
  }

  /** Every entry rewritten by {@code f} (which returns entries it does not touch unchanged). */
  public static byte[] rewrite(byte[] der, UnaryOperator<RecipientInfo> f) {
    CmsMessage m = decode(der);
    List<RecipientInfo> ris = m.recipientInfos().stream().map(f).toList();
    CmsMessage out = m.withRecipientInfos(ris);
    return CmsCodec.encode(out);
  }
}
