package dev.envelope.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The input message and the output file of the commands that read a message and write a file:
 * {@code decrypt}, {@code recipients add} and {@code recipients remove}. {@link Io#checkOutput}
 * refuses to write over the input, or over an existing file without {@code --force}.
 */
final class InOutOptions {
  String in;
  String out;
  boolean force;

  /** The options as a picocli mixin bound to this object, built in code (see {@link CodeSpecs}). */
  CommandSpec mixin() {
    CommandSpec m = CommandSpec.create();
    CodeSpecs.Binding input = CodeSpecs.binding(() -> in, v -> in = (String) v);
    m.addPositional(
        PositionalParamSpec.builder()
            .index("0")
            .arity("0..1")
            .paramLabel("IN")
            .type(String.class)
            .description("The message; '-' or nothing for standard input.")
            .setter(input)
            .getter(input)
            .build());
    CodeSpecs.Binding output = CodeSpecs.binding(() -> out, v -> out = (String) v);
    m.addOption(
        OptionSpec.builder("-o", "--out")
            .paramLabel("OUT")
            .type(String.class)
            .description(
                "Where to write the result; '-' or nothing for standard output. Never the input"
                    + " itself, never an existing file without --force.")
            .setter(output)
            .getter(output)
            .build());
    CodeSpecs.Binding replace = CodeSpecs.binding(() -> force, v -> force = (Boolean) v);
    m.addOption(
        OptionSpec.builder("--force")
            .type(boolean.class)
            .initialValue(false)
            .description("Replace OUT when it exists.")
            .setter(replace)
            .getter(replace)
            .build());
    return m;
  }
}
