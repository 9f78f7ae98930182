package dev.envelope.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on standard error while a file of known size is read: bytes done, rate and time
 * left, redrawn at most five times a second. Only when standard error is a terminal and {@code
 * --quiet} was not given, so that scripts and logs never see it.
 */
final class Progress extends FilterInputStream {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream err;
  private final long size;
  private final long start = System.nanoTime();
  private long done;
  private long lastDraw;
  private boolean finished;

  private Progress(InputStream in, PrintStream err, long size) {
    super(in);
    this.err = err;
    this.size = size;
  }

  /** The input's stream, with a progress line when it makes sense. */
  static InputStream wrap(Io.Input input, boolean quiet, Context ctx) {
    if (quiet || input.size() <= 0 || !ctx.terminal().stderrIsTerminal()) {
      return input.stream();
    }
    return new Progress(input.stream(), ctx.err(), input.size());
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    advance(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    advance(n);
    return n;
  }

  private void advance(int n) {
    if (n < 0) {
      if (!finished) {
        finished = true;
        err.print("\r\033[K");
        err.flush();
      }
      return;
    }
    done += n;
    long now = System.nanoTime();
    if (now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(now);
    }
  }

  private void draw(long now) {
    double seconds = Math.max(1e-3, (now - start) / 1e9);
    double rate = done / seconds;
    long left = rate > 0 ? (long) ((size - done) / rate) : -1;
    int percent = (int) (100 * done / Math.max(1, size));
    int width = 24;
    int filled = width * percent / 100;
    err.print(
        String.format(
            Locale.ROOT,
            "\r[%s%s] %3d%% %s of %s, %s/s, %s left\033[K",
            "#".repeat(filled),
            " ".repeat(width - filled),
            percent,
            bytes(done),
            bytes(size),
            bytes((long) rate),
            left < 0 ? "?" : left + "s"));
    err.flush();
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
