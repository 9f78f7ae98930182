package dev.envelope.cli;

import dev.envelope.KeySource;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.store.CertificateFiles;
import dev.envelope.store.KeyStoreFiles;
import dev.envelope.store.Pkcs11Tokens;
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
   * A {@code --key} file with its optional {@code --cert}. The certificate must hold the key's
   * public half when that can be told, so that a mixed-up pair is reported as such instead of as a
   * failed decryption.
   */
  static KeySource keyPair(Path keyFile, Path certFile, PasswordSpec keypass, Context ctx)
      throws CliException, KeySourceException, LimitExceededException {
    PrivateKey key = privateKey(keyFile, keypass, ctx);
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
  private static PrivateKey privateKey(Path file, PasswordSpec keypass, Context ctx)
      throws CliException, KeySourceException, LimitExceededException {
    if (keypass != null) {
      char[] password = keypass.resolve("the password of " + file, ctx.env());
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
      char[] password = ctx.terminal().readPassword("Enter the password of " + file + ": ");
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
  static KeySource keyStore(Path file, PasswordSpec storepass, Context ctx)
      throws CliException, KeySourceException, LimitExceededException {
    String what = "the password of key store " + file;
    if (!Files.exists(file)) {
      throw CliException.input("no such key store file: " + file, null);
    }
    char[] password = PasswordSpec.resolveOrPrompt(storepass, what, ctx.terminal(), ctx.env());
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

  /** The keys on a PKCS #11 token, logged in with the PIN from --pin or a prompt. */
  static KeySource token(Path config, PasswordSpec pinSpec, Context ctx)
      throws CliException, KeySourceException {
    if (!Files.isRegularFile(config)) {
      throw CliException.input("no such PKCS #11 configuration file: " + config, null);
    }
    char[] pin =
        PasswordSpec.resolveOrPrompt(
            pinSpec, "the PIN of the PKCS #11 token of " + config, ctx.terminal(), ctx.env());
    if (pin == null) {
      throw CliException.input(
          "the PKCS #11 token of " + config + " needs a PIN: give --pin " + PasswordSpec.FORMS,
          null);
    }
    try {
      return Pkcs11Tokens.keySource(config, pin);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }
}
