package io.github.scaleblocks.core.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks whose messages name the argument and the bad value. Meant for configuration and
 * API boundaries; on hot paths only {@link #notNull} is used (it allocates nothing unless it
 * throws).
 */
public final class Checks {
  private Checks() {}

  /**
   * Returns {@code value}, or throws {@link NullPointerException} saying "{@code name} must not be
   * null".
   */
  public static <T> T notNull(@Nullable T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }

  /**
   * Throws {@link IllegalArgumentException} with {@code message} unless {@code condition} holds.
   */
  public static void argument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Returns {@code value} if it is positive, else throws naming {@code name} and the value. */
  public static int positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is positive, else throws naming {@code name} and the value. */
  public static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is zero or more, else throws naming {@code name} and the value. */
  public static long notNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative but was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is longer than zero, else throws naming {@code name} and the value
   * ({@link NullPointerException} for null).
   */
  public static Duration positive(@Nullable Duration value, String name) {
    Duration checked = notNull(value, name);
    if (checked.isNegative() || checked.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + checked);
    }
    return checked;
  }

  /**
   * Returns {@code value} if it is zero or longer, else throws naming {@code name} and the value
   * ({@link NullPointerException} for null).
   */
  public static Duration notNegative(@Nullable Duration value, String name) {
    Duration checked = notNull(value, name);
    if (checked.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative but was " + checked);
    }
    return checked;
  }

  /**
   * For builders whose settings may be set only once: throws {@link IllegalStateException} saying
   * "{@code name} was already set to {@code current}" unless {@code unset}.
   */
  public static void setOnce(boolean unset, String name, @Nullable Object current) {
    if (!unset) {
      throw new IllegalStateException(name + " was already set to " + current);
    }
  }

  /** Returns {@code value} if it is finite and positive, else throws naming it and the value. */
  public static double positiveFinite(double value, String name) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite but was " + value);
    }
    return value;
  }

  /**
   * Checks that {@code [offset, offset + length)} lies inside an array of {@code arrayLength},
   * naming the bad bound.
   */
  public static void range(int offset, int length, int arrayLength) {
    if (offset < 0 || length < 0 || offset > arrayLength - length) {
      throw new IndexOutOfBoundsException(
          "range [offset "
              + offset
              + ", length "
              + length
              + "] is outside an array of length "
              + arrayLength);
    }
  }
}
