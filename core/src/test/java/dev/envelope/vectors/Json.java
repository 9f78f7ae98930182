package dev.envelope.vectors;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading the Wycheproof JSON files with Jackson (test scope): objects become {@code Map<String,
 * Object>} (insertion ordered), arrays {@code List<Object>}, strings {@code String}, numbers {@code
 * Integer}, {@code Long}, {@code BigInteger} or {@code Double}. The accessors say what a field is,
 * so the tests read as the files do.
 */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  public static Object parse(String text) {
    return MAPPER.readValue(text, Object.class);
  }

  /** The object at the top of {@code text}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    return (Map<String, Object>) parse(text);
  }

  /** {@code o.get(key)} as an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Map<String, Object> o, String key) {
    return (Map<String, Object>) o.get(key);
  }

  /** {@code o.get(key)} as an array of objects. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> objects(Map<String, Object> o, String key) {
    return (List<Map<String, Object>>) o.get(key);
  }

  /** {@code o.get(key)} as a string; null when absent. */
  public static String string(Map<String, Object> o, String key) {
    return (String) o.get(key);
  }

  /** {@code o.get(key)} as an int. */
  public static int integer(Map<String, Object> o, String key) {
    Number n = (Number) o.get(key);
    return Math.toIntExact(n.longValue());
  }

  /** {@code o.get(key)} as a list of strings. */
  @SuppressWarnings("unchecked")
  public static List<String> strings(Map<String, Object> o, String key) {
    Object v = o.get(key);
    return v == null ? List.of() : (List<String>) v;
  }
}
