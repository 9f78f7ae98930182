package dev.envelope.cli;

import dev.envelope.KeySource;
import java.util.Arrays;
import java.util.HexFormat;
import picocli.CommandLine.ITypeConverter;

/**
 * The {@code --password SPEC} and {@code --kek-id HEX --kek SPEC} options of {@code encrypt} and
 * {@code decrypt}: password recipients (RFC 3211) and key-encryption keys (RFC 5652 6.2.3). A bare
 * {@code --password} or {@code --kek} (no SPEC) prompts on the terminal, without echo. Callers zero
 * what these methods return once it has been used.
 */
final class Secrets {
  private Secrets() {}

  /** What a bare {@code --password} or {@code --kek} stands for: ask on the terminal. */
  static final PasswordSpec PROMPT = new PasswordSpec("prompt", "");

  /** A SPEC that may be left out (picocli's fallback value, empty): then the terminal is asked. */
  static final class OptionalSpec implements ITypeConverter<PasswordSpec> {
    @Override
    public PasswordSpec convert(String value) {
      return value.isEmpty() ? PROMPT : PasswordSpec.parse(value);
    }
  }

  /** The SPEC to resolve, or null to prompt. */
  private static PasswordSpec given(PasswordSpec spec) {
    return spec == PROMPT ? null : spec;
  }

  /**
   * The password of {@code --password}: from its SPEC, or asked for (twice when {@code confirm},
   * for encrypting).
   *
   * @throws CliException exit 2 when it cannot be read or there is no terminal to ask
   */
  static char[] password(PasswordSpec option, boolean confirm, Context ctx) throws CliException {
    PasswordSpec spec = given(option);
    String what = "the password";
    char[] pw = PasswordSpec.resolveOrPrompt(spec, what, ctx.terminal(), ctx.env());
    if (pw == null) {
      throw CliException.input(
          "--password needs a password: give --password " + PasswordSpec.FORMS, null);
    }
    if (spec == null && confirm) {
      char[] again = ctx.terminal().readPassword("Enter the password again: ");
      boolean same = again != null && Arrays.equals(pw, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(pw, '\0');
        throw CliException.input("the two passwords typed differ", null);
      }
    }
    if (pw.length == 0) {
      throw CliException.input("the password is empty", null);
    }
    return pw;
  }

  /** The {@code --kek-id} bytes. */
  static byte[] kekId(String hex) throws CliException {
    byte[] id;
    try {
      id = HexFormat.of().parseHex(hex.strip());
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--kek-id takes hexadecimal digits, an even number of them");
    }
    if (id.length == 0) {
      throw CliException.usage("--kek-id is empty");
    }
    return id;
  }

  /**
   * Checks that {@code --kek-id} and {@code --kek} come together.
   *
   * @param kekGiven whether {@code --kek} was on the command line (with or without SPEC)
   */
  static void requirePair(String kekId, boolean kekGiven) throws CliException {
    if ((kekId != null) != kekGiven) {
      throw CliException.usage("--kek-id HEX and --kek SPEC go together: give both or neither");
    }
  }

  /**
   * The key of {@code --kek}: the SPEC (or the prompt) gives it in hexadecimal, an AES key of 16,
   * 24 or 32 bytes. The text is never repeated in errors.
   *
   * @throws CliException exit 2 when it cannot be read or is not such a key
   */
  static byte[] kek(PasswordSpec option, Context ctx) throws CliException {
    PasswordSpec spec = given(option);
    char[] text =
        PasswordSpec.resolveOrPrompt(
            spec, "the key-encryption key (hex)", ctx.terminal(), ctx.env());
    if (text == null) {
      throw CliException.input("--kek needs a key: give --kek " + PasswordSpec.FORMS, null);
    }
    try {
      int start = 0;
      int end = text.length;
      while (start < end && Character.isWhitespace(text[start])) {
        start++;
      }
      while (end > start && Character.isWhitespace(text[end - 1])) {
        end--;
      }
      int digits = end - start;
      if (digits % 2 != 0) {
        throw notAKek();
      }
      byte[] key = new byte[digits / 2];
      for (int i = 0; i < key.length; i++) {
        int hi = Character.digit(text[start + 2 * i], 16);
        int lo = Character.digit(text[start + 2 * i + 1], 16);
        if (hi < 0 || lo < 0) {
          Arrays.fill(key, (byte) 0);
          throw notAKek();
        }
        key[i] = (byte) (hi << 4 | lo);
      }
      if (key.length != 16 && key.length != 24 && key.length != 32) {
        Arrays.fill(key, (byte) 0);
        throw notAKek();
      }
      return key;
    } finally {
      Arrays.fill(text, '\0');
    }
  }

  private static CliException notAKek() {
    return CliException.input(
        "the --kek value is not an AES key in hexadecimal (32, 48 or 64 hex digits)", null);
  }

  /** Zeroes the passwords and KEKs a key source holds, once the message has been opened. */
  static void zero(KeySource source) {
    for (char[] p : source.passwords()) {
      Arrays.fill(p, '\0');
    }
    for (var k : source.keks()) {
      Arrays.fill(k.key(), (byte) 0);
    }
  }
}
