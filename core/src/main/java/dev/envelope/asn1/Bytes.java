package dev.envelope.asn1;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte sequence with value equality, for record components (a record's {@code byte[]}
 * would compare by reference and could be changed by whoever holds it).
 */
public final class Bytes {
  private static final Bytes EMPTY = new Bytes(new byte[0]);
  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code data}. */
  public static Bytes of(byte[] data) {
    return data.length == 0 ? EMPTY : new Bytes(data.clone());
  }

  public static Bytes ofHex(String hex) {
    return new Bytes(HexFormat.of().parseHex(hex));
  }

  public static Bytes empty() {
    return EMPTY;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return data.clone();
  }

  public int length() {
    return data.length;
  }

  public boolean isEmpty() {
    return data.length == 0;
  }

  public byte get(int index) {
    return data[index];
  }

  public String toHex() {
    return HexFormat.of().formatHex(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  /** Length only: contents may be secret-adjacent (encrypted keys) and are never printed. */
  @Override
  public String toString() {
    return "Bytes[" + data.length + "]";
  }
}
