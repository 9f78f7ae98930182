package dev.envelope;

import dev.envelope.error.KeySourceException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the keys that may open a message come from: (certificate, private key) pairs, a {@link
 * KeyStore} (PKCS #12, JKS, PKCS #11), the personal store, passwords and key-encryption keys.
 * Implementations must be safe to share between threads.
 */
@FunctionalInterface
public interface KeySource {

  /**
   * The keys on offer, in the order they should be tried.
   *
   * @throws KeySourceException when the keys cannot be read (a locked store, a wrong password)
   */
  List<KeyEntry> keys() throws KeySourceException;

  /** Passwords on offer for password recipient entries (RFC 3211); none by default. */
  default List<char[]> passwords() {
    return List.of();
  }

  /** Key-encryption keys on offer for KEK recipient entries; none by default. */
  default List<KekEntry> keks() {
    return List.of();
  }

  /** A password, for messages sealed with {@link Recipient#password}. The array is copied. */
  static KeySource password(char[] password) {
    List<char[]> passwords = List.<char[]>of(password.clone());
    return new KeySource() {
      @Override
      public List<KeyEntry> keys() {
        return List.of();
      }

      @Override
      public List<char[]> passwords() {
        return passwords;
      }
    };
  }

  /** A key-encryption key, for messages sealed with {@link Recipient#kek}. */
  static KeySource kek(byte[] keyIdentifier, byte[] key) {
    List<KekEntry> keks = List.of(new KekEntry(keyIdentifier, key));
    return new KeySource() {
      @Override
      public List<KeyEntry> keys() {
        return List.of();
      }

      @Override
      public List<KekEntry> keks() {
        return keks;
      }
    };
  }

  /** One private key with its certificate. */
  static KeySource of(X509Certificate certificate, PrivateKey key) {
    List<KeyEntry> keys = List.of(new KeyEntry(certificate, key));
    return () -> keys;
  }

  /** One private key without a certificate. */
  static KeySource of(PrivateKey key) {
    List<KeyEntry> keys = List.of(new KeyEntry(null, key));
    return () -> keys;
  }

  /** A fixed list of keys. */
  static KeySource of(List<KeyEntry> entries) {
    List<KeyEntry> keys = List.copyOf(entries);
    return () -> keys;
  }

  /** All keys of several sources, in order. */
  static KeySource concat(List<KeySource> sources) {
    List<KeySource> all = List.copyOf(sources);
    return new KeySource() {
      @Override
      public List<KeyEntry> keys() throws KeySourceException {
        List<KeyEntry> out = new ArrayList<>();
        for (KeySource s : all) {
          out.addAll(s.keys());
        }
        return Collections.unmodifiableList(out);
      }

      @Override
      public List<char[]> passwords() {
        List<char[]> out = new ArrayList<>();
        for (KeySource s : all) {
          out.addAll(s.passwords());
        }
        return Collections.unmodifiableList(out);
      }

      @Override
      public List<KekEntry> keks() {
        List<KekEntry> out = new ArrayList<>();
        for (KeySource s : all) {
          out.addAll(s.keks());
        }
        return Collections.unmodifiableList(out);
      }
    };
  }

  /**
   * Every private-key entry of a loaded key store, with its certificate. The keys are read once,
   * now; the password is not kept.
   *
   * @param keyPassword the entries' password (for PKCS #12 usually the store password); may be null
   *     for stores that need none (PKCS #11)
   * @throws KeySourceException when an entry cannot be read (wrong password, unreadable store)
   */
  static KeySource of(KeyStore store, char[] keyPassword) throws KeySourceException {
    List<KeyEntry> keys = new ArrayList<>();
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (!store.isKeyEntry(alias)) {
          continue;
        }
        java.security.Key k = store.getKey(alias, keyPassword);
        if (!(k instanceof PrivateKey pk)) {
          continue;
        }
        Certificate c = store.getCertificate(alias);
        keys.add(new KeyEntry(c instanceof X509Certificate x ? x : null, pk));
      }
    } catch (GeneralSecurityException e) {
      throw new KeySourceException(
          "cannot read the keys of the key store (wrong password?): " + e.getMessage(), e);
    }
    List<KeyEntry> fixed = List.copyOf(keys);
    return () -> fixed;
  }
}
