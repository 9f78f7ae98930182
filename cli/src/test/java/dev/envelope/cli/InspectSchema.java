package dev.envelope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** {@code docs/inspect.schema.json}, and running {@code inspect --json} against it. */
final class InspectSchema {
  static final ObjectMapper JSON = JsonMapper.builder().build();
  private static Schema schema;

  private InspectSchema() {}

  /** The schema file, committed beside the README (tests run in the cli folder). */
  static Path file() {
    Path cwd = Path.of(System.getProperty("user.dir"));
    Path p = cwd.resolve("docs/inspect.schema.json");
    return Files.exists(p) ? p : cwd.resolveSibling("docs").resolve("inspect.schema.json");
  }

  static synchronized Schema schema() {
    if (schema == null) {
      try {
        schema =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(file()), InputFormat.JSON);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schema;
  }

  /** Runs {@code inspect --json} on a message, validates the output and parses it. */
  static JsonNode inspect(byte[] message, String... extra) {
    String[] args =
        Stream.concat(Stream.of("inspect", "--json"), Stream.of(extra)).toArray(String[]::new);
    return validated(Cli.run(message, args).assertOk().out());
  }

  /** Validates a document (and that it is ASCII only), then parses it. */
  static JsonNode validated(String json) {
    var errors = schema().validate(json, InputFormat.JSON);
    assertThat(errors).as("schema errors for:\n%s", json).isEmpty();
    assertThat(json.chars().allMatch(c -> c < 0x7f)).as("ASCII only").isTrue();
    return JSON.readTree(json);
  }
}
