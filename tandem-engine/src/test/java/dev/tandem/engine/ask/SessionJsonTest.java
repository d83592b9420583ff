package dev.tandem.engine.ask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionJsonTest {

  @Test
  void a_session_survives_json_with_open_ranges_and_chinese_text() {
    Session s = new Session(Goal.SIMILAR_TO, "轻松的科幻小说", List.of("科幻", "cosy"), List.of("恐怖"),
        List.of(new Range("pages", Double.NEGATIVE_INFINITY, 300), new Range("year", 1990.5, Double.POSITIVE_INFINITY),
            new Range("rating", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), new Range("price", -0.25, 1e300)),
        List.of("b2", "b1"), List.of("b7"), List.of("b3", "书"), List.of("horror"));
    String json = SessionJson.encode(s);
    assertThat(json).contains("\"min\":null,\"max\":300.0").contains("轻松的科幻小说").doesNotContain("Infinity");
    Session back = SessionJson.decode(json);
    assertThat(back).isEqualTo(s);
    assertThat(back.ranges().get(0).min()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(back.ranges().get(1).max()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void a_new_session_has_no_goal_and_round_trips() {
    assertThat(SessionJson.encode(Session.NEW)).isEqualTo("{\"v\":1,\"goal\":null,\"query\":\"\",\"include\":[],"
        + "\"exclude\":[],\"ranges\":[],\"shown\":[],\"liked\":[],\"unwanted\":[],\"prefer\":[]}");
    // a state written before "prefer" existed reads as none
    assertThat(SessionJson.decode("{\"v\":1,\"goal\":\"recommend\",\"include\":[\"x\"]}").prefer()).isEmpty();
    assertThat(SessionJson.decode(SessionJson.encode(Session.NEW))).isEqualTo(Session.NEW);
  }

  @Test
  void corrupt_state_is_rejected_naming_the_field() {
    assertThatThrownBy(() -> SessionJson.decode("{\"v\":2}")).hasMessage("session state v (2) must be 1");
    assertThatThrownBy(() -> SessionJson.decode("[1]")).hasMessage("session state ([1]) must be a JSON object");
    assertThatThrownBy(() -> SessionJson.decode("{\"v\":1,\"liked\":[1]}"))
        .hasMessage("session state liked holds 1; expected strings");
    assertThatThrownBy(() -> SessionJson.decode("{\"v\":1,\"ranges\":[{\"attribute\":\"p\",\"min\":\"x\"}]}"))
        .hasMessage("session state ranges[].min (\"x\") must be a number or null");
  }
}
