package dev.tandem.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.History;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemContentBatch;
import dev.tandem.core.model.Model;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RRF scores of new items from the channels that score content, worked by hand. */
class RrfContentTest {
  /** A channel with fixed scores for trained items and for new items, whatever the history. */
  record FixedContent(String type, float[] s, float[] fresh) implements Model, ContentScorer {
    @Override
    public int numItems() {
      return s.length;
    }

    @Override
    public void score(History history, float[] out) {
      Model.checkOut(out, s.length);
      System.arraycopy(s, 0, out, 0, s.length);
    }

    @Override
    public void scoreContent(History history, ItemContentBatch items, float[] out) {
      System.arraycopy(fresh, 0, out, 0, items.size());
    }
  }

  // a (content): top 3 = 2 (0.9), 0 (0.8), 1 (0.5); b (collaborative) as in RrfTest
  static final FixedContent A = new FixedContent("a", new float[] {0.8f, 0.5f, 0.9f, 0.1f, 0f, 0.2f},
      new float[] {0.95f, 0.8f, 0.3f, 0.7f});
  // four new items; the last has no vector
  static final ItemContentBatch BATCH = new ItemContentBatch(1, new float[] {1, 1, 1, 0}, List.of("w", "x", "y", "z"));

  static Rrf rrf(Model... channels) {
    Channels ch = new Channels(List.of("a", "b"), Map.of());
    return new Rrf(new Rrf.Params(ch, 60, 3, List.of(2.0, 1.0), 1, 100), channels, null);
  }

  @Test
  void a_new_item_earns_the_content_channels_term_at_the_rank_its_score_would_have() {
    Rrf m = rrf(A, RrfTest.B);
    assertThat(m.scoresContent()).isTrue();
    float[] out = new float[4];
    m.scoreContent(History.EMPTY, BATCH, out);
    // 0.95 ranks first: 2/(60+1); 0.8 ties item 0 and ranks after it, third: 2/(60+3); 0.3 would be
    // fourth, beyond depth 3: not retrieved; no vector: not retrieved
    assertThat(out).containsExactly((float) (2.0 / 61), (float) (2.0 / 63), ContentScorer.NOT_RETRIEVED,
        ContentScorer.NOT_RETRIEVED);
    // item 2 seen: a's list is 0, 1, 5 (0.8, 0.5, 0.2): 0.95 first, 0.8 second (after item 0), 0.3 third
    m.scoreContent(History.of(2), BATCH, out);
    assertThat(out).containsExactly((float) (2.0 / 61), (float) (2.0 / 62), (float) (2.0 / 63),
        ContentScorer.NOT_RETRIEVED);
  }

  @Test
  void without_a_content_channel_nothing_is_retrieved() {
    Rrf m = rrf(RrfTest.A, RrfTest.B);
    assertThat(m.scoresContent()).isFalse();
    float[] out = new float[4];
    m.scoreContent(History.of(2), BATCH, out);
    assertThat(out).containsOnly(ContentScorer.NOT_RETRIEVED);
  }
}
