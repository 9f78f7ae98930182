package dev.envelope.cli;

import dev.envelope.KeySource;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ParseResult.GroupMatch;
import picocli.CommandLine.ParseResult.GroupMatchContainer;

/**
 * The options that say which keys may open a message, shared by {@code decrypt} and {@code
 * recipients add}: key files, key stores, PKCS #11 tokens, the Windows MY store, a password and a
 * KEK; with none of them, the personal store.
 */
final class KeyOptions {
  List<KeyArgs> keys = new ArrayList<>();
  PasswordSpec keypass;
  List<StoreArgs> stores = new ArrayList<>();
  List<TokenArgs> tokens = new ArrayList<>();
  PasswordSpec password;
  String kekId;
  PasswordSpec kek;
  String windowsStore;

  // the repeatable groups and their options, whose matches {@link #collect} reads
  private ArgGroupSpec keyGroup;
  private OptionSpec keyOption;
  private OptionSpec certOption;
  private ArgGroupSpec storeGroup;
  private OptionSpec storeOption;
  private OptionSpec storepassOption;
  private ArgGroupSpec tokenGroup;
  private OptionSpec tokenOption;
  private OptionSpec pinOption;

  /** One {@code --key} and the {@code --cert} that follows it. */
  static final class KeyArgs {
    Path key;
    Path cert;
  }

  /** One {@code --keystore} and the {@code --storepass} that follows it. */
  static final class StoreArgs {
    Path file;
    PasswordSpec password;
  }

  /** One {@code --pkcs11} and the {@code --pin} that follows it. */
  static final class TokenArgs {
    Path config;
    PasswordSpec pin;
  }

  /**
   * The options as a picocli mixin bound to this object, built in code (see {@link CodeSpecs}). The
   * repeatable groups' values are read by {@link #collect} once the command line is parsed.
   */
  CommandSpec mixin() {
    CommandSpec m = CommandSpec.create();
    keyOption =
        OptionSpec.builder("--key")
            .paramLabel("KEY")
            .type(Path.class)
            .required(true)
            .description(
                "A private key file: PKCS #8 (PEM or DER, encrypted with --keypass), PKCS #1 RSA"
                    + " or SEC 1 EC PEM. Repeatable.")
            .build();
    certOption =
        OptionSpec.builder("--cert")
            .paramLabel("CERT")
            .type(Path.class)
            .description(
                "The certificate of the preceding --key (optional: without it the key is matched"
                    + " by its public half, then tried).")
            .build();
    keyGroup = group(keyOption, certOption);
    m.addArgGroup(keyGroup);
    CodeSpecs.Binding keyPassword =
        CodeSpecs.binding(() -> keypass, v -> keypass = (PasswordSpec) v);
    m.addOption(
        OptionSpec.builder("--keypass")
            .paramLabel("SPEC")
            .type(PasswordSpec.class)
            .converters(new Converters.Password())
            .description("The password of encrypted --key files.")
            .setter(keyPassword)
            .getter(keyPassword)
            .build());
    storeOption =
        OptionSpec.builder("--keystore")
            .paramLabel("FILE")
            .type(Path.class)
            .description(
                "A PKCS #12 (.p12, .pfx) or JKS key store; the type is detected. Repeatable.")
            .build();
    storepassOption =
        OptionSpec.builder("--storepass")
            .paramLabel("SPEC")
            .type(PasswordSpec.class)
            .converters(new Converters.Password())
            .description(
                "The password of the preceding --keystore; without any key option, the password"
                    + " of the personal store (default: ENVELOPE_STORE_PASS, else a prompt).")
            .build();
    storeGroup = group(storeOption, storepassOption);
    m.addArgGroup(storeGroup);
    tokenOption =
        OptionSpec.builder("--pkcs11")
            .paramLabel("CONFIG")
            .type(Path.class)
            .required(true)
            .description(
                "A PKCS #11 token (smart card, HSM, SoftHSM) through the JDK's SunPKCS11"
                    + " provider: CONFIG is its configuration file (name, library, slot). The keys"
                    + " stay on the token. Repeatable.")
            .build();
    pinOption =
        OptionSpec.builder("--pin")
            .paramLabel("SPEC")
            .type(PasswordSpec.class)
            .converters(new Converters.Password())
            .description("The user PIN of the preceding --pkcs11 token; default: a prompt.")
            .build();
    tokenGroup = group(tokenOption, pinOption);
    m.addArgGroup(tokenGroup);
    CodeSpecs.Binding pw = CodeSpecs.binding(() -> password, v -> password = (PasswordSpec) v);
    m.addOption(
        OptionSpec.builder("--password")
            .paramLabel("SPEC")
            .arity("0..1")
            .type(PasswordSpec.class)
            .converters(new Secrets.OptionalSpec())
            .description(
                "A password for password recipient entries (RFC 3211, openssl cms"
                    + " -pwri_password). SPEC: env:VAR, file:PATH or pass:TEXT; without SPEC, a"
                    + " prompt (put it after IN). Combines with the other key options.")
            .setter(pw)
            .getter(pw)
            .build());
    CodeSpecs.Binding id = CodeSpecs.binding(() -> kekId, v -> kekId = (String) v);
    m.addOption(
        OptionSpec.builder("--kek-id")
            .paramLabel("HEX")
            .type(String.class)
            .description("The identifier of the --kek key, in hexadecimal (openssl: -secretkeyid).")
            .setter(id)
            .getter(id)
            .build());
    CodeSpecs.Binding kekKey = CodeSpecs.binding(() -> kek, v -> kek = (PasswordSpec) v);
    m.addOption(
        OptionSpec.builder("--kek")
            .paramLabel("SPEC")
            .arity("0..1")
            .type(PasswordSpec.class)
            .converters(new Secrets.OptionalSpec())
            .description(
                "A key-encryption key for KEK recipient entries: SPEC gives the AES key in"
                    + " hexadecimal (openssl: -secretkey). Needs --kek-id.")
            .setter(kekKey)
            .getter(kekKey)
            .build());
    CodeSpecs.Binding store = CodeSpecs.binding(() -> windowsStore, v -> windowsStore = (String) v);
    m.addOption(
        OptionSpec.builder("--store")
            .paramLabel("windows-my")
            .type(String.class)
            .description(
                "windows-my: the Windows user's MY certificate store, through the JDK's SunMSCAPI"
                    + " (as CAPICOM searched it). Windows only.")
            .setter(store)
            .getter(store)
            .build());
    return m;
  }

  private static ArgGroupSpec group(OptionSpec first, OptionSpec second) {
    return ArgGroupSpec.builder()
        .exclusive(false)
        .multiplicity("0..*")
        .addArg(first)
        .addArg(second)
        .build();
  }

  /** Reads the repeatable groups' values from the command's parse result. */
  void collect(ParseResult parsed) {
    keys.clear();
    stores.clear();
    tokens.clear();
    for (GroupMatch m : matches(parsed, keyGroup)) {
      KeyArgs k = new KeyArgs();
      k.key = value(m, keyOption);
      k.cert = value(m, certOption);
      keys.add(k);
    }
    for (GroupMatch m : matches(parsed, storeGroup)) {
      StoreArgs s = new StoreArgs();
      s.file = value(m, storeOption);
      s.password = value(m, storepassOption);
      stores.add(s);
    }
    for (GroupMatch m : matches(parsed, tokenGroup)) {
      TokenArgs t = new TokenArgs();
      t.config = value(m, tokenOption);
      t.pin = value(m, pinOption);
      tokens.add(t);
    }
  }

  private static List<GroupMatch> matches(ParseResult parsed, ArgGroupSpec group) {
    List<GroupMatch> all = new ArrayList<>();
    for (GroupMatchContainer c : parsed.findMatches(group)) {
      for (GroupMatch m : c.matches()) {
        if (!m.isEmpty()) {
          all.add(m);
        }
      }
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static <T> T value(GroupMatch m, OptionSpec option) {
    List<Object> values = m.matchedValues(option);
    return values.isEmpty() ? null : (T) values.get(values.size() - 1);
  }

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
