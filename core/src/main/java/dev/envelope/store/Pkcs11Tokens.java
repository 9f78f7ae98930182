package dev.envelope.store;

import dev.envelope.KeyEntry;
import dev.envelope.KeySource;
import dev.envelope.error.KeySourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.login.LoginException;

/**
 * Private keys on a PKCS #11 token (a smart card, an HSM, SoftHSM), through the JDK's SunPKCS11
 * provider: what {@code --pkcs11 CONFIG --pin SPEC} opens messages with.
 *
 * <p>The configuration file is SunPKCS11's own ({@code name}, {@code library}, {@code slot} or
 * {@code slotListIndex}, ...; see the JDK's PKCS #11 Reference Guide). Every private key on the
 * token that has a certificate with the same {@code CKA_ID} becomes one {@link KeyEntry}; the key
 * stays on the token, and its {@link java.security.Key#getEncoded()} is null when the token marks
 * it sensitive or non-extractable.
 *
 * <p><b>RSA-OAEP with a key that never leaves the token.</b> SunPKCS11 offers neither RSA-OAEP
 * decryption nor AES key wrap. Envelope needs neither from the token: to open an RSA key transport
 * entry it asks the token only for the raw RSA private-key operation ({@code RSA/ECB/NoPadding},
 * which SunPKCS11 maps to {@code CKM_RSA_X_509}) and decodes the block itself, PKCS #1 v1.5 and
 * OAEP alike (any OAEP hash, MGF1 hash and label), in constant time and with implicit rejection.
 * The token must therefore allow {@code CKM_RSA_X_509} decryption with the key ({@code
 * CKA_DECRYPT}), which SoftHSM and most HSMs do; AES key wrap is not involved in RSA key transport
 * at all (it only serves KEK and key-agreement recipients).
 *
 * <p><b>Provider registration.</b> The JCA picks a cipher's provider from the installed providers
 * only, and a token key can be used only by the provider instance that found it. The provider made
 * for a configuration is therefore installed with {@link Security#addProvider} (at the lowest
 * priority, so it is chosen only for its own keys) and reused for later calls with the same
 * configuration. A configuration whose {@code name} is already taken by another installed provider
 * is refused.
 *
 * <p><b>Login.</b> Each call logs out of the token first and logs in with the PIN given, so a wrong
 * PIN is always reported even when the process is already logged in. PKCS #11 login state belongs
 * to the process and token, so a failed call also leaves keys read by earlier calls for the same
 * token unusable until the next successful one.
 */
public final class Pkcs11Tokens {
  private Pkcs11Tokens() {}

  /** Providers installed by this class, by configuration (path and content). */
  private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();

  /** Logout and login of one call are not interleaved with another's. */
  private static final Object LOGIN = new Object();

  /**
   * The keys on the token described by a SunPKCS11 configuration file, logged in with {@code pin}.
   *
   * @param config the SunPKCS11 configuration file
   * @param pin the user PIN; null only for a token with a protected authentication path (a PIN pad)
   * @throws KeySourceException for a missing or invalid configuration, a module that cannot be
   *     loaded, a wrong or locked PIN, or a token without a private key and certificate; the
   *     message is one line
   */
  public static KeySource keySource(Path config, char[] pin) throws KeySourceException {
    Provider provider = provider(config);
    String where = "PKCS #11 token of " + config;
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS11", provider);
    } catch (KeyStoreException e) {
      throw new KeySourceException("no " + where + " (is a token present in the slot?)", e);
    }
    synchronized (LOGIN) {
      try {
        if (provider instanceof AuthProvider auth) {
          auth.logout(); // PKCS #11 login is per process: make this PIN count
        }
      } catch (LoginException | RuntimeException e) {
        throw new KeySourceException("cannot log out of the " + where + ": " + deepest(e), e);
      }
      try {
        store.load(null, pin);
      } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
        throw loginFailure(where, pin, e);
      }
    }
    List<KeyEntry> keys = KeySource.of(store, null).keys();
    if (keys.isEmpty()) {
      throw new KeySourceException(
          "no private key with a certificate (same CKA_ID) on the " + where);
    }
    return KeySource.of(keys);
  }

  /** The installed provider for this configuration: the one made earlier, or a new one. */
  private static Provider provider(Path config) throws KeySourceException {
    byte[] text;
    Path absolute = config.toAbsolutePath().normalize();
    try {
      text = Files.readAllBytes(absolute);
    } catch (IOException e) {
      throw new KeySourceException(
          Files.exists(absolute)
              ? "cannot read the PKCS #11 configuration " + config + ": " + deepest(e)
              : "PKCS #11 configuration not found: " + config,
          e);
    }
    String key = absolute + "\n" + new String(text, StandardCharsets.ISO_8859_1);
    synchronized (PROVIDERS) {
      Provider known = PROVIDERS.get(key);
      if (known != null) {
        return known;
      }
      Provider base = Security.getProvider("SunPKCS11");
      if (base == null) {
        throw new KeySourceException(
            "this Java runtime has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
      }
      Provider made;
      try {
        made = base.configure(absolute.toString());
      } catch (RuntimeException e) {
        throw new KeySourceException(
            "cannot load the PKCS #11 module of " + config + ": " + deepest(e), e);
      }
      if (Security.getProvider(made.getName()) != null) {
        throw new KeySourceException(
            "a security provider named "
                + made.getName()
                + " is already installed: give "
                + config
                + " another name");
      }
      Security.addProvider(made);
      PROVIDERS.put(key, made);
      return made;
    }
  }

  private static KeySourceException loginFailure(String where, char[] pin, Exception e) {
    String chain = chain(e);
    if (chain.contains("CKR_PIN_INCORRECT")) {
      return new KeySourceException("wrong PIN for the " + where, e);
    }
    if (chain.contains("CKR_PIN_LOCKED")) {
      return new KeySourceException("the PIN of the " + where + " is locked", e);
    }
    if (chain.contains("CKR_PIN_EXPIRED")) {
      return new KeySourceException("the PIN of the " + where + " has expired", e);
    }
    if (pin == null) {
      return KeySourceException.passwordRequired("the " + where + " needs a PIN");
    }
    return new KeySourceException("cannot log in to the " + where + ": " + deepest(e), e);
  }

  /** Every class and message of the cause chain, for matching PKCS #11 return codes. */
  private static String chain(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable c = t; c != null && out.length() < 4096; c = c.getCause()) {
      out.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
    }
    return out.toString();
  }

  /** The most specific message of the cause chain, on one line. */
  static String deepest(Throwable t) {
    String message = null;
    int depth = 0;
    for (Throwable c = t; c != null && depth < 16; c = c.getCause(), depth++) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        message = c.getMessage();
      }
    }
    if (message == null) {
      message = t.getClass().getSimpleName();
    }
    return message.replaceAll("\\s+", " ").strip();
  }
}
