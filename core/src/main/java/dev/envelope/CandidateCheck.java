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
 * Which of the candidate (entry, key) pairs holds the real content key: one whose key decrypts all
 * of the kept-aside content and passes its check (the tag for AEAD, the padding for CBC).
 * Decryption and re-addressing both choose through here, so they agree on which key opens a
 * message. The plaintext is discarded as it is made.
 *
 * <p>A tag cannot pass by chance, so for AEAD the first that opens wins. A padding check can: a
 * wrong RSA key yields a substitute content key (implicit rejection), and a wrong content key
 * passes CBC's padding check about once in 256 tries (RC4 has no check at all). So for the
 * unauthenticated ciphers a trial candidate (one whose entry does not name its key) is taken only
 * when no other trial candidate opens too; two that open are the one decryption failure, never a
 * guess that could hand out garbage as the content. A candidate whose entry names its key is taken
 * when it opens.
 */
final class CandidateCheck {
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
    boolean chanceCanPass = !spec.algorithm().isAead();
    byte[] sink = new byte[ContentPieces.PIECE + 32];
    Verified found = null;
    boolean done = false;
    try {
      for (RecipientSelection.Attempt a : attempts) {
        if (found != null && (!chanceCanPass || found.attempt().matched())) {
          break;
        }
        byte[] cek = opens(a, spec, cekLength, spool, length, aad, tag, sink);
        if (cek == null) {
          continue; // the outcome never depends on why this one failed
        }
        if (found != null) {
          // two trial keys open unauthenticated content: at least one is wrong
          Arrays.fill(cek, (byte) 0);
          throw new DecryptionFailedException();
        }
        found = new Verified(a, cek);
      }
      if (found == null) {
        throw new DecryptionFailedException();
      }
      done = true;
      return found;
    } finally {
      Arrays.fill(sink, (byte) 0);
      if (!done && found != null) {
        found.close();
      }
    }
  }

  /** The candidate's content key when it decrypts all of the content and passes the check. */
  private static byte[] opens(
      RecipientSelection.Attempt a,
      ContentSpec spec,
      int cekLength,
      Spool spool,
      long length,
      byte[] aad,
      byte[] tag,
      byte[] sink)
      throws EnvelopeException, IOException {
    byte[] cek = null;
    boolean opened = false;
    try (InputStream s = spool.open()) {
      // one private-key operation per candidate: the key serves the check and the caller
      cek = a.unwrap(cekLength);
      ContentStreams.Decryptor d = ContentStreams.decryptor(spec, cek, length, aad);
      try (ContentPieces pieces = new ContentPieces(s, d)) {
        while (pieces.decryptNext(sink, 0, ContentPieces.PIECE) >= 0) {
          // only the check at the end counts
        }
      }
      d.finish(tag, aad);
      opened = true;
      return cek;
    } catch (DecryptionFailedException e) {
      return null;
    } finally {
      if (cek != null && !opened) {
        Arrays.fill(cek, (byte) 0);
      }
    }
  }
}
