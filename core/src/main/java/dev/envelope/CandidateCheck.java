package dev.envelope;

import dev.envelope.crypto.ContentSpec;
import dev.envelope.crypto.ContentStreams;
import dev.envelope.error.DecryptionFailedException;
import dev.envelope.error.EnvelopeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Which of the candidate (entry, key) pairs holds the real content key: the first whose key
 * decrypts all of the kept-aside content and passes its check (the tag for AEAD, the padding for
 * CBC). Decryption and re-addressing both choose through here, so they agree on which key opens a
 * message. The plaintext is discarded as it is made.
 *
 * <p>For ciphers with neither tag nor padding (RC4) a wrong key cannot be told from the right one,
 * so the first candidate wins, as in decryption.
 */
final class CandidateCheck {
  private static final int CHUNK = 64 * 1024;

  private CandidateCheck() {}

  /** The chosen candidate and its content key, which {@link #close} zeroes. */
  record Verified(RecipientSelection.Attempt attempt, byte[] cek) implements AutoCloseable {
    @Override
    public void close() {
      Arrays.fill(cek, (byte) 0);
    }
  }

  /**
   * @param length the encrypted content's length in bytes
   * @param aad the additional authenticated data (AuthEnvelopedData's authAttrs), or empty
   * @param tag the mac of AuthEnvelopedData, else null
   * @throws DecryptionFailedException when no candidate opens the content
   * @throws IOException when the spool cannot be read
   */
  static Verified firstThatOpens(
      List<RecipientSelection.Attempt> attempts,
      ContentSpec spec,
      int cekLength,
      Spool spool,
      long length,
      byte[] aad,
      byte[] tag)
      throws EnvelopeException, IOException {
    byte[] buf = new byte[CHUNK];
    byte[] sink = new byte[CHUNK + 32];
    try {
      for (RecipientSelection.Attempt a : attempts) {
        byte[] cek = null;
        boolean chosen = false;
        try (InputStream s = spool.open()) {
          // one private-key operation per candidate: the key serves the check and the caller
          cek = a.unwrap(cekLength);
          ContentStreams.Decryptor d = ContentStreams.decryptor(spec, cek, length, aad);
          for (int n; (n = s.read(buf)) > 0; ) {
            d.update(buf, 0, n, sink, 0);
          }
          d.finish(tag, aad);
          chosen = true;
          return new Verified(a, cek);
        } catch (DecryptionFailedException e) {
          // the next candidate; the outcome never depends on why this one failed
        } finally {
          if (cek != null && !chosen) {
            Arrays.fill(cek, (byte) 0);
          }
        }
      }
    } finally {
      Arrays.fill(sink, (byte) 0);
    }
    throw new DecryptionFailedException();
  }
}
