package dev.tandem.core.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user. Immutable.
 *
 * @param id external id (non-empty)
 * @param attributes named text or number attributes (age, country, ...)
 * @param profile free-text self-description ("" when none), e.g. "I like hard science fiction"
 */
public record User(String id, Map<String, Attribute> attributes, String profile) {
  public User {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("user id must be non-empty");
    }
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    profile = profile == null ? "" : profile;
  }

  public static User of(String id) {
    return new User(id, Map.of(), "");
  }
}
