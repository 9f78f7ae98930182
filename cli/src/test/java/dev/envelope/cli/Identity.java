package dev.envelope.cli;

import dev.envelope.x509.CertificateBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A test person: an RSA key and a self-signed certificate, as PEM files ({@code NAME.pem}, {@code
 * NAME.key}) in a folder.
 */
record Identity(
    String name, Path cert, Path key, X509Certificate certificate, PrivateKey privateKey) {

  /** Made with the library's certificate builder: fast, and needs no openssl. */
  static Identity create(Path dir, String name) throws Exception {
    KeyPair pair = CertificateBuilder.generateKeyPair("rsa2048");
    X509Certificate cert = CertificateBuilder.forSubject("CN=" + name).selfSigned(pair);
    Path certFile = dir.resolve(name + ".pem");
    Path keyFile = dir.resolve(name + ".key");
    Files.writeString(certFile, CertificateBuilder.toPem(cert), StandardCharsets.US_ASCII);
    Files.writeString(keyFile, pkcs8Pem(pair.getPrivate().getEncoded()));
    return new Identity(name, certFile, keyFile, cert, pair.getPrivate());
  }

  /** Made by openssl: what a user of openssl has on disk (a subjectKeyIdentifier included). */
  static Identity openssl(Path dir, String name) throws Exception {
    OpenSsl.ok(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + name,
        "-days",
        "2",
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem");
    Path certFile = dir.resolve(name + ".pem");
    Path keyFile = dir.resolve(name + ".key");
    return new Identity(
        name,
        certFile,
        keyFile,
        dev.envelope.store.CertificateFiles.read(certFile).get(0),
        dev.envelope.store.PrivateKeyFiles.read(keyFile, null));
  }

  static String pkcs8Pem(byte[] der) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
  }

  String certArg() {
    return cert.toString();
  }

  String keyArg() {
    return key.toString();
  }
}
