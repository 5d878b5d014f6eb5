package org.chargebay.events.codec;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Finds nulls where the event model does not allow them. The model is {@code @NullMarked}: a record
 * component (or list element) may be null only if its type is annotated {@link Nullable}. Jackson
 * happily builds records with nulls in them, so the codec checks both directions: an event with a
 * stray null is refused before it reaches the journal, and a stored payload with one is reported as
 * corrupt instead of failing later in a fold.
 */
final class NullChecks {

  private record Component(
      String name, Method accessor, boolean nullable, boolean nullableElements) {}

  private static final Map<Class<?>, List<Component>> COMPONENTS = new ConcurrentHashMap<>();

  private NullChecks() {}

  /**
   * The path of the first null in a non-nullable place of {@code value} (a record), e.g. {@code
   * evidence.supply.mode} or {@code actions[2]}; empty if there is none.
   */
  static Optional<String> firstIllegalNull(Record value) {
    return check(value, "");
  }

  /**
   * Whether {@code value} has a null in a non-nullable place: the question {@link
   * #firstIllegalNull} answers, without building paths (it runs on every decoded event).
   */
  static boolean hasIllegalNull(Record value) {
    for (Component component : components(value.getClass())) {
      Object field = read(component, value);
      if (field == null) {
        if (!component.nullable()) {
          return true;
        }
      } else if (hasIllegalNullValue(field, component.nullableElements())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasIllegalNullValue(Object value, boolean nullableElements) {
    if (value instanceof Record record) {
      return hasIllegalNull(record);
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Object element = list.get(i);
        if (element == null ? !nullableElements : hasIllegalNullValue(element, false)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Optional<String> check(Record value, String prefix) {
    for (Component component : components(value.getClass())) {
      Object field = read(component, value);
      String path = prefix + component.name();
      if (field == null) {
        if (!component.nullable()) {
          return Optional.of(path);
        }
        continue;
      }
      Optional<String> nested = checkValue(field, path, component.nullableElements());
      if (nested.isPresent()) {
        return nested;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkValue(Object value, String path, boolean nullableElements) {
    if (value instanceof Record record) {
      return check(record, path + ".");
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Object element = list.get(i);
        String elementPath = path + "[" + i + "]";
        if (element == null) {
          if (!nullableElements) {
            return Optional.of(elementPath);
          }
        } else {
          Optional<String> nested = checkValue(element, elementPath, false);
          if (nested.isPresent()) {
            return nested;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static @Nullable Object read(Component component, Record value) {
    try {
      return component.accessor().invoke(value);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot read " + component.name() + " of " + value.getClass().getName(), e);
    }
  }

  private static List<Component> components(Class<?> type) {
    return COMPONENTS.computeIfAbsent(type, NullChecks::describe);
  }

  private static List<Component> describe(Class<?> type) {
    List<Component> result = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getType().isPrimitive()) {
        continue; // never null, nothing below it; reading it would only box it
      }
      Method accessor = component.getAccessor();
      try {
        accessor.setAccessible(true); // skips the access check on every read
      } catch (RuntimeException e) {
        // not permitted here: reads still work, with the check
      }
      AnnotatedType annotated = component.getAnnotatedType();
      boolean nullableElements = false;
      if (annotated instanceof AnnotatedParameterizedType parameterized) {
        AnnotatedType[] arguments = parameterized.getAnnotatedActualTypeArguments();
        nullableElements = arguments.length == 1 && isNullable(arguments[0]);
      }
      result.add(
          new Component(component.getName(), accessor, isNullable(annotated), nullableElements));
    }
    return List.copyOf(result);
  }

  private static boolean isNullable(AnnotatedType type) {
    return type.isAnnotationPresent(Nullable.class);
  }
}
