package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.Envelope;
import dev.envelope.KdfHash;
import dev.envelope.Recipient;
import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.cms.AuthEnvelopedData;
import dev.envelope.cms.CmsCodec;
import dev.envelope.cms.CmsLimits;
import dev.envelope.cms.CmsMessage;
import dev.envelope.cms.PasswordRecipientInfo;
import dev.envelope.cms.PwriParams;
import dev.envelope.cms.RecipientInfo;
import dev.envelope.crypto.Algorithm;
import dev.envelope.error.DecryptionFailedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --password SPEC} and {@code --kek-id HEX --kek SPEC} on {@code encrypt} and {@code
 * decrypt}: both ways with {@code openssl cms -pwri_password} and {@code -secretkey}; a wrong
 * password or KEK is exit 4 with the wrong-RSA-key text and no output; 2^31 PBKDF2 iterations exit
 * 3; the options' usage errors exit 1; a bare option prompts.
 */
class PasswordKekCliTest {

  private static final byte[] CONTENT =
      "password and KEK recipients on the command line\n".getBytes(StandardCharsets.UTF_8);
  private static final String PASSWORD = "s3cret pässword";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  @TempDir static Path dir;
  static Path content;
  static Identity alice;
  static Identity bob;
  private static int counter;

  @BeforeAll
  static void setUp() throws Exception {
    content = Files.write(dir.resolve("content.txt"), CONTENT);
    alice = Identity.create(dir, "alice");
    bob = Identity.create(dir, "bob");
  }

  private static Path fresh(String name) {
    return dir.resolve(name + "-" + (++counter));
  }

  private static Path encrypt(String... options) {
    Path out = fresh("msg");
    List<String> args =
        new ArrayList<>(List.of("encrypt", content.toString(), "-o", out.toString()));
    args.addAll(List.of(options));
    Cli.run(args.toArray(String[]::new)).assertOk();
    return out;
  }

  private static Cli.Result decrypt(Path message, Path out, String... options) {
    List<String> args =
        new ArrayList<>(List.of("decrypt", message.toString(), "-o", out.toString()));
    args.addAll(List.of(options));
    return Cli.run(args.toArray(String[]::new));
  }

  private static void opens(Path message, String... options) throws Exception {
    Path out = fresh("out");
    decrypt(message, out, options).assertOk();
    assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);
  }

  private static String kekHex(int bytes) {
    byte[] k = new byte[bytes];
    RANDOM.nextBytes(k);
    return HEX.formatHex(k);
  }

  // ---------------------------------------------------------------------------------------------
  // round trips and openssl

  @ParameterizedTest
  @ValueSource(strings = {"aes-256-gcm", "aes-256-cbc"})
  void passwordRoundTripAndOpenssl(String cipher) throws Exception {
    OpenSsl.assumeAvailable();
    Path message = encrypt("--password", "pass:" + PASSWORD, "--cipher", cipher);

    opens(message, "--password", "pass:" + PASSWORD);
    Path pwFile = Files.writeString(fresh("pw"), PASSWORD + "\n");
    opens(message, "--password", "file:" + pwFile);

    Path out = fresh("openssl-out");
    OpenSsl.ok(
        dir,
        "cms",
        "-decrypt",
        "-binary",
        "-inform",
        "DER",
        "-in",
        message.toString(),
        "-pwri_password",
        PASSWORD,
        "-out",
        out.toString());
    assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-aes-256-cbc", "-aes-128-cbc", "-des3"})
  void opensOpensslPasswordMessages(String cipher) throws Exception {
    OpenSsl.assumeAvailable();
    Path message = fresh("openssl-pwri");
    OpenSsl.ok(
        dir,
        "cms",
        "-encrypt",
        "-binary",
        cipher,
        "-in",
        content.toString(),
        "-pwri_password",
        PASSWORD,
        "-outform",
        "PEM",
        "-out",
        message.toString());
    opens(message, "--password", "pass:" + PASSWORD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aes-256-gcm", "aes-128-cbc"})
  void kekRoundTripAndOpenssl(String cipher) throws Exception {
    OpenSsl.assumeAvailable();
    String kek = kekHex(32);
    Path kekFile = Files.writeString(fresh("kek"), kek + "\n");
    Path message = encrypt("--kek-id", "c0fee0", "--kek", "file:" + kekFile, "--cipher", cipher);

    opens(message, "--kek-id", "C0FEE0", "--kek", "pass:" + kek);

    Path out = fresh("openssl-out");
    OpenSsl.ok(
        dir,
        "cms",
        "-decrypt",
        "-binary",
        "-inform",
        "DER",
        "-in",
        message.toString(),
        "-secretkey",
        kek,
        "-secretkeyid",
        "c0fee0",
        "-out",
        out.toString());
    assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-aes-256-gcm", "-aes-192-cbc"})
  void opensOpensslKekMessages(String cipher) throws Exception {
    OpenSsl.assumeAvailable();
    String kek = kekHex(16);
    Path message = fresh("openssl-kek");
    OpenSsl.ok(
        dir,
        "cms",
        "-encrypt",
        "-binary",
        cipher,
        "-in",
        content.toString(),
        "-secretkey",
        kek,
        "-secretkeyid",
        "0102",
        "-outform",
        "DER",
        "-out",
        message.toString());
    opens(message, "--kek-id", "0102", "--kek", "pass:" + kek);
  }

  @Test
  void oneMessageForACertificateAPasswordAndAKek() throws Exception {
    String kek = kekHex(24);
    Path message =
        encrypt(
            "--to",
            alice.cert().toString(),
            "--password",
            "pass:" + PASSWORD,
            "--kek-id",
            "aa",
            "--kek",
            "pass:" + kek);
    opens(message, "--key", alice.key().toString(), "--cert", alice.cert().toString());
    opens(message, "--password", "pass:" + PASSWORD);
    opens(message, "--kek-id", "aa", "--kek", "pass:" + kek);
    // combined with other key options: a key that does not fit, then the password
    opens(message, "--key", bob.key().toString(), "--password", "pass:" + PASSWORD);
  }

  // ---------------------------------------------------------------------------------------------
  // failures

  @Test
  void wrongPasswordOrKekIsExit4WithTheWrongKeyText() throws Exception {
    String kek = kekHex(32);
    Path forAlice = encrypt("--to", alice.cert().toString());
    Path forPassword = encrypt("--password", "pass:" + PASSWORD);
    Path forKek = encrypt("--kek-id", "01", "--kek", "pass:" + kek);

    Path out1 = fresh("out");
    Path out2 = fresh("out");
    Path out3 = fresh("out");
    Cli.Result wrongKey =
        decrypt(forAlice, out1, "--key", bob.key().toString()).assertFails(Exit.DECRYPTION);
    Cli.Result wrongPassword =
        decrypt(forPassword, out2, "--password", "pass:wrong").assertFails(Exit.DECRYPTION);
    Cli.Result wrongKek =
        decrypt(forKek, out3, "--kek-id", "01", "--kek", "pass:" + kekHex(32))
            .assertFails(Exit.DECRYPTION);

    assertThat(wrongPassword.stderr())
        .isEqualTo(wrongKey.stderr())
        .isEqualTo(wrongKek.stderr())
        .contains(DecryptionFailedException.MESSAGE)
        .doesNotContain("wrong")
        .doesNotContain(kek);
    assertThat(out1).doesNotExist();
    assertThat(out2).doesNotExist();
    assertThat(out3).doesNotExist();
    assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".partial"))).isEmpty();
  }

  /** A password entry claiming 2^31 PBKDF2 iterations, built with the cms codec. */
  @Test
  void twoToThe31IterationsIsExit3() throws Exception {
    byte[] sealed =
        Envelope.sealer()
            .withRecipient(new Recipient.Password(PASSWORD.toCharArray(), KdfHash.SHA256, 1000))
            .seal(CONTENT);
    CmsMessage m = CmsCodec.decode(sealed, CmsLimits.DEFAULT);
    List<RecipientInfo> ris = new ArrayList<>();
    for (RecipientInfo ri : m.recipientInfos()) {
      if (ri instanceof PasswordRecipientInfo p) {
        PwriParams.Pbkdf2 old = PwriParams.readPbkdf2(p.keyDerivationAlgorithm());
        byte[] params =
            DerWriter.encode(
                w ->
                    w.addSequence(
                        s ->
                            s.addOctetString(old.salt().toByteArray())
                                .addInteger(BigInteger.ONE.shiftLeft(31))
                                .addSequence(
                                    a -> a.addOid(Algorithm.HMAC_SHA256.oid()).addNull())));
        ri =
            new PasswordRecipientInfo(
                new AlgorithmIdentifier(Algorithm.PBKDF2.oid(), Bytes.of(params)),
                p.keyEncryptionAlgorithm(),
                p.encryptedKey());
      }
      ris.add(ri);
    }
    AuthEnvelopedData a = (AuthEnvelopedData) m;
    byte[] hostile =
        CmsCodec.encode(
            new AuthEnvelopedData(
                a.originatorInfo(),
                ris,
                a.encryptedContentInfo(),
                a.authAttrs(),
                a.mac(),
                a.unauthAttrs()));
    Path message = Files.write(fresh("hostile"), hostile);
    Path out = fresh("out");

    Cli.Result r =
        decrypt(message, out, "--password", "pass:" + PASSWORD).assertFails(Exit.MESSAGE);

    assertThat(r.stderr()).contains("limit exceeded: maxPasswordIterations=2147483648 > 10000000");
    assertThat(out).doesNotExist();
  }

  @Test
  void usageErrors() {
    Path message = fresh("never");
    Cli.run("encrypt", content.toString(), "-o", message.toString()).assertFails(Exit.USAGE);
    Cli.run("encrypt", content.toString(), "-o", message.toString(), "--kek-id", "01")
        .assertFails(Exit.USAGE);
    Cli.run("encrypt", content.toString(), "-o", message.toString(), "--kek", "pass:" + kekHex(16))
        .assertFails(Exit.USAGE);
    Cli.run(
            "encrypt",
            content.toString(),
            "-o",
            message.toString(),
            "--kek-id",
            "xyz",
            "--kek",
            "pass:" + kekHex(16))
        .assertFails(Exit.USAGE);
    Cli.run("decrypt", content.toString(), "--kek-id", "01").assertFails(Exit.USAGE);
    Cli.run("decrypt", content.toString(), "--password", "s3cret").assertFails(Exit.USAGE);
    assertThat(message).doesNotExist();
  }

  @Test
  void aKekThatIsNotAnAesKeyInHexIsExit2AndNotEchoed() {
    for (String bad :
        List.of("pass:nothex-nothex-nothex-nothex!", "pass:" + kekHex(20), "pass:abc")) {
      Path message = fresh("never");
      Cli.Result r =
          Cli.run(
                  "encrypt",
                  content.toString(),
                  "-o",
                  message.toString(),
                  "--kek-id",
                  "01",
                  "--kek",
                  bad)
              .assertFails(Exit.INPUT);
      assertThat(r.stderr()).doesNotContain(bad.substring(5));
      assertThat(message).doesNotExist();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // prompts

  @Test
  void aBarePasswordPrompts() throws Exception {
    List<String> prompts = new ArrayList<>();
    Path message = fresh("prompted");
    Cli.run(
            CONTENT,
            Cli.terminal(PASSWORD, prompts),
            "encrypt",
            "-o",
            message.toString(),
            "--password")
        .assertOk();
    assertThat(prompts).hasSize(2); // typed twice when encrypting

    prompts.clear();
    Path out = fresh("out");
    Cli.run(
            new byte[0],
            Cli.terminal(PASSWORD, prompts),
            "decrypt",
            message.toString(),
            "-o",
            out.toString(),
            "--password")
        .assertOk();
    assertThat(prompts).hasSize(1);
    assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);

    // no terminal to ask: exit 2, saying how to give it
    Path out2 = fresh("out");
    Cli.Result r =
        Cli.run("decrypt", message.toString(), "-o", out2.toString(), "--password")
            .assertFails(Exit.INPUT);
    assertThat(r.stderr()).contains("--password");
  }

  @Test
  void aBareKekPrompts() throws Exception {
    String kek = kekHex(16);
    Path message = encrypt("--kek-id", "0a0b", "--kek", "pass:" + kek);
    List<String> prompts = new ArrayList<>();
    Path out = fresh("out");
    Cli.run(
            new byte[0],
            Cli.terminal(kek, prompts),
            "decrypt",
            message.toString(),
            "-o",
            out.toString(),
            "--kek-id",
            "0a0b",
            "--kek")
        .assertOk();
    assertThat(prompts).hasSize(1);
    assertThat(Files.readAllBytes(out)).isEqualTo(CONTENT);
  }
}
