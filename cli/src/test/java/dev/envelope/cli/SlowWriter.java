package dev.envelope.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A child-process main for the SIGTERM test: writes 1 MiB through {@link AtomicFile}, says {@code
 * HALF} on stdout after half of it, and then stalls, so that the test can signal it mid-write.
 */
final class SlowWriter {
  private SlowWriter() {}

  public static void main(String[] args) throws Exception {
    byte[] data = new byte[1 << 20];
    AtomicFile.write(Path.of(args[0]), data, false, SlowWriter::stallAtHalf);
  }

  private static WritableByteChannel stallAtHalf(WritableByteChannel inner) {
    return new WritableByteChannel() {
      int written;

      @Override
      public int write(ByteBuffer src) throws IOException {
        if (written >= (1 << 19)) {
          System.out.println("HALF");
          System.out.flush();
          try {
            Thread.sleep(120_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IOException("stalled");
        }
        ByteBuffer part = src.slice().limit(Math.min(src.remaining(), (1 << 19) - written));
        int n = inner.write(part);
        src.position(src.position() + n);
        written += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return inner.isOpen();
      }

      @Override
      public void close() throws IOException {
        inner.close();
      }
    };
  }
}
