package dev.tandem.client;

import java.util.Map;

/**
 * A stored user as {@link TandemClient#getUser} returns it: the user's fields and the size of
 * their feedback history.
 *
 * @param id the user's id
 * @param attributes attribute values (text or numbers)
 * @param profile the profile text ("" when none)
 * @param feedbackEvents how many feedback events the store holds for the user
 */
public record UserInfo(String id, Map<String, Object> attributes, String profile, long feedbackEvents) {

  /** Copies the attributes; null text becomes "". */
  public UserInfo {
    attributes = Checks.attributes(attributes);
    profile = Checks.orEmpty(profile);
  }

  /** The user part, as it could be written back. */
  public User user() {
    return new User(id, attributes, profile);
  }
}
