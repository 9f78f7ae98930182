package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envelope demo} works with nothing configured, and leaves working files behind. */
class DemoTest {
  @TempDir Path parent;

  @Test
  void demoOpensAsBothPeople() throws Exception {
    Cli.Result r = Cli.run("demo", "--dir", parent.toString()).assertOk();
    String out = r.out();
    assertThat(out)
        .contains("$ envelope encrypt message.txt -o message.p7m --to alice.pem --to bob.pem")
        .contains("$ envelope decrypt message.p7m -o alice.txt --key alice.key --cert alice.pem")
        .contains("Opened as Alice (alice.txt): Hello Alice and Bob.")
        .contains("Opened as Bob (bob.txt): Hello Alice and Bob.")
        .contains("openssl cms -decrypt");
    assertThat(r.stderr()).isEmpty();
    Path dir;
    try (Stream<Path> s = Files.list(parent)) {
      dir = s.toList().get(0);
    }
    assertThat(out).contains("The files are in " + dir);
    for (String f :
        List.of("alice.pem", "alice.key", "bob.pem", "bob.key", "message.txt", "message.p7m")) {
      assertThat(dir.resolve(f)).exists();
    }
    // the printed commands work by hand from that folder: the key files are real keys
    Cli.run(
            "decrypt",
            dir.resolve("message.p7m").toString(),
            "--key",
            dir.resolve("bob.key").toString())
        .assertOk();
  }
}
