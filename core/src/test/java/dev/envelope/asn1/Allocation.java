package dev.envelope.asn1;

import java.lang.reflect.Method;

/**
 * Bytes allocated by the current thread, from HotSpot's {@code com.sun.management.ThreadMXBean}.
 * Reached by reflection: tests compile inside the {@code dev.envelope} module, which does not read
 * {@code java.management}; they run on the class path, where it is visible.
 */
public final class Allocation {
  private Allocation() {}

  public static long currentThreadBytes() {
    try {
      Object bean =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      Method m =
          Class.forName("com.sun.management.ThreadMXBean")
              .getMethod("getCurrentThreadAllocatedBytes");
      return (long) m.invoke(bean);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no allocation counter in this JVM", e);
    }
  }
}
