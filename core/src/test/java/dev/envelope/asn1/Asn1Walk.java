package dev.envelope.asn1;

/**
 * Reads every element of an encoding through {@link DerReader}, recursing into constructed ones.
 */
public final class Asn1Walk {
  private Asn1Walk() {}

  /**
   * Consumes everything in {@code r}, descending into constructed elements.
   *
   * @return how many elements were read
   */
  public static int walk(DerReader r, int level) throws Asn1Exception {
    int count = 0;
    while (!r.isEmpty()) {
      Tag t = r.peekTag();
      String field = "level" + level;
      if (t.constructed()) {
        count += 1 + walk(r.read(t, field), level + 1);
      } else {
        r.readPrimitive(t, field);
        count++;
      }
    }
    return count;
  }
}
