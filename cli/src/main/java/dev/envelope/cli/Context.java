package dev.envelope.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command runs against: the standard streams, the terminal and the environment variables,
 * passed in rather than read from {@link System} so that tests run the tool in-process with their
 * own (commands read {@code ENVELOPE_HOME} and {@code ENVELOPE_STORE_PASS} through {@link #env}).
 */
record Context(
    InputStream in, PrintStream out, PrintStream err, Terminal terminal, Map<String, String> env) {

  Context {
    env = Map.copyOf(env);
  }

  /** The process's own environment. */
  Context(InputStream in, PrintStream out, PrintStream err, Terminal terminal) {
    this(in, out, err, terminal, System.getenv());
  }

  /** The same streams with other environment variables. */
  Context withEnv(Map<String, String> variables) {
    return new Context(in, out, err, terminal, variables);
  }
}
