package dev.envelope.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  void compactDocument() {
    String s =
        JsonWriter.compact()
            .beginObject()
            .name("a")
            .value("x")
            .name("n")
            .value(3)
            .name("big")
            .value(new BigInteger("18446744073709551616"))
            .name("t")
            .value(true)
            .name("z")
            .nullValue()
            .name("l")
            .beginArray()
            .value(1)
            .beginObject()
            .endObject()
            .beginArray()
            .endArray()
            .endArray()
            .endObject()
            .toString();
    assertThat(s)
        .isEqualTo(
            "{\"a\":\"x\",\"n\":3,\"big\":18446744073709551616,\"t\":true,\"z\":null,"
                + "\"l\":[1,{},[]]}");
  }

  @Test
  void indentedDocument() {
    String s =
        JsonWriter.indented()
            .beginObject()
            .name("a")
            .beginArray()
            .value("x")
            .endArray()
            .name("e")
            .beginObject()
            .endObject()
            .endObject()
            .toString();
    assertThat(s).isEqualTo("{\n  \"a\": [\n    \"x\"\n  ],\n  \"e\": {}\n}");
  }

  @Test
  void escaping() {
    assertThat(JsonWriter.quote("a\"b\\c\n\r\t\b\f\u0001\u001b\u007f\u009b"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001b\\u007f\\u009b\"");
    // what a terminal or viewer acts on is escaped; other non-ASCII text stays
    assertThat(JsonWriter.quote("é\u2028\u202e\u2066\u200f\ufeff"))
        .isEqualTo("\"é\\u2028\\u202e\\u2066\\u200f\\ufeff\"");
    // a valid pair stays; lone surrogates are escaped
    assertThat(JsonWriter.quote("\ud83d\ude00")).isEqualTo("\"\ud83d\ude00\"");
    assertThat(JsonWriter.quote("x\ud83dy\ude00")).isEqualTo("\"x\\ud83dy\\ude00\"");
    // ASCII only: everything else escaped
    assertThat(JsonWriter.quote("é\ud83d\ude00~", true)).isEqualTo("\"\\u00e9\\ud83d\\ude00~\"");
  }

  @Test
  void misuseIsRefused() {
    assertThatThrownBy(() -> JsonWriter.compact().beginObject().value("x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.compact().beginArray().name("x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.compact().beginObject().name("x").endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.compact().beginObject().endArray())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.compact().beginObject().toString())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.compact().value(1).value(2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JsonWriter.compact().toString())
        .isInstanceOf(IllegalStateException.class);
  }
}
