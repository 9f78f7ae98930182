package dev.envelope.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.envelope.asn1.Asn1Exception;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DER or PEM message of the shared vector manifest decodes (S/MIME rows are skipped; the
 * armor is stripped here). Messages from other implementations: .NET, OpenSSL, CryptoSys, the RFC
 * 4134 authors, Go tooling, pyca.
 */
class VectorsTest {

  /** Messages without encryptedContent (detached); they hit the bug in CmsMalformedTest. */
  static final Set<String> DETACHED =
      Set.of(
          "dotnet-runtime/messages/Decrypt_512_NoData_FixedValue.der",
          "dotnet-runtime/messages/Decrypt_512_CekDoesNotDecrypt_FixedValue.der");

  record Row(Map<String, String> fields) {
    String get(String column) {
      return fields.getOrDefault(column, "");
    }

    @Override
    public String toString() {
      return get("file");
    }
  }

  static Path vectors() {
    String dir = System.getProperty("envelope.vectors");
    if (dir == null || !Files.isRegularFile(Path.of(dir, "manifest.csv"))) {
      return null;
    }
    return Path.of(dir);
  }

  /** RFC 4180 CSV: quoted fields may hold commas and doubled quotes. */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(field.toString());
        field.setLength(0);
        if (!(row.size() == 1 && row.getFirst().isEmpty())) {
          rows.add(row);
        }
        row = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }

  static List<Row> manifest(Path dir) throws IOException {
    List<List<String>> csv = parseCsv(Files.readString(dir.resolve("manifest.csv")));
    List<String> header = csv.getFirst();
    List<Row> rows = new ArrayList<>();
    for (List<String> r : csv.subList(1, csv.size())) {
      Map<String, String> m = new java.util.LinkedHashMap<>();
      for (int i = 0; i < header.size() && i < r.size(); i++) {
        m.put(header.get(i), r.get(i));
      }
      rows.add(new Row(m));
    }
    return rows;
  }

  /** Strips {@code -----BEGIN x-----}/{@code -----END x-----} lines and Base64-decodes the rest. */
  static byte[] unPem(byte[] file) {
    String body =
        new String(file, StandardCharsets.US_ASCII)
            .lines()
            .filter(l -> !l.startsWith("-----"))
            .collect(Collectors.joining());
    return Base64.getMimeDecoder().decode(body);
  }

  static byte[] load(Path dir, Row row) throws IOException {
    byte[] file = Files.readAllBytes(dir.resolve(row.get("file")));
    return row.get("inform").equals("PEM") ? unPem(file) : file;
  }

  static Stream<Arguments> rows(boolean detached) throws IOException {
    Path dir = vectors();
    if (dir == null) {
      return Stream.of(argumentSet("vectors absent", (Object) null));
    }
    return manifest(dir).stream()
        .filter(r -> r.get("inform").equals("DER") || r.get("inform").equals("PEM"))
        .filter(r -> DETACHED.contains(r.get("file")) == detached)
        .map(r -> argumentSet(r.get("file"), r));
  }

  static Stream<Arguments> messages() throws IOException {
    return rows(false);
  }

  static Stream<Arguments> detachedMessages() throws IOException {
    return rows(true);
  }

  private static void assumeVectors(Row row) {
    if (row == null) {
      String reason =
          "shared vectors not found (system property envelope.vectors="
              + System.getProperty("envelope.vectors")
              + "): skipping manifest tests";
      System.out.println(reason);
      assumeTrue(false, reason);
    }
  }

  @ParameterizedTest
  @MethodSource("messages")
  void decodes(Row row) throws Exception {
    assumeVectors(row);
    byte[] message = load(vectors(), row);
    String contentType = row.get("content_type");

    if (!contentType.startsWith("EnvelopedData") && !contentType.startsWith("AuthEnvelopedData")) {
      // EncryptedData (RFC 4134 7.x): not ours to open; a clean format error naming the type
      Throwable t = catchThrowable(() -> CmsCodec.decode(message, CmsLimits.DEFAULT));
      assertThat(t).isInstanceOf(Asn1Exception.class);
      assertThat(((Asn1Exception) t).field()).isEqualTo("ContentInfo.contentType");
      return;
    }
    CmsMessage m = CmsCodec.decode(message, CmsLimits.DEFAULT);

    assertThat(m instanceof AuthEnvelopedData)
        .isEqualTo(contentType.startsWith("AuthEnvelopedData"));
    assertThat(m.recipientInfos()).isNotEmpty();
    String kinds = row.get("recipient_type");
    if (kinds.contains("ktri")) {
      assertThat(m.recipientInfos()).hasAtLeastOneElementOfType(KeyTransRecipientInfo.class);
    }
    if (kinds.contains("kari")) {
      assertThat(m.recipientInfos()).hasAtLeastOneElementOfType(KeyAgreeRecipientInfo.class);
    }
    if (kinds.contains("kekri")) {
      assertThat(m.recipientInfos()).hasAtLeastOneElementOfType(KekRecipientInfo.class);
    }
    if (kinds.startsWith("2x ktri")) {
      assertThat(m.recipientInfos()).hasSize(2);
    }
    assertThat(m.encryptedContentInfo().encryptedContent()).isNotNull();
    // re-encoding as DER and decoding again gives the same message in DER order
    assertThat(CmsCodec.decode(CmsCodec.encode(m), CmsLimits.DEFAULT))
        .isEqualTo(CmsFixtures.derOrder(m));
  }

  /**
   * RFC 5083 2.1: the AAD is the DER encoding of authAttrs with the SET OF tag. OpenSSL's message
   * carries them in DER under [1]; the bytes we would authenticate must be those exact bytes with
   * the tag changed to 31 (offsets 158..182 of the message, from openssl asn1parse).
   */
  @Test
  void authAttrsAadIsTheSentEncodingWithTheSetTag() throws Exception {
    Path dir = vectors();
    assumeTrue(dir != null, "shared vectors not found");
    byte[] message = unPem(Files.readAllBytes(dir.resolve("openssl/authenveloped_attrs.pem")));
    EnvelopeReader r = EnvelopeReader.open(new ByteArrayInputStream(message), CmsLimits.DEFAULT);
    r.encryptedContent().readAllBytes();
    EnvelopeReader.Trailer t = r.finish();

    byte[] sent = Arrays.copyOfRange(message, 158, 182);
    assertThat(sent[0]).isEqualTo((byte) 0xa1);
    sent[0] = 0x31;
    assertThat(t.authAttrsDer()).isEqualTo(sent);
    assertThat(t.unauthAttrs()).hasSize(1);
    assertThat(t.mac().toHex()).isEqualTo("d786ab821701dd4e8aff21325fa51d93");
  }

  @ParameterizedTest
  @MethodSource("detachedMessages")
  void detachedMessagesDecode(Row row) throws Exception {
    assumeVectors(row);
    CmsMessage m = CmsCodec.decode(load(vectors(), row), CmsLimits.DEFAULT);
    assertThat(m.encryptedContentInfo().encryptedContent()).isNull();
  }
}
