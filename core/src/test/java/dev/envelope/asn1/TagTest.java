package dev.envelope.asn1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Tag}: construction rules and the names used in error messages. */
class TagTest {

  @Test
  void rejectsBadClassAndNumber() {
    assertThatThrownBy(() -> new Tag(4, false, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tag(-1, false, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tag(0, false, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void asConstructedAndSameNumber() {
    Tag c = Tag.OCTET_STRING.asConstructed();
    assertThat(c).isEqualTo(new Tag(Tag.UNIVERSAL, true, 4));
    assertThat(c.sameNumber(Tag.OCTET_STRING)).isTrue();
    assertThat(c).isNotEqualTo(Tag.OCTET_STRING);
    assertThat(Tag.SEQUENCE.asConstructed()).isSameAs(Tag.SEQUENCE);
    assertThat(Tag.context(4, true).sameNumber(Tag.OCTET_STRING)).isFalse();
  }

  static Stream<Arguments> names() {
    return Stream.of(
        argumentSet("INTEGER", Tag.INTEGER, "INTEGER"),
        argumentSet("OCTET STRING", Tag.OCTET_STRING, "OCTET STRING"),
        argumentSet(
            "constructed OCTET STRING",
            Tag.OCTET_STRING.asConstructed(),
            "OCTET STRING (constructed)"),
        argumentSet("[0] constructed", Tag.context(0, true), "[0]"),
        argumentSet("[0] primitive", Tag.context(0, false), "[0] primitive"),
        argumentSet(
            "[APPLICATION 3] primitive",
            new Tag(Tag.APPLICATION, false, 3),
            "[APPLICATION 3] primitive"),
        argumentSet("[PRIVATE 1]", new Tag(Tag.PRIVATE, true, 1), "[PRIVATE 1]"),
        argumentSet("UNIVERSAL 0", new Tag(Tag.UNIVERSAL, false, 0), "UNIVERSAL 0"));
  }

  @ParameterizedTest
  @MethodSource("names")
  void names(Tag tag, String name) {
    assertThat(tag).hasToString(name);
  }

  /**
   * isStringType() counts every universal number from 12 to 30 as a string type, SEQUENCE (16) and
   * SET (17) included, so error messages read "expected SEQUENCE (constructed), found SET
   * (constructed)" for perfectly ordinary tags.
   */
  @Test
  void sequenceAndSetAreNotStringTypes() {
    assertThat(Tag.SEQUENCE).hasToString("SEQUENCE");
    assertThat(Tag.SET).hasToString("SET");
    assertThat(Tag.SEQUENCE.isStringType()).isFalse();
  }

  /** equals and hashCode are written out (not the record's): every component must count. */
  @Test
  void equalsAndHashCodeUseAllThreeComponents() {
    for (int tagClass = 0; tagClass < 4; tagClass++) {
      for (boolean constructed : new boolean[] {false, true}) {
        for (int number : new int[] {0, 1, 16, 31, 1000}) {
          Tag t = new Tag(tagClass, constructed, number);
          Tag same = new Tag(tagClass, constructed, number);
          assertThat(t).isEqualTo(same).hasSameHashCodeAs(same);
          assertThat(t).isNotEqualTo(new Tag((tagClass + 1) % 4, constructed, number));
          assertThat(t).isNotEqualTo(new Tag(tagClass, !constructed, number));
          assertThat(t).isNotEqualTo(new Tag(tagClass, constructed, number + 1));
          assertThat(t).isNotEqualTo(null).isNotEqualTo("SEQUENCE");
        }
      }
    }
  }
}
