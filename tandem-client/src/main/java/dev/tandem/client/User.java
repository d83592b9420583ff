package dev.tandem.client;

import java.util.Map;

/**
 * A user as written with {@link TandemClient#upsertUsers}. Immutable.
 *
 * @param id the user's external id (non-blank)
 * @param attributes attribute values, each a {@link String} or a finite {@link Number}
 * @param profile free text describing the user's taste ("" when none)
 */
public record User(String id, Map<String, Object> attributes, String profile) {

  /** @throws IllegalArgumentException if the id is blank or an attribute is neither text nor a finite number */
  public User {
    id = Checks.nonBlank("id", id);
    attributes = Checks.attributes(attributes);
    profile = Checks.orEmpty(profile);
  }

  /** A user with an id only. */
  public static User of(String id) {
    return new User(id, Map.of(), "");
  }

  /** This user with a profile text. */
  public User withProfile(String profile) {
    return new User(id, attributes, profile);
  }
}
