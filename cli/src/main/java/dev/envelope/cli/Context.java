package dev.envelope.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * What a command runs against: the standard streams and the terminal, passed in rather than read
 * from {@link System} so that tests run the tool in-process with their own.
 */
record Context(InputStream in, PrintStream out, PrintStream err, Terminal terminal) {}
