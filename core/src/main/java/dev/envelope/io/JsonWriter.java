package dev.envelope.io;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small JSON (RFC 8259) writer for the tool's machine-readable output: objects, arrays, strings,
 * integers, booleans and null, written in order into a string, compact or indented by two spaces.
 * Misuse (a value where a member name is due, an unclosed object) throws {@link
 * IllegalStateException}, so a caller cannot produce a malformed document.
 *
 * <p>Strings are escaped per RFC 8259 section 7, and further so that no character a terminal or
 * text viewer acts on passes through raw: the C0 and C1 controls, DEL, U+2028/U+2029, the bidi
 * formatting characters (U+200E/F, U+202A..U+202E, U+2066..U+2069), U+FEFF and unpaired surrogates
 * become {@code \}{@code uXXXX}. With {@link #asciiOnly}, every character outside printable ASCII
 * is escaped, so the document is the same bytes in any output encoding.
 *
 * <p>Not thread-safe; one writer makes one document.
 */
public final class JsonWriter {
  private enum Scope {
    OBJECT_NAME,
    OBJECT_VALUE,
    ARRAY
  }

  private final StringBuilder out = new StringBuilder();
  private final Deque<Scope> scopes = new ArrayDeque<>();
  private final Deque<Boolean> empty = new ArrayDeque<>();
  private final boolean indent;
  private final boolean ascii;
  private boolean done;

  private JsonWriter(boolean indent, boolean ascii) {
    this.indent = indent;
    this.ascii = ascii;
  }

  /** One line, no spaces. */
  public static JsonWriter compact() {
    return new JsonWriter(false, false);
  }

  /** One member or element per line, indented by two spaces per level. */
  public static JsonWriter indented() {
    return new JsonWriter(true, false);
  }

  /** As {@link #indented}, every character outside printable ASCII escaped. */
  public static JsonWriter asciiOnly() {
    return new JsonWriter(true, true);
  }

  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    scopes.push(Scope.OBJECT_NAME);
    empty.push(true);
    return this;
  }

  public JsonWriter endObject() {
    if (scopes.peek() != Scope.OBJECT_NAME) {
      throw new IllegalStateException("no object to end here");
    }
    return close('}');
  }

  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    scopes.push(Scope.ARRAY);
    empty.push(true);
    return this;
  }

  public JsonWriter endArray() {
    if (scopes.peek() != Scope.ARRAY) {
      throw new IllegalStateException("no array to end here");
    }
    return close(']');
  }

  /** The next member's name; a value must follow. */
  public JsonWriter name(String name) {
    if (scopes.peek() != Scope.OBJECT_NAME) {
      throw new IllegalStateException("a member name outside an object: " + name);
    }
    separate();
    out.append(quote(name, ascii)).append(indent ? ": " : ":");
    scopes.pop();
    scopes.push(Scope.OBJECT_VALUE);
    return this;
  }

  /** A string, or null. */
  public JsonWriter value(String s) {
    if (s == null) {
      return nullValue();
    }
    beforeValue();
    out.append(quote(s, ascii));
    return this;
  }

  public JsonWriter value(long n) {
    beforeValue();
    out.append(n);
    return this;
  }

  /** An integer of any size, or null. */
  public JsonWriter value(BigInteger n) {
    if (n == null) {
      return nullValue();
    }
    beforeValue();
    out.append(n);
    return this;
  }

  public JsonWriter value(boolean b) {
    beforeValue();
    out.append(b);
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /** The document; every object and array must be closed. */
  @Override
  public String toString() {
    if (!scopes.isEmpty() || !done) {
      throw new IllegalStateException("the JSON document is not complete");
    }
    return out.toString();
  }

  private void beforeValue() {
    Scope s = scopes.peek();
    if (s == null) {
      if (done) {
        throw new IllegalStateException("a JSON document has one top-level value");
      }
      done = true;
      return;
    }
    switch (s) {
      case OBJECT_NAME -> throw new IllegalStateException("a value where a member name is due");
      case OBJECT_VALUE -> {
        scopes.pop();
        scopes.push(Scope.OBJECT_NAME);
      }
      case ARRAY -> separate();
    }
  }

  /** The comma and line break before a member or element. */
  private void separate() {
    if (!empty.peek()) {
      out.append(',');
    }
    empty.pop();
    empty.push(false);
    newline(scopes.size());
  }

  private JsonWriter close(char c) {
    scopes.pop();
    boolean wasEmpty = empty.pop();
    if (!wasEmpty) {
      newline(scopes.size());
    }
    out.append(c);
    return this;
  }

  private void newline(int depth) {
    if (indent) {
      out.append('\n').append("  ".repeat(depth));
    }
  }

  /** A JSON string (RFC 8259 section 7) with the escapes described in the class comment. */
  public static String quote(String s) {
    return quote(s, false);
  }

  /** As {@link #quote(String)}; with {@code ascii}, everything outside printable ASCII escaped. */
  public static String quote(String s, boolean ascii) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (mustEscape(s, i, ascii)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static boolean mustEscape(String s, int i, boolean ascii) {
    char c = s.charAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return true;
    }
    if (ascii) {
      return c > 0x7e;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return c == 0x2028
        || c == 0x2029
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0xfeff;
  }
}
