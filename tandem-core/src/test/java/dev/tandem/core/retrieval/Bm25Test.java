package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.data.Profile;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Bm25Test {
  @TempDir Path dir;

  /** d0 = rocket launch rocket (3 terms), d1 = rocket garden (2), d2 = garden flower garden soil (4); avgdl 3. */
  static final String[] CORPUS = {"rocket launch rocket", "rocket garden", "garden flower garden soil"};

  static Interactions data(String... texts) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      ids.add(String.format("d%02d", i));
    }
    InteractionsBuilder b = Interactions.builder(IdIndex.of(ids));
    b.add("u", 0, 1f, 0L);
    return b.build().withItemTexts(new ItemTexts(IdIndex.of(ids), texts));
  }

  static Bm25 fit(Bm25.Params p, String... texts) {
    return new Bm25.Trainer(p).fit(data(texts));
  }

  static Bm25.Params params(int terms, int minDocFreq, boolean boost, TextAnalysis a) {
    return new Bm25.Params(1.2, 0.75, terms, minDocFreq, boost, a);
  }

  static float[] scores(Bm25 m, History h) {
    float[] out = new float[m.numItems()];
    m.score(h, out);
    return out;
  }

  // hand-worked: idf(n of 3) = ln(1 + (3 - n + 0.5) / (n + 0.5)); norm(len) = 1.2 * (0.25 + 0.75 * len / 3)
  static final double IDF_2 = Math.log(1 + 1.5 / 2.5); // rocket, garden
  static final double IDF_1 = Math.log(1 + 2.5 / 1.5); // launch, flower, soil
  static final double ROCKET_D0 = IDF_2 * 2 / (2 + 1.2 * (0.25 + 0.75 * 3 / 3)); // tf 2, norm 1.2
  static final double LAUNCH_D0 = IDF_1 * 1 / (1 + 1.2); // tf 1, norm 1.2
  static final double ROCKET_D1 = IDF_2 * 1 / (1 + 1.2 * (0.25 + 0.75 * 2 / 3)); // norm 0.9
  static final double GARDEN_D1 = ROCKET_D1;
  static final double GARDEN_D2 = IDF_2 * 2 / (2 + 1.2 * (0.25 + 0.75 * 4 / 3)); // norm 1.5
  static final double FLOWER_D2 = IDF_1 * 1 / (1 + 1.5);

  @Test
  void term_weights_are_bm25_worked_by_hand() {
    Bm25 m = fit(params(32, 1, true, TextAnalysis.STANDARD), CORPUS);
    assertThat(m.documents()).isEqualTo(3);
    assertThat(m.averageLength()).isEqualTo(3f);
    assertThat(m.vocabularySize()).isEqualTo(5);
    assertThat(ROCKET_D0).isCloseTo(0.2937525, within(1e-6)); // ln 1.6 * 2 / 3.2
    assertThat(m.weight("rocket", 0)).isCloseTo((float) ROCKET_D0, within(1e-6f));
    assertThat(m.weight("launch", 0)).isCloseTo((float) LAUNCH_D0, within(1e-6f));
    assertThat(m.weight("rocket", 1)).isCloseTo((float) ROCKET_D1, within(1e-6f));
    assertThat(m.weight("garden", 2)).isCloseTo((float) GARDEN_D2, within(1e-6f));
    assertThat(m.weight("flower", 2)).isCloseTo((float) FLOWER_D2, within(1e-6f));
    assertThat(m.weight("rocket", 2)).isZero();
    assertThat(m.weight("nebula", 0)).isZero();
  }

  @Test
  void query_from_a_history_takes_the_best_terms_by_weighted_bm25() {
    Bm25 one = fit(params(32, 1, true, TextAnalysis.STANDARD), CORPUS);
    // d0 alone: launch (0.4458) beats rocket (0.2938); boosts relative to the best
    Bm25.Query q = one.query(History.of(0));
    assertThat(q.terms()).containsExactly("launch", "rocket");
    assertThat(q.boosts()).containsExactly(new float[] {1f, (float) (ROCKET_D0 / LAUNCH_D0)}, within(1e-6f));
    // scores: d0 = launch + boost * rocket; d1 = boost * rocket; d2 shares nothing
    float[] s = scores(one, History.of(0));
    double boost = ROCKET_D0 / LAUNCH_D0;
    assertThat(s[0]).isCloseTo((float) (LAUNCH_D0 + boost * ROCKET_D0), within(1e-6f));
    assertThat(s[1]).isCloseTo((float) (boost * ROCKET_D1), within(1e-6f));
    assertThat(s[2]).isZero();

    // weights 1 (d0) and 3 (d2): s = (1 * w(t, d0) + 3 * w(t, d2)) / 4; min_doc_freq 2 drops launch, flower, soil
    History h = new History(new int[] {0, 2}, new float[] {1, 3}, new long[2]);
    Bm25 df2 = fit(params(32, 2, true, TextAnalysis.STANDARD), CORPUS);
    Bm25.Query q2 = df2.query(h);
    double garden = 0.75 * GARDEN_D2;
    double rocket = 0.25 * ROCKET_D0;
    assertThat(q2.terms()).containsExactly("garden", "rocket");
    assertThat(q2.boosts()).containsExactly(new float[] {1f, (float) (rocket / garden)}, within(1e-6f));
    // terms = 1 keeps garden only; boost off gives every term 1
    assertThat(fit(params(1, 2, true, TextAnalysis.STANDARD), CORPUS).query(h).terms()).containsExactly("garden");
    assertThat(fit(params(32, 2, false, TextAnalysis.STANDARD), CORPUS).query(h).boosts()).containsExactly(1f, 1f);
    float[] s2 = scores(df2, h);
    assertThat(s2[1]).isCloseTo((float) (GARDEN_D1 + rocket / garden * ROCKET_D1), within(1e-6f));
    // negative and unknown entries contribute nothing; an empty history scores nothing
    History neg = new History(new int[] {0, 2, 9}, new float[] {1, -3, 5}, new long[3]);
    assertThat(one.query(neg)).isEqualTo(one.query(History.of(0)));
    assertThat(scores(one, History.EMPTY)).containsOnly(0f);
  }

  @Test
  void profile_text_is_analysed_as_a_document_and_blends_with_the_history() {
    Bm25 m = fit(params(32, 2, true, TextAnalysis.STANDARD), CORPUS);
    // "Flowers, gardens!" with the standard analyser: flowers, gardens (2 terms, neither known);
    // "a garden" -> a (unknown), garden: length 2, tf 1, norm 1.2 * (0.25 + 0.75 * 2 / 3) = 0.9
    assertThat(m.query(History.of(Profile.ofText("Flowers, gardens!"))).terms()).isEmpty();
    History p = History.of(Profile.ofText("a garden"));
    assertThat(m.query(p).terms()).containsExactly("garden");
    float[] s = scores(m, p);
    assertThat(s[2]).isCloseTo((float) GARDEN_D2, within(1e-6f));
    assertThat(s[1]).isCloseTo((float) GARDEN_D1, within(1e-6f));
    assertThat(s[0]).isZero();
    // a profile term in one document only still counts (min_doc_freq is for history terms)
    assertThat(m.query(History.of(Profile.ofText("soil"))).terms()).containsExactly("soil");
    // with history d0: s = 0.5 * w(rocket, d0) and 0.5 * w(garden, "a garden")
    double garden = 0.5 * IDF_2 / (1 + 0.9);
    double rocket = 0.5 * ROCKET_D0;
    Bm25.Query q = m.query(History.of(0).withProfile(Profile.ofText("a garden")));
    assertThat(q.terms()).containsExactly("rocket", "garden");
    assertThat(q.boosts()).containsExactly(new float[] {1f, (float) (garden / rocket)}, within(1e-6f));
    Bm25 heavy = fit(new Bm25.Params(1.2, 0.75, 32, 2, true, TextAnalysis.STANDARD, 0.9), CORPUS);
    assertThat(heavy.query(History.of(0).withProfile(Profile.ofText("a garden"))).terms())
        .containsExactly("garden", "rocket");
    assertThat(m.readsProfile()).isTrue();
  }

  @Test
  void scores_match_lucenes_own_bm25_search() throws Exception {
    // random short documents (lengths under 24 are stored exactly by Lucene's one-byte norms)
    Random r = new Random(7);
    String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa"};
    String[] texts = new String[60];
    for (int i = 0; i < texts.length; i++) {
      StringBuilder b = new StringBuilder();
      int n = 1 + r.nextInt(20);
      for (int k = 0; k < n; k++) {
        b.append(words[(int) Math.min(words.length - 1, Math.abs(r.nextGaussian()) * 5)]).append(' ');
      }
      texts[i] = i == 17 ? null : b.toString();
    }
    Bm25 m = fit(params(8, 1, true, TextAnalysis.STANDARD), texts);
    ByteBuffersDirectory d = new ByteBuffersDirectory();
    IndexWriterConfig cfg = new IndexWriterConfig(TextAnalysis.STANDARD.analyzer()).setSimilarity(new BM25Similarity());
    try (IndexWriter w = new IndexWriter(d, cfg)) {
      for (int i = 0; i < texts.length; i++) {
        if (texts[i] == null) {
          continue;
        }
        Document doc = new Document();
        doc.add(new TextField("text", texts[i], Field.Store.NO));
        doc.add(new StoredField("item", i));
        w.addDocument(doc);
      }
    }
    try (DirectoryReader reader = DirectoryReader.open(d)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setSimilarity(new BM25Similarity());
      for (int[] hist : new int[][] {{0}, {3, 5, 8}, {10, 11, 12, 13, 14, 15}}) {
        Bm25.Query q = m.query(History.of(hist));
        assertThat(q.terms()).isNotEmpty();
        BooleanQuery.Builder bq = new BooleanQuery.Builder();
        for (int k = 0; k < q.terms().size(); k++) {
          bq.add(new BoostQuery(new TermQuery(new Term("text", q.terms().get(k))), q.boosts()[k]),
              BooleanClause.Occur.SHOULD);
        }
        float[] lucene = new float[texts.length];
        for (ScoreDoc sd : searcher.search(bq.build(), texts.length).scoreDocs) {
          lucene[searcher.storedFields().document(sd.doc).getField("item").numericValue().intValue()] = sd.score;
        }
        float[] ours = scores(m, History.of(hist));
        for (int i = 0; i < texts.length; i++) {
          assertThat(ours[i]).as("item %d, history %s", i, java.util.Arrays.toString(hist))
              .isCloseTo(lucene[i], within(1e-5f * Math.max(1, lucene[i])));
        }
      }
    }
  }

  @Test
  void chinese_text_matches_through_cjk_bigrams() throws Exception {
    String[] zh = {"刘慈欣的科幻小说三体", "三体问题", "红楼梦是古典小说", "家常菜谱大全", "科幻电影星际穿越"};
    Bm25 m = fit(params(32, 1, true, TextAnalysis.AUTO), zh);
    assertThat(m.analysis()).isEqualTo(TextAnalysis.CJK);
    assertThat(m.query(History.of(0)).terms()).contains("三体", "科幻", "小说");
    ScoredItems top = m.recommend(History.of(0), Request.top(4));
    // bigrams: d1 三体 体问 问题 (3), d2 ... 小说 (7), d4 科幻 ... (7): 三体, 小说 and 科幻 are each in two
    // documents with tf 1 in d0, so they weigh the same and the shortest matching document wins;
    // d2 and d4 tie (same length) and the smaller index comes first; d3 shares nothing
    assertThat(top.item(0)).isEqualTo(1);
    assertThat(top.items()).containsExactly(1, 2, 4, 3);
    float[] s = scores(m, History.of(0));
    assertThat(s[3]).isZero();
    // the standard analyser splits Han into single characters, which match much more loosely
    Bm25 std = fit(params(32, 1, true, TextAnalysis.STANDARD), zh);
    assertThat(std.query(History.of(0)).terms()).doesNotContain("三体").contains("三");
    // English text resolves to english (stemmed)
    Bm25 en = fit(params(32, 1, true, TextAnalysis.AUTO), "Rockets launching", "a rocket launch", "gardens");
    assertThat(en.analysis()).isEqualTo(TextAnalysis.ENGLISH);
    assertThat(en.query(History.of(0)).terms()).containsExactly("launch", "rocket");
    // snapshot keeps the resolved analyser and the index
    Path f = dir.resolve("zh.tsnap");
    Interactions x = data(zh);
    SnapshotFile.write(new ModelSnapshot(1, 0, x.items(), Map.of("bm25", m), Map.of(), Map.of()), f);
    Bm25 back = (Bm25) SnapshotFile.read(f).models().get("bm25");
    assertThat(back.analysis()).isEqualTo(TextAnalysis.CJK);
    assertThat(back.query(History.of(0))).isEqualTo(m.query(History.of(0)));
    assertThat(scores(back, History.of(0, 3))).isEqualTo(scores(m, History.of(0, 3)));
  }

  @Test
  void filters_and_seen_items_hold_and_items_without_text_score_zero() {
    Bm25 m = fit(params(32, 1, true, TextAnalysis.STANDARD), "rocket one", "rocket two", null, "rocket three");
    assertThat(scores(m, History.of(2))).containsOnly(0f);
    BitSet allowed = new BitSet();
    allowed.set(3);
    ScoredItems top = m.recommend(History.of(0), Request.top(4).filtered(ItemFilter.of(allowed)));
    assertThat(top.items()).containsExactly(3);
    assertThat(m.recommend(History.of(0), Request.top(2)).items()).containsExactly(1, 3);
  }

  @Test
  void fitting_without_texts_says_how_to_get_them_and_params_are_validated() {
    InteractionsBuilder b = Interactions.builder(IdIndex.of(List.of("a", "b")));
    b.add("u", 0, 1f, 0L);
    Interactions bare = b.build();
    assertThatThrownBy(() -> new Bm25.Trainer(Bm25.Params.defaults()).fit(bare))
        .isInstanceOf(ModelFitException.class)
        .hasMessageContaining("bm25 needs item documents").hasMessageContaining("Interactions.withItemTexts");
    assertThat(ModelTypes.byName("bm25")).isInstanceOf(Bm25.Type.class);
    assertThat(ModelTypes.needs(ModelTypes.byName("bm25").parameters().defaults())).containsExactly(ItemContent.TEXTS);
    Bm25.Type t = new Bm25.Type();
    assertThat(t.params(Map.of())).isEqualTo(Bm25.Params.defaults());
    assertThat(t.params(Map.of("analyzer", "CJK", "k1", "0.9", "terms", "10")))
        .isEqualTo(new Bm25.Params(0.9, 0.75, 10, 2, true, TextAnalysis.CJK));
    assertThatThrownBy(() -> t.params(Map.of("analyzer", "klingon")))
        .hasMessage("bm25.analyzer (klingon) must be one of auto, english, standard, cjk");
    assertThatThrownBy(() -> t.params(Map.of("b", "1.5"))).hasMessageContaining("bm25.b (1.5) must be >= 0.0 and <= 1.0");
    assertThatThrownBy(() -> t.params(Map.of("terms", "0"))).hasMessage("bm25.terms (0) must be in [1, 1024]");
  }
}
