package dev.tandem.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProfileTest {
  @Test
  void a_history_carries_a_profile_without_changing_its_items() {
    History plain = History.of(3, 5);
    assertThat(plain.profile()).isSameAs(Profile.NONE);
    Profile p = new Profile("  I like space opera ", new float[] {1, 2});
    History with = plain.withProfile(p);
    assertThat(with.items()).containsExactly(3, 5);
    assertThat(with.profile().text()).isEqualTo("I like space opera");
    assertThat(with).isNotEqualTo(plain).isEqualTo(History.of(3, 5).withProfile(new Profile("I like space opera",
        new float[] {1, 2})));
    assertThat(with.hashCode()).isEqualTo(History.of(3, 5).withProfile(p).hashCode());
    assertThat(History.of(p).size()).isZero();
    assertThat(with.toString()).contains("I like space opera");
  }

  @Test
  void profiles_are_immutable_and_validated() {
    float[] v = {1, 2};
    Profile p = new Profile("x", v);
    v[0] = 9;
    assertThat(p.vector()).containsExactly(1, 2);
    p.vector()[1] = 7;
    assertThat(p.vector(1)).isEqualTo(2f);
    assertThat(Profile.ofText("hi").hasVector()).isFalse();
    assertThat(Profile.ofText("hi").hasText()).isTrue();
    assertThat(Profile.NONE.isEmpty()).isTrue();
    assertThatThrownBy(() -> new Profile("x", new float[] {Float.NaN}))
        .hasMessage("profile vector[0] (NaN) must be finite");
    assertThatThrownBy(() -> new Profile(null, new float[0])).hasMessageStartingWith("profile text must not be null");
    assertThatThrownBy(() -> History.of(1).withProfile(null)).hasMessage("profile must not be null; use Profile.NONE for none");
  }
}
