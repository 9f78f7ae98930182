package dev.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.error.KeySourceException;
import dev.envelope.error.LimitExceededException;
import dev.envelope.x509.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What goes wrong when reading a key file, and how clearly it is said. */
class PrivateKeyFilesErrorsTest {
  private static final char[] PASSWORD = {'x'};

  @TempDir Path dir;

  private static final String[] RSA = PrivateKeyFilesTest.RSA;

  private static String[] cmd(String line) {
    return line.split(" ");
  }

  @Test
  void wrongMissingAndEmptyPasswords() throws Exception {
    Openssl.assumeAvailable();
    Openssl.run(dir, RSA).ok();
    Openssl.run(
            dir,
            cmd("pkcs8 -topk8 -v2 aes-256-cbc -passout pass:secret123 -in orig.pem -out enc.pem"))
        .ok();
    Path file = dir.resolve("enc.pem");

    assertThatThrownBy(() -> PrivateKeyFiles.read(file, "wrong-pw-42".toCharArray()))
        .isInstanceOf(KeySourceException.class)
        .hasMessage("wrong password for encrypted private key " + file)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pw-42", "secret123"));
    assertThatThrownBy(() -> PrivateKeyFiles.read(file, null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("encrypted; a password is needed");
    assertThatThrownBy(() -> PrivateKeyFiles.read(file, new char[0]))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("wrong password");
    assertThat(PrivateKeyFiles.read(file, "secret123".toCharArray())).isNotNull();
  }

  @Test
  void wrongPasswordThatPassesThePaddingCheckIsStillAWrongPassword() throws Exception {
    // about 1 in 256 wrong passwords yields valid CBC padding; try enough to hit some
    Openssl.assumeAvailable();
    Openssl.run(dir, cmd("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out orig.pem"))
        .ok();
    Openssl.run(
            dir,
            cmd(
                "pkcs8 -topk8 -v2 aes-128-cbc -iter 1 -passout pass:right -in orig.pem -out enc.pem"))
        .ok();
    byte[] data = Files.readAllBytes(dir.resolve("enc.pem"));
    for (int i = 0; i < 1500; i++) {
      char[] pw = ("w" + i).toCharArray();
      assertThatThrownBy(() -> PrivateKeyFiles.parse(data, "enc.pem", pw, StoreLimits.DEFAULT))
          .isInstanceOf(KeySourceException.class)
          .hasMessage("wrong password for encrypted private key enc.pem");
    }
  }

  @Test
  void iterationCountIsCheckedBeforeAnyWork() throws Exception {
    Openssl.assumeAvailable();
    Openssl.run(dir, cmd("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out orig.pem"))
        .ok();
    Openssl.run(
            dir,
            cmd(
                "pkcs8 -topk8 -v2 aes-256-cbc -iter 2048 -passout pass:x -in orig.pem -outform DER -out enc.der"))
        .ok();
    Path file = dir.resolve("enc.der");

    // exactly at the limit passes, one below it fails
    assertThat(
            PrivateKeyFiles.read(file, PASSWORD, StoreLimits.DEFAULT.withMaxPbkdf2Iterations(2048)))
        .isNotNull();
    assertThatThrownBy(
            () ->
                PrivateKeyFiles.read(
                    file, PASSWORD, StoreLimits.DEFAULT.withMaxPbkdf2Iterations(2047)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("PBKDF2 iteration count 2048 exceeds limit 2047");

    // 2^31 - 1 iterations (SECURITY.md test 23): rejected without deriving anything
    EncryptedPrivateKeyInfo epki = EncryptedPrivateKeyInfo.getInstance(Files.readAllBytes(file));
    PBES2Parameters p = PBES2Parameters.getInstance(epki.getEncryptionAlgorithm().getParameters());
    PBKDF2Params kdf = PBKDF2Params.getInstance(p.getKeyDerivationFunc().getParameters());
    PBKDF2Params huge = new PBKDF2Params(kdf.getSalt(), Integer.MAX_VALUE, kdf.getPrf());
    byte[] hostile =
        new EncryptedPrivateKeyInfo(
                new AlgorithmIdentifier(
                    PKCSObjectIdentifiers.id_PBES2,
                    new PBES2Parameters(
                        new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, huge),
                        p.getEncryptionScheme())),
                epki.getEncryptedData())
            .getEncoded();
    long start = System.nanoTime();
    assertThatThrownBy(
            () -> PrivateKeyFiles.parse(hostile, "hostile.der", PASSWORD, StoreLimits.DEFAULT))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("PBKDF2 iteration count 2147483647 exceeds limit 5000000");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  record Bad(String name, String fileContent, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badPem() {
    String garbageBody =
        Base64.getEncoder().encodeToString("not a key at all".getBytes(StandardCharsets.US_ASCII));
    return Stream.of(
        new Bad("text", "hello, world\n", "not a private key"),
        new Bad("empty file", "", "not a private key"),
        new Bad("truncated PEM", "-----BEGIN PRIVATE KEY-----\nMIIE\n", "truncated PEM"),
        new Bad(
            "PKCS #8 block of garbage",
            "-----BEGIN PRIVATE KEY-----\n" + garbageBody + "\n-----END PRIVATE KEY-----\n",
            "not a PKCS #8 private key"),
        new Bad(
            "RSA block of garbage",
            "-----BEGIN RSA PRIVATE KEY-----\n" + garbageBody + "\n-----END RSA PRIVATE KEY-----\n",
            "malformed"),
        new Bad(
            "EC block of garbage",
            "-----BEGIN EC PRIVATE KEY-----\n" + garbageBody + "\n-----END EC PRIVATE KEY-----\n",
            "malformed EC PRIVATE KEY"),
        new Bad(
            "only a public key",
            "-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----\n",
            "holds no private key (found: PUBLIC KEY)"),
        new Bad(
            "two keys",
            "-----BEGIN PRIVATE KEY-----\nAQID\n-----END PRIVATE KEY-----\n-----BEGIN PRIVATE KEY-----\nAQID\n-----END PRIVATE KEY-----\n",
            "holds 2 private keys"),
        new Bad(
            "OpenSSH",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAQID\n-----END OPENSSH PRIVATE KEY-----\n",
            "ssh-keygen -p -m PKCS8"),
        new Bad(
            "DSA",
            "-----BEGIN DSA PRIVATE KEY-----\nAQID\n-----END DSA PRIVATE KEY-----\n",
            "DSA PRIVATE KEY is not supported"),
        new Bad(
            "legacy encrypted PEM",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,0011\n\nAQID\n-----END RSA PRIVATE KEY-----\n",
            "openssl pkcs8 -topk8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPem")
  void clearErrors(Bad bad) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.pem"), bad.fileContent());
    assertThatThrownBy(() -> PrivateKeyFiles.read(file, PASSWORD))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(bad.message())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void randomGarbageIsAKeySourceExceptionNeverAnUncheckedOne() throws Exception {
    Random random = new Random(42);
    List<Throwable> unexpected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      byte[] data = new byte[random.nextInt(200)];
      random.nextBytes(data);
      if (data.length > 0 && i % 2 == 0) {
        data[0] = 0x30; // look like DER
      }
      try {
        PrivateKeyFiles.parse(data, "garbage", PASSWORD, StoreLimits.DEFAULT);
        unexpected.add(new AssertionError("accepted garbage " + i));
      } catch (KeySourceException | LimitExceededException e) {
        // expected
      } catch (RuntimeException e) {
        unexpected.add(e);
      }
    }
    assertThat(unexpected).isEmpty();
  }

  @Test
  void opensslSpecificFormatsThatAreRefused() throws Exception {
    Openssl.assumeAvailable();
    Openssl.run(dir, RSA).ok();
    Openssl.run(dir, cmd("rsa -in orig.pem -traditional -aes256 -passout pass:x -out legacy.pem"))
        .ok();
    assertThatThrownBy(() -> PrivateKeyFiles.read(dir.resolve("legacy.pem"), PASSWORD))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("Proc-Type: 4,ENCRYPTED")
        .hasMessageContaining("openssl pkcs8 -topk8");

    Openssl.run(dir, cmd("pkcs8 -topk8 -scrypt -passout pass:x -in orig.pem -out scrypt.pem")).ok();
    assertThatThrownBy(() -> PrivateKeyFiles.read(dir.resolve("scrypt.pem"), PASSWORD))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("scrypt");

    Openssl.run(
            dir,
            cmd("ecparam -name prime256v1 -genkey -noout -param_enc explicit -out explicit.pem"))
        .ok();
    assertThatThrownBy(() -> PrivateKeyFiles.read(dir.resolve("explicit.pem"), null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("explicit curve parameters");
  }

  @Test
  void unknownAlgorithmIsNamed() throws Exception {
    byte[] pkcs8 =
        DerWriter.encode(
            w ->
                w.addSequence(
                    s ->
                        s.addInteger(0)
                            .addSequence(a -> a.addOid(Oid.of("1.2.3.4.5")))
                            .addOctetString(new byte[] {1, 2, 3})));
    assertThatThrownBy(() -> PrivateKeyFiles.parse(pkcs8, "odd.der", null, StoreLimits.DEFAULT))
        .isInstanceOf(KeySourceException.class)
        .hasMessage("odd.der: unsupported private key algorithm 1.2.3.4.5 (no JCA provider)");
  }

  @Test
  void fileProblems() throws Exception {
    assertThatThrownBy(() -> PrivateKeyFiles.read(dir.resolve("missing.pem"), null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageEndingWith("missing.pem: no such file");
    assertThatThrownBy(() -> PrivateKeyFiles.read(dir, null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("is a directory");
    Path big = Files.write(dir.resolve("big.der"), new byte[100]);
    assertThatThrownBy(
            () -> PrivateKeyFiles.read(big, null, StoreLimits.DEFAULT.withMaxFileBytes(99)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("limit exceeded: maxFileBytes");
  }

  @Test
  void derShapesAreToldApart() throws Exception {
    // (SEQUENCE, SEQUENCE) is none of the four shapes
    byte[] odd =
        DerWriter.encode(w -> w.addSequence(s -> s.addSequence(x -> {}).addSequence(x -> {})));
    assertThatThrownBy(() -> PrivateKeyFiles.parse(odd, "odd.der", null, StoreLimits.DEFAULT))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("no PKCS #8, PKCS #1 or SEC 1 structure");
    byte[] empty = DerWriter.encode(w -> w.addSequence(s -> {}));
    assertThatThrownBy(() -> PrivateKeyFiles.parse(empty, "e.der", null, StoreLimits.DEFAULT))
        .isInstanceOf(KeySourceException.class)
        .hasMessageContaining("empty SEQUENCE");
  }
}
