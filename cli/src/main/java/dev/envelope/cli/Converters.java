package dev.envelope.cli;

import dev.envelope.ContentCipher;
import dev.envelope.OaepHash;
import dev.envelope.OutputFormat;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.RsaPadding;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values as the command line spells them ({@code aes-256-gcm}, {@code issuer-serial}),
 * turned into library values. A bad value is a usage error (exit 1) that lists the good ones.
 */
final class Converters {
  /** Said wherever a cipher is chosen (DESIGN.md). */
  static final String CBC_HINT =
      "receivers that only read EnvelopedData (.NET, Outlook, older OpenSSL) need --cipher"
          + " aes-256-cbc";

  private Converters() {}

  private static String lower(String s) {
    return s.strip().toLowerCase(Locale.ROOT);
  }

  static final class Cipher implements ITypeConverter<ContentCipher> {
    @Override
    public ContentCipher convert(String value) {
      return ContentCipher.byName(lower(value))
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "unknown cipher '"
                          + value
                          + "': use one of "
                          + ContentCipher.names()
                          + "; "
                          + CBC_HINT));
    }
  }

  static final class Padding implements ITypeConverter<RsaPadding> {
    @Override
    public RsaPadding convert(String value) {
      return switch (lower(value)) {
        case "oaep" -> RsaPadding.OAEP;
        case "pkcs1", "pkcs1v15", "pkcs1-v1_5" -> RsaPadding.PKCS1;
        default ->
            throw new TypeConversionException(
                "unknown RSA padding '" + value + "': use oaep or pkcs1");
      };
    }
  }

  static final class Hash implements ITypeConverter<OaepHash> {
    @Override
    public OaepHash convert(String value) {
      return OaepHash.byName(lower(value))
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "unknown OAEP hash '" + value + "': use sha1, sha256, sha384 or sha512"));
    }
  }

  static final class Rid implements ITypeConverter<RecipientIdentifierType> {
    @Override
    public RecipientIdentifierType convert(String value) {
      return switch (lower(value)) {
        case "issuer-serial", "issuerandserialnumber" ->
            RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER;
        case "ski", "subjectkeyidentifier" -> RecipientIdentifierType.SUBJECT_KEY_IDENTIFIER;
        default ->
            throw new TypeConversionException(
                "unknown recipient identifier '" + value + "': use issuer-serial or ski");
      };
    }
  }

  static final class Format implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      return switch (lower(value)) {
        case "der" -> OutputFormat.DER;
        case "pem" -> OutputFormat.PEM;
        case "base64" -> OutputFormat.BASE64;
        case "smime" -> OutputFormat.SMIME;
        default ->
            throw new TypeConversionException(
                "unknown format '" + value + "': use der, pem, base64 or smime");
      };
    }
  }

  static final class Password implements ITypeConverter<PasswordSpec> {
    @Override
    public PasswordSpec convert(String value) {
      return PasswordSpec.parse(value);
    }
  }
}
