package dev.envelope.asn1;

/**
 * An ASN.1 identifier: class, primitive/constructed and number (X.690 section 8.1.2).
 *
 * <p>Context-specific tags are made with {@link #context(int, boolean)}; an IMPLICIT tag replaces
 * the universal tag of the element (keeping its primitive/constructed bit), an EXPLICIT tag wraps
 * the whole element in a constructed context element.
 */
public record Tag(int tagClass, boolean constructed, int number) {

  public static final int UNIVERSAL = 0;
  public static final int APPLICATION = 1;
  public static final int CONTEXT = 2;
  public static final int PRIVATE = 3;

  public static final Tag BOOLEAN = universal(1, false);
  public static final Tag INTEGER = universal(2, false);
  public static final Tag BIT_STRING = universal(3, false);
  public static final Tag OCTET_STRING = universal(4, false);
  public static final Tag NULL = universal(5, false);
  public static final Tag OID = universal(6, false);
  public static final Tag UTF8_STRING = universal(12, false);
  public static final Tag SEQUENCE = universal(16, true);
  public static final Tag SET = universal(17, true);
  public static final Tag PRINTABLE_STRING = universal(19, false);
  public static final Tag IA5_STRING = universal(22, false);
  public static final Tag UTC_TIME = universal(23, false);
  public static final Tag GENERALIZED_TIME = universal(24, false);

  public Tag {
    if (tagClass < 0 || tagClass > 3) {
      throw new IllegalArgumentException("tag class " + tagClass);
    }
    if (number < 0) {
      throw new IllegalArgumentException("tag number " + number);
    }
  }

  static Tag universal(int number, boolean constructed) {
    return new Tag(UNIVERSAL, constructed, number);
  }

  /** A context-specific tag {@code [number]}. */
  public static Tag context(int number, boolean constructed) {
    return new Tag(CONTEXT, constructed, number);
  }

  /** The same tag with the constructed bit set: the form of a BER constructed string. */
  public Tag asConstructed() {
    return constructed ? this : new Tag(tagClass, true, number);
  }

  /** The same class and number as {@code other}, ignoring the constructed bit. */
  public boolean sameNumber(Tag other) {
    return tagClass == other.tagClass && number == other.number;
  }

  /** Whether this is a universal string type that BER may send in constructed form. */
  boolean isStringType() {
    return tagClass == UNIVERSAL
        && (number == 3
            || number == 4
            || (number >= 12 && number <= 30 && number != 16 && number != 17));
  }

  /** The first identifier octet for low tag numbers (below 31). */
  int leadingOctet() {
    return (tagClass << 6) | (constructed ? 0x20 : 0) | Math.min(number, 31);
  }

  // equals and hashCode written out: a record's generated ones link an invokedynamic call site on
  // first use, which cost a short CLI run about 3 ms in the interpreter (JFR)
  @Override
  public boolean equals(Object o) {
    return o instanceof Tag t
        && tagClass == t.tagClass
        && constructed == t.constructed
        && number == t.number;
  }

  @Override
  public int hashCode() {
    return (tagClass * 31 + (constructed ? 1 : 0)) * 31 + number;
  }

  @Override
  public String toString() {
    if (tagClass == UNIVERSAL) {
      String name =
          switch (number) {
            case 1 -> "BOOLEAN";
            case 2 -> "INTEGER";
            case 3 -> "BIT STRING";
            case 4 -> "OCTET STRING";
            case 5 -> "NULL";
            case 6 -> "OBJECT IDENTIFIER";
            case 12 -> "UTF8String";
            case 16 -> "SEQUENCE";
            case 17 -> "SET";
            case 19 -> "PrintableString";
            case 22 -> "IA5String";
            case 23 -> "UTCTime";
            case 24 -> "GeneralizedTime";
            default -> "UNIVERSAL " + number;
          };
      return constructed && isStringType() ? name + " (constructed)" : name;
    }
    String prefix =
        switch (tagClass) {
          case APPLICATION -> "APPLICATION ";
          case PRIVATE -> "PRIVATE ";
          default -> "";
        };
    return "[" + prefix + number + "]" + (constructed ? "" : " primitive");
  }
}
