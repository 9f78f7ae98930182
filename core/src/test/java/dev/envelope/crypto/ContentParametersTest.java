package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.envelope.asn1.Bytes;
import dev.envelope.asn1.DerWriter;
import dev.envelope.asn1.Oid;
import dev.envelope.cms.AlgorithmIdentifier;
import dev.envelope.error.MalformedMessageException;
import dev.envelope.error.UnsupportedAlgorithmException;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md #7 (MF-param-validation) and #29 (ST-alg-substitution) at the one place content
 * parameters are read, {@link ContentSpec#parse}: IVs and nonces of the wrong size, short or
 * undefined GCM tags, parameters absent where required, stream modes and unknown OIDs are format or
 * unsupported errors (never a JCA exception), before any key is used; AEAD ciphers only in
 * AuthEnvelopedData and CBC only in EnvelopedData. Whole-message twins are in {@code
 * SealerOpenerTest} (gcmInEnvelopedDataIsRejected, cbcInAuthEnvelopedDataIsRejected).
 */
class ContentParametersTest {

  private static AlgorithmIdentifier octets(Algorithm a, int n) {
    return new AlgorithmIdentifier(
        a.oid(), Bytes.of(DerWriter.encode(w -> w.addOctetString(new byte[n]))));
  }

  private static AlgorithmIdentifier gcm(Algorithm a, int nonce, Integer icvLen) {
    return new AlgorithmIdentifier(
        a.oid(),
        Bytes.of(
            DerWriter.encode(
                w ->
                    w.addSequence(
                        s -> {
                          s.addOctetString(new byte[nonce]);
                          if (icvLen != null) {
                            s.addInteger(icvLen);
                          }
                        }))));
  }

  private static Throwable parse(AlgorithmIdentifier id, boolean authEnveloped) {
    return catchThrowable(() -> ContentSpec.parse(id, authEnveloped));
  }

  @Test
  void contentParametersAreCheckedBeforeUse_7() {
    for (int n : new int[] {0, 15, 17, 4096}) {
      assertThat(parse(octets(Algorithm.AES_256_CBC, n), false))
          .as("AES-CBC IV of %d bytes", n)
          .isExactlyInstanceOf(MalformedMessageException.class)
          .hasMessageContaining("IV");
    }
    assertThat(parse(octets(Algorithm.AES_256_CBC, 16), false)).isNull();
    for (int n : new int[] {0, 8, 16, 1024}) {
      assertThat(parse(gcm(Algorithm.AES_256_GCM, n, 16), true))
          .as("GCM nonce of %d bytes", n)
          .isExactlyInstanceOf(MalformedMessageException.class)
          .hasMessageContaining("nonce length " + n);
    }
    assertThat(parse(gcm(Algorithm.AES_256_GCM, 12, null), true)).as("ICVlen DEFAULT 12").isNull();
    // parameters absent where required, NULL where an IV must be
    assertThat(parse(AlgorithmIdentifier.absent(Algorithm.AES_128_CBC.oid()), false))
        .isExactlyInstanceOf(MalformedMessageException.class);
    assertThat(parse(AlgorithmIdentifier.withNull(Algorithm.AES_128_CBC.oid()), false))
        .isExactlyInstanceOf(MalformedMessageException.class);
    assertThat(parse(AlgorithmIdentifier.absent(Algorithm.AES_128_GCM.oid()), true))
        .isExactlyInstanceOf(MalformedMessageException.class);
    // an unknown OID, and AES-OFB/CFB (2.16.840.1.101.3.4.1.3/.4), which the table does not map
    for (String oid :
        new String[] {"1.2.3.4.5", "2.16.840.1.101.3.4.1.3", "2.16.840.1.101.3.4.1.4"}) {
      assertThat(
              parse(
                  new AlgorithmIdentifier(Oid.of(oid), Bytes.ofHex("0410" + "00".repeat(16))),
                  false))
          .as(oid)
          .isExactlyInstanceOf(UnsupportedAlgorithmException.class)
          .hasMessageContaining("unsupported content-encryption algorithm");
    }
  }

  @Test
  void noShortTagsAndNoCipherOfTheWrongKind_29() {
    for (int icv : new int[] {4, 8, 11, 17}) {
      assertThat(parse(gcm(Algorithm.AES_128_GCM, 12, icv), true))
          .as("aes-ICVlen %d", icv)
          .isExactlyInstanceOf(MalformedMessageException.class)
          .hasMessageContaining("GCM tag length " + icv + " not allowed");
    }
    for (int icv : new int[] {12, 13, 16}) {
      assertThat(parse(gcm(Algorithm.AES_128_GCM, 12, icv), true)).as("ICVlen %d", icv).isNull();
    }
    assertThat(parse(gcm(Algorithm.AES_256_GCM, 12, 16), false))
        .as("GCM in EnvelopedData")
        .isExactlyInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("EnvelopedData cannot use");
    assertThat(parse(octets(Algorithm.CHACHA20_POLY1305, 12), false))
        .as("ChaCha20-Poly1305 in EnvelopedData")
        .isExactlyInstanceOf(MalformedMessageException.class);
    assertThat(parse(octets(Algorithm.AES_256_CBC, 16), true))
        .as("CBC in AuthEnvelopedData")
        .isExactlyInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("needs an authenticated cipher");
  }
}
