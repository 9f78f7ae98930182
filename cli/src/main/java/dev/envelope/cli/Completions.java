package dev.envelope.cli;

import dev.envelope.ContentCipher;
import dev.envelope.x509.CertificateBuilder;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The values shell completion offers for options whose values are spelled differently from the
 * library's enum constants ({@code aes-256-gcm}, not {@code AES_256_GCM}). Picocli instantiates
 * each class and iterates it while generating {@code envelope completion}'s script.
 */
final class Completions {
  private Completions() {}

  /** Every {@code --cipher} name. */
  static final class Ciphers implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(ContentCipher.names().split(",\\s*")).iterator();
    }
  }

  static final class Paddings implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("oaep", "pkcs1").iterator();
    }
  }

  static final class Hashes implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("sha1", "sha256", "sha384", "sha512").iterator();
    }
  }

  static final class Rids implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("issuer-serial", "ski").iterator();
    }
  }

  static final class Profiles implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("capicom").iterator();
    }
  }

  /** {@code cert create --key}. */
  static final class KeyTypes implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return CertificateBuilder.KEY_SPECS.iterator();
    }
  }

  /** The named stores of {@code store --store} (a path works too). */
  static final class StoreNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("my", "addressbook").iterator();
    }
  }

  static final class Shells implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("bash", "zsh").iterator();
    }
  }
}
