package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.engine.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coverage-guided fuzzing of what the server reads from a request before any engine work: JSON
 * bodies through {@link JsonBody} into items, users, feedback events and the object bodies'
 * fields, and query parameters through {@link QueryParams}. The only failure allowed is an
 * {@link ApiException} (a 4xx) whose message stays short (values are quoted to ~200 characters);
 * whatever is accepted satisfies the records' rules. {@code ./mvnw verify} replays the committed
 * inputs in {@code RequestInputFuzzTestInputs/}; {@code scripts/fuzz.sh --only RequestInputFuzzTest}
 * fuzzes.
 */
class RequestInputFuzzTest {
  private static final JsonBody JSON = new JsonBody(64 * 1024, 64L * 50 + 4096, 50);
  private static final int MAX_MESSAGE = 1_500;

  private static void refused(ApiException e) {
    assertThat(e.status()).isBetween(400, 499);
    assertThat(e.getMessage()).isNotNull().hasSizeLessThan(MAX_MESSAGE);
  }

  @FuzzTest(maxDuration = "20s")
  void json_bodies(FuzzedDataProvider data) {
    int route = data.consumeInt(0, 3);
    byte[] body = data.consumeRemainingAsBytes();
    try {
      switch (route) {
        case 0 -> {
          List<Item> items = ItemRoutes.read(JSON, body);
          assertThat(items).hasSizeLessThanOrEqualTo(50).allSatisfy(it -> assertThat(it.id()).isNotEmpty());
        }
        case 1 -> {
          List<User> users = UserRoutes.read(JSON, body);
          assertThat(users).hasSizeLessThanOrEqualTo(50);
        }
        case 2 -> {
          List<Feedback> accepted = new ArrayList<>();
          List<Map<String, Object>> rejected = new ArrayList<>();
          FeedbackRoutes.read(JSON, body, FeedbackWeights.DEFAULT, 1_700_000_000L, accepted, rejected);
          assertThat(accepted.size() + rejected.size()).isLessThanOrEqualTo(50);
          assertThat(accepted).allSatisfy(f -> assertThat(Double.isFinite(f.value())).isTrue());
          for (Map<String, Object> r : rejected) {
            assertThat(r.get("error").toString()).hasSizeLessThan(MAX_MESSAGE);
          }
        }
        default -> {
          JsonNode n = JSON.value(body);
          JsonFields.requireObject(n, "");
          JsonFields.onlyKnown(n, "", Set.of("history", "profile", "n", "model", "query", "user", "session"));
          JsonFields.optionalText(n, "query", "", "");
          JsonFields.optionalText(n, "profile", "", "");
          JsonFields.optionalNumber(n, "n", "", 10);
          JsonNode hist = n.get("history");
          if (hist != null && hist.isArray()) {
            for (int i = 0; i < hist.size(); i++) {
              JsonFields.requireObject(hist.get(i), "history[" + i + "]");
              JsonFields.event(hist.get(i), "history[" + i + "].", "anonymous", FeedbackWeights.DEFAULT, 0);
            }
          }
        }
      }
    } catch (ApiException e) {
      refused(e);
    } catch (IllegalArgumentException e) {
      // a record's own rule (e.g. an anonymous history event's value): must name what is wrong, briefly
      assertThat(e.getMessage()).isNotNull().hasSizeLessThan(MAX_MESSAGE);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void query_parameters(FuzzedDataProvider data) {
    int min = data.consumeInt(-5, 5);
    int max = min + data.consumeInt(0, 2000);
    String raw = data.consumeBoolean() ? null : data.consumeString(300);
    try {
      int x = QueryParams.integer("n", raw, min, min, max);
      assertThat(x).isBetween(min, max);
    } catch (ApiException e) {
      refused(e);
    }
    try {
      QueryParams.bool("explain", raw);
    } catch (ApiException e) {
      refused(e);
    }
    try {
      assertThat(QueryParams.lang(raw)).isNotNull();
    } catch (ApiException e) {
      refused(e);
    }
    try {
      assertThat(QueryParams.model(raw, Set.of("pop", "ease"))).isIn("", "pop", "ease");
    } catch (ApiException e) {
      refused(e);
    }
    try { // GET /predict's model: a rating model of the snapshot
      assertThat(QueryParams.model(raw, Set.of("biasedmf", "svdpp"))).isIn("", "biasedmf", "svdpp");
    } catch (ApiException e) {
      refused(e);
    }
    try {
      assertThat(QueryParams.category(raw)).hasSizeLessThanOrEqualTo(QueryParams.MAX_NAME_CHARS);
    } catch (ApiException e) {
      refused(e);
    }
  }
}
