package dev.envelope.store;

import dev.envelope.error.KeySourceException;
import dev.envelope.x509.CertificateIds;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.security.auth.DestroyFailedException;

/** The entries of a loaded PKCS #12 {@link KeyStore}: reading them, adding one, naming it. */
final class StoreEntries {
  /** PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC (RFC 8018), the JDK's default since 17. */
  private static final String KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";

  private static final int ALIAS_NAME_CHARS = 40;

  private StoreEntries() {}

  /** A certificate to add, with its private key (or null) and its chain (starting with it). */
  record Item(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {}

  /** Where an item went, and whether that changed the store. */
  record Put(String alias, boolean changed) {}

  /** Every certificate of the store, in its order; secret-key entries are skipped. */
  static List<StoreEntry> list(KeyStore store) {
    List<StoreEntry> out = new ArrayList<>();
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          List<X509Certificate> chain = x509(store.getCertificateChain(alias));
          if (!chain.isEmpty()) {
            out.add(new StoreEntry(alias, chain.get(0), chain, true));
          }
        } else if (store.getCertificate(alias) instanceof X509Certificate cert) {
          out.add(new StoreEntry(alias, cert, List.of(cert), false));
        }
      }
    } catch (KeyStoreException e) {
      throw new IllegalStateException("the key store was loaded", e);
    }
    return List.copyOf(out);
  }

  /** The alias under which the store holds this certificate, or null. */
  static String aliasOf(KeyStore store, X509Certificate cert) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (cert.equals(store.getCertificate(alias))) {
          return alias;
        }
      }
      return null;
    } catch (KeyStoreException e) {
      throw new IllegalStateException("the key store was loaded", e);
    }
  }

  /**
   * Checks a certificate to add: the chain must start with it, and the key, when its public half
   * can be computed (RSA, EC with the public point), must be the certificate's.
   *
   * @param source names where it came from, in messages
   */
  static Item item(X509Certificate cert, PrivateKey key, List<X509Certificate> chain, String source)
      throws KeySourceException {
    if (cert == null) {
      throw new NullPointerException("certificate");
    }
    List<X509Certificate> full = chain == null || chain.isEmpty() ? List.of(cert) : chain;
    if (!full.get(0).equals(cert)) {
      throw new KeySourceException(source + ": the chain does not start with the certificate");
    }
    if (key != null) {
      Optional<PublicKey> pub = CertificateIds.publicKeyOf(key);
      PublicKey certKey = cert.getPublicKey();
      boolean mismatch =
          pub.isPresent() && !Arrays.equals(pub.get().getEncoded(), certKey.getEncoded());
      try {
        // the JDK's own check: the key's algorithm is the certificate's
        new KeyStore.PrivateKeyEntry(key, full.toArray(new Certificate[0]));
      } catch (IllegalArgumentException e) {
        mismatch = true;
      }
      if (mismatch) {
        throw new KeySourceException(
            source + ": the private key does not belong to " + CertificateFacts.describe(cert));
      }
    }
    return new Item(cert, key, List.copyOf(full));
  }

  /**
   * Every private key with its chain and every certificate entry of a key store being imported.
   *
   * @throws KeySourceException when a key cannot be decrypted with the password, a key has no
   *     certificate, or the store holds no certificate at all
   */
  static List<Item> items(KeyStore source, char[] password, String name) throws KeySourceException {
    List<Item> out = new ArrayList<>();
    try {
      for (String alias : Collections.list(source.aliases())) {
        if (source.isKeyEntry(alias)) {
          Key key;
          try {
            key = source.getKey(alias, password);
          } catch (GeneralSecurityException e) {
            throw new KeySourceException(
                name + ": cannot decrypt the key " + alias + " (wrong password?)", e);
          }
          if (!(key instanceof PrivateKey pk)) {
            continue;
          }
          List<X509Certificate> chain = x509(source.getCertificateChain(alias));
          if (chain.isEmpty()) {
            throw new KeySourceException(name + ": the key " + alias + " has no certificate");
          }
          out.add(item(chain.get(0), pk, chain, name));
        } else if (source.getCertificate(alias) instanceof X509Certificate cert) {
          out.add(item(cert, null, List.of(), name));
        }
      }
    } catch (KeyStoreException e) {
      throw new IllegalStateException("the key store was loaded", e);
    }
    if (out.isEmpty()) {
      throw new KeySourceException(name + ": holds no certificate");
    }
    return out;
  }

  /**
   * Adds an item unless its certificate is present; a private key is added to a certificate stored
   * without one, under the same alias.
   */
  static Put put(KeyStore store, Item item, char[] password) throws KeySourceException {
    String existing = aliasOf(store, item.certificate());
    try {
      if (existing != null && (item.key() == null || store.isKeyEntry(existing))) {
        return new Put(existing, false);
      }
      String alias = existing != null ? existing : newAlias(store, item.certificate());
      if (item.key() == null) {
        store.setCertificateEntry(alias, item.certificate());
      } else {
        KeyStore.PasswordProtection protection = protection(password);
        try {
          store.setEntry(
              alias,
              new KeyStore.PrivateKeyEntry(item.key(), item.chain().toArray(new Certificate[0])),
              protection);
        } finally {
          destroy(protection);
        }
      }
      return new Put(alias, true);
    } catch (KeyStoreException e) {
      throw new KeySourceException(
          "cannot store " + CertificateFacts.describe(item.certificate()) + ": " + e.getMessage(),
          e);
    }
  }

  /** The protection of a private key: the password with current PBES2 (the salt is random). */
  static KeyStore.PasswordProtection protection(char[] password) {
    return new KeyStore.PasswordProtection(password, KEY_PROTECTION, null);
  }

  static void destroy(KeyStore.PasswordProtection protection) {
    try {
      protection.destroy();
    } catch (DestroyFailedException e) {
      // PasswordProtection zeroes its copy and does not fail; nothing more can be done if it did
    }
  }

  /**
   * A new alias: the common name (else the first e-mail address) in lower case, with characters
   * other than letters, digits and {@code @._-} turned into dashes, then a dash and the start of
   * the SHA-256 thumbprint, longer when needed to be unique. For example {@code alice-3f2a9c01}.
   */
  static String newAlias(KeyStore store, X509Certificate cert) throws KeyStoreException {
    String name = CertificateFacts.commonName(cert);
    if (name == null || name.isBlank()) {
      List<String> emails = CertificateFacts.emails(cert);
      name = emails.isEmpty() ? "" : emails.get(0);
    }
    String base = sanitize(name);
    String sha = CertificateFacts.sha256(cert);
    for (int n = 8; n <= sha.length(); n += 8) {
      String alias = base + "-" + sha.substring(0, n);
      if (!store.containsAlias(alias)) {
        return alias;
      }
    }
    for (int i = 2; ; i++) {
      String alias = base + "-" + sha + "-" + i;
      if (!store.containsAlias(alias)) {
        return alias;
      }
    }
  }

  private static String sanitize(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length() && b.length() < ALIAS_NAME_CHARS; ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      int c = Character.toLowerCase(cp);
      boolean keep = Character.isLetterOrDigit(c) || c == '@' || c == '.' || c == '_';
      if (keep) {
        b.appendCodePoint(c);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
        b.append('-');
      }
    }
    while (b.length() > 0 && b.charAt(b.length() - 1) == '-') {
      b.setLength(b.length() - 1);
    }
    return b.length() == 0 ? "certificate" : b.toString();
  }

  private static List<X509Certificate> x509(Certificate[] chain) {
    List<X509Certificate> out = new ArrayList<>();
    if (chain != null) {
      for (Certificate c : chain) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
    }
    return out;
  }
}
