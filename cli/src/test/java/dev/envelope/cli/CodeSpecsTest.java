package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The decrypt path's picocli model is built in code ({@link CodeSpecs}): no picocli annotation may
 * come back on its classes (each annotation type read costs every start a generated proxy class),
 * and the repeatable key groups must still pair each {@code --key} with its {@code --cert}.
 */
class CodeSpecsTest {

  @Test
  void theDecryptPathCarriesNoPicocliAnnotations() {
    List<String> found = new ArrayList<>();
    for (Class<?> c :
        List.of(
            EnvelopeCommand.class,
            DecryptCommand.class,
            InOutOptions.class,
            KeyOptions.class,
            KeyOptions.KeyArgs.class,
            KeyOptions.StoreArgs.class,
            KeyOptions.TokenArgs.class)) {
      List<AnnotatedElement> elements = new ArrayList<>();
      elements.add(c);
      elements.addAll(List.of(c.getDeclaredFields()));
      elements.addAll(List.of(c.getDeclaredMethods()));
      elements.addAll(List.of(c.getDeclaredConstructors()));
      for (AnnotatedElement e : elements) {
        for (Annotation a : e.getDeclaredAnnotations()) {
          if (a.annotationType().getName().startsWith("picocli.")) {
            found.add(c.getSimpleName() + ": " + e + " @" + a.annotationType().getSimpleName());
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void keyGroupsPairEachKeyWithItsCertificate() {
    KeyOptions options =
        parse(
            "--key",
            "a.key",
            "--cert",
            "a.pem",
            "--key",
            "b.key",
            "--keystore",
            "s.p12",
            "--storepass",
            "env:S",
            "--cert",
            "b.pem",
            "--key",
            "c.key",
            "--pkcs11",
            "t.cfg",
            "--pin",
            "pass:1234",
            "--pkcs11",
            "u.cfg");
    assertThat(options.keys).hasSize(3);
    assertThat(options.keys.get(0).key).isEqualTo(Path.of("a.key"));
    assertThat(options.keys.get(0).cert).isEqualTo(Path.of("a.pem"));
    // "the certificate of the preceding --key", other options between them or not
    assertThat(options.keys.get(1).key).isEqualTo(Path.of("b.key"));
    assertThat(options.keys.get(1).cert).isEqualTo(Path.of("b.pem"));
    assertThat(options.keys.get(2).key).isEqualTo(Path.of("c.key"));
    assertThat(options.keys.get(2).cert).isNull();
    assertThat(options.stores)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.file).isEqualTo(Path.of("s.p12"));
              assertThat(s.password).isNotNull();
            });
    assertThat(options.tokens).hasSize(2);
    assertThat(options.tokens.get(0).config).isEqualTo(Path.of("t.cfg"));
    assertThat(options.tokens.get(0).pin).isNotNull();
    assertThat(options.tokens.get(1).config).isEqualTo(Path.of("u.cfg"));
    assertThat(options.tokens.get(1).pin).isNull();
  }

  @Test
  void noKeyOptionMeansThePersonalStore() {
    KeyOptions options = parse();
    assertThat(options.keys).isEmpty();
    assertThat(options.stores).isEmpty();
    assertThat(options.tokens).isEmpty();
    assertThat(options.none()).isTrue();
  }

  /** Parses {@code decrypt m.p7m ARGS} through the real tree; the decrypt command's key options. */
  private static KeyOptions parse(String... args) {
    Context ctx =
        new Context(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Terminal.none(),
            Cli.DEFAULT_ENV);
    List<String> line = new ArrayList<>(List.of("decrypt", "m.p7m"));
    line.addAll(List.of(args));
    String[] all = line.toArray(String[]::new);
    CommandLine cl = Main.commandLine(new EnvelopeCommand(), ctx, all);
    ParseResult parsed = cl.parseArgs(all).subcommand();
    DecryptCommand command = (DecryptCommand) parsed.commandSpec().userObject();
    command.keyOptions().collect(parsed);
    return command.keyOptions();
  }
}
