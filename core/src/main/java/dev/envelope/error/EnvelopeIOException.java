package dev.envelope.error;

import java.io.IOException;

/**
 * An {@link EnvelopeException} carried through a stream's {@code read}, {@code write} or {@code
 * close}, which can only throw {@link IOException}. Unwrap with {@link #envelopeException()}.
 */
public final class EnvelopeIOException extends IOException {
  private static final long serialVersionUID = 1L;

  public EnvelopeIOException(EnvelopeException cause) {
    super(cause.getMessage(), cause);
  }

  /** The failure, with its kind and exit code. */
  public EnvelopeException envelopeException() {
    return (EnvelopeException) getCause();
  }
}
