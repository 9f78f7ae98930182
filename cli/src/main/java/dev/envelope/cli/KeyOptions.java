package dev.envelope.cli;

import dev.envelope.KeySource;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options that say which keys may open a message, shared by {@code decrypt} and {@code
 * recipients add}: key files, key stores, PKCS #11 tokens, the Windows MY store, a password and a
 * KEK; with none of them, the personal store.
 */
final class KeyOptions {
  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<KeyArgs> keys = new ArrayList<>();

  @Option(
      names = "--keypass",
      paramLabel = "SPEC",
      converter = Converters.Password.class,
      description = "The password of encrypted --key files.")
  PasswordSpec keypass;

  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<StoreArgs> stores = new ArrayList<>();

  @ArgGroup(exclusive = false, multiplicity = "0..*")
  List<TokenArgs> tokens = new ArrayList<>();

  @Option(
      names = "--password",
      paramLabel = "SPEC",
      arity = "0..1",
      converter = Secrets.OptionalSpec.class,
      description =
          "A password for password recipient entries (RFC 3211, openssl cms -pwri_password)."
              + " SPEC: env:VAR, file:PATH or pass:TEXT; without SPEC, a prompt (put it after IN)."
              + " Combines with the other key options.")
  PasswordSpec password;

  @Option(
      names = "--kek-id",
      paramLabel = "HEX",
      description = "The identifier of the --kek key, in hexadecimal (openssl: -secretkeyid).")
  String kekId;

  @Option(
      names = "--kek",
      paramLabel = "SPEC",
      arity = "0..1",
      converter = Secrets.OptionalSpec.class,
      description =
          "A key-encryption key for KEK recipient entries: SPEC gives the AES key in"
              + " hexadecimal (openssl: -secretkey). Needs --kek-id.")
  PasswordSpec kek;

  /** One {@code --pkcs11} and the {@code --pin} that follows it. */
  static final class TokenArgs {
    @Option(
        names = "--pkcs11",
        paramLabel = "CONFIG",
        required = true,
        description =
            "A PKCS #11 token (smart card, HSM, SoftHSM) through the JDK's SunPKCS11 provider:"
                + " CONFIG is its configuration file (name, library, slot). The keys stay on the"
                + " token. Repeatable.")
    Path config;

    @Option(
        names = "--pin",
        paramLabel = "SPEC",
        converter = Converters.Password.class,
        description = "The user PIN of the preceding --pkcs11 token; default: a prompt.")
    PasswordSpec pin;
  }

  /** One {@code --key} and the {@code --cert} that follows it. */
  static final class KeyArgs {
    @Option(
        names = "--key",
        paramLabel = "KEY",
        required = true,
        description =
            "A private key file: PKCS #8 (PEM or DER, encrypted with --keypass), PKCS #1 RSA or"
                + " SEC 1 EC PEM. Repeatable.")
    Path key;

    @Option(
        names = "--cert",
        paramLabel = "CERT",
        description =
            "The certificate of the preceding --key (optional: without it the key is matched by"
                + " its public half, then tried).")
    Path cert;
  }

  /** One {@code --keystore} and the {@code --storepass} that follows it. */
  static final class StoreArgs {
    @Option(
        names = "--keystore",
        paramLabel = "FILE",
        description = "A PKCS #12 (.p12, .pfx) or JKS key store; the type is detected. Repeatable.")
    Path file;

    @Option(
        names = "--storepass",
        paramLabel = "SPEC",
        converter = Converters.Password.class,
        description =
            "The password of the preceding --keystore; without any key option, the password of"
                + " the personal store (default: ENVELOPE_STORE_PASS, else a prompt).")
    PasswordSpec password;
  }

  @Option(
      names = "--store",
      paramLabel = "windows-my",
      description =
          "windows-my: the Windows user's MY certificate store, through the JDK's SunMSCAPI (as"
              + " CAPICOM searched it). Windows only.")
  String windowsStore;

  private byte[] kekIdBytes;
  private PasswordSpec personal;
  private boolean checked;

  /** Checks the options' combinations (usage errors, exit 1) before anything is read. */
  void check() throws CliException {
    Secrets.requirePair(kekId, kek != null);
    kekIdBytes = kekId == null ? null : Secrets.kekId(kekId);
    personal = personalStorePassword();
    checked = true;
  }

  /** Whether no key option was given (then the personal store's keys are used). */
  boolean none() {
    return keys.isEmpty()
        && stores.isEmpty()
        && tokens.isEmpty()
        && windowsStore == null
        && password == null
        && kek == null;
  }

  /**
   * The keys the options name, or the personal store's when none is given. Zero it with {@link
   * Secrets#zero} after use.
   */
  KeySource keySource(Context ctx) throws Exception {
    if (!checked) {
      check();
    }
    return none() ? StoreAccess.personalKeys(personal, ctx) : given(ctx);
  }

  /**
   * A {@code --storepass} without {@code --keystore}: the personal store's password, which applies
   * only when no key option is given.
   */
  private PasswordSpec personalStorePassword() throws CliException {
    List<StoreArgs> bare = stores.stream().filter(s -> s.file == null).toList();
    if (bare.isEmpty()) {
      return null;
    }
    if (stores.size() > 1 || !keys.isEmpty() || !tokens.isEmpty()) {
      throw CliException.usage(
          "--storepass without --keystore is the personal store's password, which is searched"
              + " only when no --key, --keystore or --pkcs11 is given");
    }
    PasswordSpec p = bare.get(0).password;
    stores.clear();
    return p;
  }

  private KeySource given(Context ctx) throws CliException, GeneralSecurityException {
    List<KeySource> sources = new ArrayList<>();
    if (password != null) {
      char[] pw = Secrets.password(password, false, ctx);
      try {
        sources.add(KeySource.password(pw));
      } finally {
        Arrays.fill(pw, '\0');
      }
    }
    if (kek != null) {
      byte[] key = Secrets.kek(kek, ctx);
      try {
        sources.add(KeySource.kek(kekIdBytes, key));
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    for (KeyArgs k : keys) {
      sources.add(KeyFiles.keyPair(k.key, k.cert, keypass, ctx));
    }
    for (StoreArgs s : stores) {
      sources.add(KeyFiles.keyStore(s.file, s.password, ctx));
    }
    for (TokenArgs t : tokens) {
      sources.add(KeyFiles.token(t.config, t.pin, ctx));
    }
    if (windowsStore != null) {
      sources.add(windowsMy());
    }
    return KeyFiles.all(sources);
  }

  /**
   * The Windows MY store through SunMSCAPI, whose keys stay in CAPI/CNG: Envelope asks them only
   * for what SunMSCAPI offers. Not testable on the Linux machines this project is built on.
   */
  private KeySource windowsMy() throws CliException {
    if (!windowsStore.equalsIgnoreCase("windows-my")) {
      throw CliException.usage("--store takes windows-my (the personal store needs no option)");
    }
    try {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("Windows-MY");
      ks.load(null, null);
      return KeySource.of(ks, null);
    } catch (java.security.KeyStoreException e) {
      throw CliException.input(
          "the Windows-MY store exists only on Windows (the JDK's SunMSCAPI provider)", e);
    } catch (GeneralSecurityException | IOException e) {
      throw CliException.input("cannot open the Windows-MY store: " + e.getMessage(), e);
    }
  }
}
