package dev.envelope.cli;

import dev.envelope.KeySource;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.store.CertificateFiles;
import dev.envelope.store.KeyStoreFiles;
import dev.envelope.store.PrivateKeyFiles;
import dev.envelope.x509.CertificateIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line's side of key material: which file option becomes which library call, and where
 * passwords come from. Reading and parsing is the library's ({@code dev.envelope.store}).
 */
final class KeyFiles {

  private KeyFiles() {}

  /**
   * The recipient certificate in a {@code --to} file: the first one, as a file with a chain lists
   * the end entity first.
   *
   * @throws CliException exit 2 when the file does not exist (a store query, later)
   */
  static X509Certificate recipientCertificate(Path file)
      throws CliException, KeySourceException, LimitExceededException {
    if (!Files.exists(file)) {
      throw CliException.input(
          "no such certificate file: " + file + " (store queries come with the personal store)",
          null);
    }
    return CertificateFiles.read(file).get(0);
  }

  /**
   * A {@code --key} file with its optional {@code --cert}. The certificate must hold the key's
   * public half when that can be told, so that a mixed-up pair is reported as such instead of as a
   * failed decryption.
   */
  static KeySource keyPair(Path keyFile, Path certFile, PasswordSpec keypass, Terminal terminal)
      throws CliException, KeySourceException, LimitExceededException {
    PrivateKey key = privateKey(keyFile, keypass, terminal);
    if (certFile == null) {
      return KeySource.of(key);
    }
    List<X509Certificate> certs = CertificateFiles.read(certFile);
    Optional<PublicKey> pub = CertificateIds.publicKeyOf(key);
    if (pub.isEmpty()) {
      return KeySource.of(certs.get(0), key);
    }
    byte[] spki = pub.get().getEncoded();
    for (X509Certificate c : certs) {
      if (Arrays.equals(spki, c.getPublicKey().getEncoded())) {
        return KeySource.of(c, key);
      }
    }
    throw CliException.input(
        "the certificate in " + certFile + " does not belong to the key in " + keyFile, null);
  }

  /**
   * A private key file. An encrypted key takes the {@code --keypass} password, or one typed at a
   * prompt when the library says a password is required.
   */
  private static PrivateKey privateKey(Path file, PasswordSpec keypass, Terminal terminal)
      throws CliException, KeySourceException, LimitExceededException {
    if (keypass != null) {
      char[] password = keypass.resolve("the password of " + file);
      try {
        return PrivateKeyFiles.read(file, password);
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    try {
      return PrivateKeyFiles.read(file, null);
    } catch (KeySourceException e) {
      if (!e.isPasswordRequired()) {
        throw e;
      }
      char[] password = terminal.readPassword("Enter the password of " + file + ": ");
      if (password == null) {
        throw CliException.input(
            file + ": the private key is encrypted: give --keypass " + PasswordSpec.FORMS, e);
      }
      try {
        return PrivateKeyFiles.read(file, password);
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }

  /**
   * Every private key in a key store file (PKCS #12 or JKS, told from the content), opened with the
   * store password, which also opens its entries.
   */
  static KeySource keyStore(Path file, PasswordSpec storepass, Terminal terminal)
      throws CliException, KeySourceException, LimitExceededException {
    String what = "the password of key store " + file;
    if (!Files.exists(file)) {
      throw CliException.input("no such key store file: " + file, null);
    }
    char[] password = PasswordSpec.resolveOrPrompt(storepass, what, terminal);
    if (password == null) {
      throw CliException.input(
          "key store " + file + " needs a password: give --storepass " + PasswordSpec.FORMS, null);
    }
    try {
      KeyStore store = KeyStoreFiles.load(file, password);
      KeySource keys = KeySource.of(store, password);
      if (keys.keys().isEmpty()) {
        throw CliException.input("key store " + file + " holds no private key", null);
      }
      return keys;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Keys from several options, in the order given. */
  static KeySource all(List<KeySource> sources) {
    return sources.size() == 1 ? sources.get(0) : KeySource.concat(sources);
  }
}
