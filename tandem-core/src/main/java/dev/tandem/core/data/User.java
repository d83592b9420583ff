package dev.tandem.core.data;

import java.util.Map;

/**
 * A user. Immutable. Every field is bounded ({@link Limits}); the id follows the {@link Ids} policy.
 *
 * @param id external id (the {@link Ids} policy; compared exactly)
 * @param attributes named text or number attributes (age, country, ...), with the limits of
 *     {@link Item#attributes()}
 * @param profile free-text self-description ("" when none), e.g. "I like hard science fiction";
 *     at most {@value Limits#MAX_PROFILE} characters
 */
public record User(String id, Map<String, Attribute> attributes, String profile) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException naming the field, its (quoted) value and the rule or limit
   */
  public User {
    Ids.check("user id", id);
    attributes = Limits.attributes("user attributes", attributes);
    profile = Limits.text("user profile", profile, Limits.MAX_PROFILE);
  }

  public static User of(String id) {
    return new User(id, Map.of(), "");
  }
}
