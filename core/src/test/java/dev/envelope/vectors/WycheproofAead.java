package dev.envelope.vectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The cases of a Wycheproof AEAD file ({@code aes_gcm_test.json}, {@code aes_ccm_test.json}, {@code
 * chacha20_poly1305_test.json}: schema {@code aead_test_schema_v1.json}) as JUnit arguments: a name
 * "tcId N comment result" and the {@link Case}; one null case, which {@link Vectors#dir()} then
 * skips with its reason, where the shared vectors are absent.
 */
public final class WycheproofAead {
  private WycheproofAead() {}

  /**
   * One test.
   *
   * @param tagBytes the group's tag size in bytes
   * @param result {@code valid}, {@code invalid} or {@code acceptable}
   */
  public record Case(
      int id,
      String comment,
      byte[] key,
      byte[] iv,
      byte[] aad,
      byte[] msg,
      byte[] ct,
      byte[] tag,
      int tagBytes,
      String result) {
    public boolean valid() {
      return !result.equals("invalid");
    }
  }

  /** The cases of {@code wycheproof/testvectors_v1/FILE}. */
  public static Stream<Arguments> cases(String file) throws IOException {
    if (System.getProperty("envelope.vectors") == null) {
      return Stream.of(Arguments.of("(shared vectors absent)", null));
    }
    Map<String, Object> json =
        Json.parseObject(
            Files.readString(
                Vectors.dir().resolve("wycheproof/testvectors_v1/" + file),
                StandardCharsets.UTF_8));
    List<Arguments> out = new ArrayList<>();
    for (Map<String, Object> g : Json.objects(json, "testGroups")) {
      int tagBits = Json.integer(g, "tagSize");
      for (Map<String, Object> t : Json.objects(g, "tests")) {
        Case c =
            new Case(
                Json.integer(t, "tcId"),
                Json.string(t, "comment"),
                hex(Json.string(t, "key")),
                hex(Json.string(t, "iv")),
                hex(Json.string(t, "aad")),
                hex(Json.string(t, "msg")),
                hex(Json.string(t, "ct")),
                hex(Json.string(t, "tag")),
                tagBits / 8,
                Json.string(t, "result"));
        out.add(Arguments.of("tcId " + c.id() + " " + c.comment() + " " + c.result(), c));
      }
    }
    return out.stream();
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
