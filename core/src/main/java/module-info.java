/**
 * Envelope: CMS enveloped messages (RFC 5652 EnvelopedData, RFC 5083 AuthEnvelopedData) on the JDK
 * alone. Start at {@link dev.envelope.Envelope}.
 */
module dev.envelope {
  exports dev.envelope;
  exports dev.envelope.error;
  exports dev.envelope.x509;
  exports dev.envelope.store;
  exports dev.envelope.io;
}
