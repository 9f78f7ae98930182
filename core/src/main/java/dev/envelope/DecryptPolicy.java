package dev.envelope;

/**
 * What the opener accepts beyond the structural rules, which no policy relaxes (no unauthenticated
 * cipher in AuthEnvelopedData, no AEAD or stream cipher in EnvelopedData, no short tags).
 *
 * @param allowLegacyCiphers open messages sealed with legacy ciphers (3DES); on by default, since
 *     old archives must stay readable
 */
public record DecryptPolicy(boolean allowLegacyCiphers) {
  /** The default: legacy ciphers open. */
  public static final DecryptPolicy DEFAULT = new DecryptPolicy(true);

  /** Refuses legacy ciphers. */
  public static final DecryptPolicy MODERN = new DecryptPolicy(false);
}
