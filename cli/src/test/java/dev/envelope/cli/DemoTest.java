package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code envelope demo} works with nothing configured, never touches $ENVELOPE_HOME, and leaves
 * working files behind.
 */
class DemoTest {
  @TempDir Path parent;
  @TempDir Path userHome;

  @Test
  void demoOpensAsBothPeople() throws Exception {
    // the user's own home and password are set: the demo must use neither
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ENVELOPE_HOME", userHome.toString());
    env.put("ENVELOPE_STORE_PASS", "the user's own");
    Cli.Result r =
        Cli.run(
                env,
                new java.io.ByteArrayInputStream(new byte[0]),
                Terminal.none(),
                "demo",
                "--dir",
                parent.toString())
            .assertOk();
    String out = r.out();
    assertThat(out)
        .contains("$ ENVELOPE_HOME=alice-home envelope cert create --subject CN=Alice --email")
        .contains(
            "$ ENVELOPE_HOME=alice-home envelope encrypt message.txt -o message.p7m --to"
                + " alice@example.com --to bob@example.com")
        .contains("$ ENVELOPE_HOME=bob-home envelope decrypt message.p7m -o bob.txt")
        .contains("Opened as Alice (alice.txt): Hello Alice and Bob.")
        .contains("Opened as Bob (bob.txt): Hello Alice and Bob.")
        .contains("export ENVELOPE_STORE_PASS=");
    assertThat(r.stderr()).isEmpty();
    try (Stream<Path> s = Files.list(userHome)) {
      assertThat(s).isEmpty();
    }
    Path dir;
    try (Stream<Path> s = Files.list(parent)) {
      dir = s.toList().get(0);
    }
    assertThat(out).contains("The files are in " + dir);
    for (String f :
        List.of(
            "alice-home/my.p12",
            "alice-home/addressbook.p12",
            "bob-home/my.p12",
            "bob.pem",
            "message.txt",
            "message.p7m",
            "alice.txt",
            "bob.txt")) {
      assertThat(dir.resolve(f)).exists();
    }
    // the printed commands work by hand from that folder
    Cli.runEnv(
            Cli.env(
                "ENVELOPE_HOME",
                dir.resolve("bob-home").toString(),
                "ENVELOPE_STORE_PASS",
                "demo-password"),
            "decrypt",
            dir.resolve("message.p7m").toString())
        .assertOk();
  }
}
