package dev.envelope;

import dev.envelope.crypto.ContentStreams;
import dev.envelope.error.DecryptionFailedException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The encrypted content of a message, read and decrypted a piece at a time: on the caller's thread
 * for the first {@link ReadAhead#AFTER} bytes, then read ahead on another ({@link ReadAhead}),
 * which also takes the decryptor's spare work. Output is unverified until the decryptor's {@code
 * finish}.
 */
final class ContentPieces implements AutoCloseable {
  /** The most ciphertext decrypted by one {@link #decryptNext}. */
  static final int PIECE = 64 * 1024;

  private final InputStream ciphertext;
  private final ContentStreams.Decryptor decryptor;
  private final byte[] in = new byte[PIECE];
  private long readHere;
  private ReadAhead ahead;
  private ReadAhead.Chunk chunk;
  private int chunkPos;

  ContentPieces(InputStream ciphertext, ContentStreams.Decryptor decryptor) {
    this.ciphertext = ciphertext;
    this.decryptor = decryptor;
  }

  /**
   * Decrypts the next piece, at most {@code max} (up to {@link #PIECE}) bytes of ciphertext, into
   * {@code dst} (room: {@code max} + 32); the bytes written (0 when the decryptor held them back),
   * or -1 once the content ended.
   *
   * @throws DecryptionFailedException past the cipher's length bound
   * @throws IOException from the source, a {@link
   *     dev.envelope.asn1.BerInput.MalformedInputException} included
   */
  int decryptNext(byte[] dst, int dstOff, int max) throws IOException, DecryptionFailedException {
    if (ahead == null && readHere >= ReadAhead.AFTER && ReadAhead.USEFUL) {
      ahead = new ReadAhead(ciphertext, decryptor::help);
    }
    if (ahead == null) {
      int n = ciphertext.read(in, 0, Math.min(max, PIECE));
      if (n <= 0) {
        return -1;
      }
      readHere += n;
      return decryptor.update(in, 0, n, dst, dstOff);
    }
    if (chunk == null) {
      chunk = ahead.next();
      chunkPos = 0;
      if (chunk == null) {
        return -1;
      }
    }
    int n = Math.min(Math.min(max, PIECE), chunk.length() - chunkPos);
    int written = decryptor.update(chunk.buffer(), chunkPos, n, dst, dstOff);
    chunkPos += n;
    if (chunkPos == chunk.length()) {
      ahead.release(chunk);
      chunk = null;
    }
    return written;
  }

  /** Stops reading ahead and closes the content stream. */
  @Override
  public void close() throws IOException {
    if (ahead != null) {
      ahead.close();
    }
    ciphertext.close();
  }
}
