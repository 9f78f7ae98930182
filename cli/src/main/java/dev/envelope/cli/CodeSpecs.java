package dev.envelope.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the commands whose models are built in code rather than read from annotations share: the top
 * command, {@code decrypt} and their options ({@link EnvelopeCommand}, {@link DecryptCommand},
 * {@link InOutOptions}, {@link KeyOptions}). Picocli reads annotations through dynamic proxy
 * classes that the JVM generates on every start (the AOT cache cannot keep them) and through
 * reflection; for the path a one-off {@code envelope decrypt} takes that was 42 to 67 ms of its
 * start, against 12 to 18 ms for the same model built in code (BENCHMARKS.md). The other commands
 * keep their annotations.
 */
final class CodeSpecs {
  private CodeSpecs() {}

  /** The help options that {@code mixinStandardHelpOptions} adds, with picocli's own texts. */
  static void addStandardHelpOptions(CommandSpec spec) {
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help message and exit.")
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print version information and exit.")
            .build());
  }

  /** A value kept in a field of ours, read and written by code rather than by reflection. */
  static Binding binding(Supplier<?> get, Consumer<Object> set) {
    return new Binding(get, set);
  }

  /** Picocli's getter and setter over a supplier and a consumer. */
  static final class Binding implements IGetter, ISetter {
    private final Supplier<?> get;
    private final Consumer<Object> set;

    private Binding(Supplier<?> get, Consumer<Object> set) {
      this.get = get;
      this.set = set;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      return (T) get.get();
    }

    @Override
    public <T> T set(T value) {
      T old = get();
      set.accept(value);
      return old;
    }
  }
}
