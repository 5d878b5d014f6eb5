package org.chargebay.events.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Brings one event type's payload from one schema version to the next, on read (after Axon's
 * upcasters). Stored payloads are never rewritten: the journal keeps what was written, and every
 * read applies the chain of upcasters from the stored version up to the type's current version.
 *
 * <p>An upcaster works on the JSON tree, not on records, because the record of the old shape no
 * longer exists. It must be pure and deterministic: the same input tree always yields the same
 * output, with no clock or I/O. It may modify and return its argument.
 */
public interface Upcaster {

  /** The event type name this upcaster applies to, e.g. {@code ChargeStopped}. */
  String type();

  /** The schema version it reads; it produces {@code fromVersion() + 1}. At least 1. */
  int fromVersion();

  /**
   * Transforms a payload of {@link #type()} at {@link #fromVersion()} into the shape of {@code
   * fromVersion() + 1}.
   *
   * @param payload the payload object (may be modified in place)
   * @return the payload in the next version's shape
   */
  ObjectNode upcast(ObjectNode payload);

  /**
   * An upcaster from a function.
   *
   * @param type the event type name
   * @param fromVersion the version read, {@code >= 1}
   * @param transform the tree transform to {@code fromVersion + 1}
   */
  static Upcaster of(String type, int fromVersion, UnaryOperator<ObjectNode> transform) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(transform, "transform");
    if (fromVersion < EventTypes.INITIAL_VERSION) {
      throw new IllegalArgumentException("fromVersion must be >= 1, was " + fromVersion);
    }
    return new Upcaster() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public int fromVersion() {
        return fromVersion;
      }

      @Override
      public ObjectNode upcast(ObjectNode payload) {
        return transform.apply(payload);
      }

      @Override
      public String toString() {
        return "Upcaster[" + type + " v" + fromVersion + " -> v" + (fromVersion + 1) + "]";
      }
    };
  }
}
