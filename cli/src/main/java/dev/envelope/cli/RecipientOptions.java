package dev.envelope.cli;

import dev.envelope.OaepHash;
import dev.envelope.Recipient;
import dev.envelope.RecipientIdentifierType;
import dev.envelope.RsaPadding;
import dev.envelope.store.CertificateFiles;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that say how recipient entries are made for {@code --to} certificates, shared by
 * {@code encrypt} and {@code recipients add}: which certificates are accepted ({@code --all},
 * {@code --allow-invalid-recipient}, {@code --trust}) and how their entries look ({@code
 * --rsa-padding}, {@code --oaep-hash}, {@code --rid}). Each command keeps its own {@code --to},
 * whose description says what its recipients are for.
 */
final class RecipientOptions {
  @Option(
      names = "--all",
      description = "A --to query that matches several certificates means all of them.")
  boolean all;

  @Option(
      names = "--allow-invalid-recipient",
      description =
          "Accept (with a warning) --to certificates that are expired, not yet valid, or whose"
              + " keyUsage excludes what their key does (keyEncipherment for RSA, keyAgreement"
              + " for EC).")
  boolean allowInvalid;

  @Option(
      names = "--trust",
      paramLabel = "FILE",
      description =
          "Trusted CA certificates (PEM or DER): every --to certificate must have a valid PKIX"
              + " path to one (revocation not checked). Repeatable.")
  List<Path> trust = new ArrayList<>();

  @Option(
      names = "--rsa-padding",
      completionCandidates = Completions.Paddings.class,
      paramLabel = "oaep|pkcs1",
      converter = Converters.Padding.class,
      description =
          "How the content key is encrypted for RSA --to certificates (default: oaep); pkcs1 is"
              + " what CAPICOM and .NET write.")
  RsaPadding padding = RsaPadding.OAEP;

  @Option(
      names = "--oaep-hash",
      completionCandidates = Completions.Hashes.class,
      paramLabel = "sha1|sha256|sha384|sha512",
      converter = Converters.Hash.class,
      description = "The OAEP and MGF1 hash (default: sha256).")
  OaepHash oaepHash;

  @Option(
      names = "--rid",
      completionCandidates = Completions.Rids.class,
      paramLabel = "issuer-serial|ski",
      converter = Converters.Rid.class,
      description =
          "How the entries for --to certificates name them (default: issuer-serial); ski is what"
              + " openssl cms -keyid writes.")
  RecipientIdentifierType rid = RecipientIdentifierType.ISSUER_AND_SERIAL_NUMBER;

  /** Checks the options' combinations (usage errors, exit 1) before anything is read. */
  void check() throws CliException {
    if (oaepHash != null && padding != RsaPadding.OAEP) {
      throw CliException.usage("--oaep-hash applies to --rsa-padding oaep only");
    }
  }

  /**
   * The recipients for the {@code --to} arguments: the certificates they name (see {@link
   * Recipients}), checked for validity and against {@code --trust}, each made into the recipient
   * its key calls for.
   *
   * @param storepass the address book's and personal store's password, or null for the default
   */
  List<Recipient> resolve(List<String> to, PasswordSpec storepass, Context ctx, boolean quiet)
      throws Exception {
    List<X509Certificate> anchors = new ArrayList<>();
    for (Path file : trust) {
      anchors.addAll(CertificateFiles.read(file));
    }
    List<Recipients.Resolved> resolved = new Recipients(ctx, storepass, all).resolve(to);
    Recipients.check(resolved, allowInvalid, anchors, ctx, quiet);
    List<Recipient> recipients = new ArrayList<>();
    for (Recipients.Resolved r : resolved) {
      recipients.add(recipient(r.certificate(), r.source()));
    }
    return recipients;
  }

  /** The recipient for a certificate: its key picks the kind, the RSA options shape RSA ones. */
  private Recipient recipient(X509Certificate cert, String source) throws CliException {
    try {
      Recipient r = Recipient.of(cert);
      return r instanceof Recipient.KeyTransport
          ? new Recipient.KeyTransport(cert, padding, oaepHash == null ? OaepHash.SHA256 : oaepHash)
          : r;
    } catch (IllegalArgumentException e) {
      throw CliException.input(
          source
              + ": cannot encrypt for a "
              + cert.getPublicKey().getAlgorithm()
              + " certificate (RSA, EC P-256/384/521, X25519, X448 or ML-KEM)",
          e);
    }
  }
}
