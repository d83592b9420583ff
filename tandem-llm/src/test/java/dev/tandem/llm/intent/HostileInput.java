package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.llm.embed.Embedder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the hostile-input tests of the intent parser share (issue 12): every cue word the parser
 * knows (English and Chinese), a goodbooks-sized catalogue, a cheap stand-in encoder, the
 * invariants every intent must meet, and a way to parse on a small thread stack.
 */
final class HostileInput {
  private HostileInput() {}

  /** English cue words and phrases of the parser's rules (negation, ranges, counts, ordinals, goal, query filler). */
  static final List<String> CUES_EN = List.of("a", "a couple", "a dozen", "a few", "a hundred", "about", "above",
      "after", "aged", "an", "and", "and above", "and up", "anything", "anything but", "anything like", "aren't",
      "at least", "at most", "avoid", "before", "below", "best", "between", "biography", "book", "books",
      "books like", "books on", "bucks", "burnt out on", "but", "cheaper", "cheaper than", "concerning", "cost",
      "covering", "daughter", "dislike", "do not", "doesn't", "dollars", "don't", "done with", "earlier than",
      "eighteen", "eighties", "enjoy", "except", "excluding", "fed up with", "fewer than", "fifteen", "first",
      "five", "for", "from", "from the", "fun", "give me", "good", "greater than", "had enough of",
      "half a dozen", "hate", "history", "hundred", "i want", "i'd like", "i'm looking for", "in", "in the",
      "in the vein of", "instead", "isn't", "just", "kid", "last", "later than", "less", "less than", "like",
      "longer", "longer than", "looking for", "love", "max", "maximum", "maybe", "min", "minimum", "more like",
      "more recent", "more than", "never", "newer", "newer than", "nineteen", "nineties", "ninety", "no",
      "no less than", "no more", "no more than", "none", "not", "not in the mood for", "not over", "not under",
      "nothing", "nothing over", "novels", "number", "of", "old", "older", "older than", "on", "on the topic of",
      "one", "only", "onwards", "or", "or less", "or more", "or newer", "over", "page count", "pages", "please",
      "plus", "post-", "pounds", "pp", "pre-", "price", "priced", "published", "rated", "rather not", "rating",
      "recommend", "regarding", "score", "second", "set in", "seventies", "several", "shorter", "shorter than",
      "show me", "sick of", "similar to", "since", "sixties", "skip", "some", "something like", "son", "stars",
      "starting", "suggest", "surprise me", "ten", "than", "that", "the", "the 80s", "the first one", "the top one",
      "third", "thirty", "this", "though", "tired of", "title", "to", "top", "top 10", "tops", "turning",
      "twenty", "twenty-one", "two", "under", "up to", "usd", "what", "which", "with", "within", "without",
      "years old", "yrs", "#2", "10th", "cozy", "mystery", "sci-fi", "dark", "horror", "romance", "fantasy");

  /** Chinese cue words of the parser's rules and its generic words. */
  static final List<String> CUES_ZH = List.of("20世纪", "一些", "一样", "一点", "上个世纪", "不低于", "不到", "不可以",
      "不含", "不喜欢", "不太", "不少于", "不怎么", "不想", "不是", "不看", "不能", "不要", "不超过", "不足", "不那么", "与",
      "之内", "之前", "之后", "之间", "书", "书籍", "了", "二十世纪", "什么", "介绍", "以上", "以下", "以内", "以前", "以后",
      "价格", "但", "低于", "便宜一点", "像", "元", "入门", "关于", "内容", "再来", "几", "几本", "出版", "分", "分数", "别",
      "到", "剧情", "只要", "后", "吗", "呢", "和", "售价", "喜欢", "在", "块钱", "多于", "大于", "好看", "小于", "小说",
      "少于", "就行", "岁", "年", "年代", "想看", "我想看", "推荐", "故事", "新一点", "星", "更便宜", "更短", "更长", "最后一本",
      "最多", "最好是", "最少", "有关", "有没有", "有趣", "本", "来点", "没有", "的", "的范围", "第二本", "第", "类似", "给我推荐",
      "美元", "而是", "至", "至少", "范围内", "讨厌", "讲", "讲述", "评分", "请", "读物", "超过", "轻松", "适合", "避免", "那样",
      "部", "长一点", "除了", "随便", "三百", "两千零五", "十二", "零", "页", "页数", "题材", "风格", "高于", "《沙丘》", "《",
      "》", "，", "。", "科幻", "恐怖", "推理", "沙丘");

  /** Odd characters: controls, lone surrogates, marks, wide and compatibility forms, emoji, RTL. */
  static final List<String> ODD = List.of("\u0000", "\u0007", "\t", "\n", "\r\n", "\u0085", "\u2028", "\uFEFF",
      "\u200B", "\u202E", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D\uDE00", "\u0301", "\u0301\u0302\u0303",
      "İ", "ß", "Σ", "ﬁ", "ｔｈｅ", "１２３", "①", "Ⅻ", "٣٤٥", "\u00A0", "'", "\"", "\\", "$", "€", "£", "+", "-", "–",
      "—", "~", "#", "(", ")", "（", "）", "[", "]", ".", ",", ";", "!", "?", ":", "_", "/", "*", "%", "@");

  /** A catalogue the size of goodbooks-10k: 10,000 titles, 5,000 labels, built from a seed. */
  static IntentFixtures.Catalogue bigCatalogue() {
    IntentFixtures.Catalogue fixture = IntentFixtures.catalogue();
    Random rnd = new Random(12);
    List<String> words = new ArrayList<>(List.of("the", "of", "a", "and", "harry", "potter", "dune", "night",
        "house", "girl", "war", "game", "thrones", "love", "dark", "tower", "secret", "life", "bees", "shadow",
        "wind", "kings", "lord", "rings", "hunger", "games", "mockingjay", "catching", "fire", "divergent"));
    for (String c : CUES_EN) {
      words.addAll(List.of(c.split(" ")));
    }
    String han = "沙丘三体白夜行活着围城红楼梦平凡的世界哈利波特与魔法石百年孤独霍乱时期的爱情小王子解忧杂货店";
    Map<String, String> titles = new TreeMap<>(fixture.titles());
    for (int i = 0; i < 10_000; i++) {
      StringBuilder t = new StringBuilder();
      if (i % 10 == 0) {
        int from = rnd.nextInt(han.length() - 6);
        t.append(han, from, from + 2 + rnd.nextInt(5));
      } else {
        int n = 1 + rnd.nextInt(6);
        for (int k = 0; k < n; k++) {
          String w = words.get(rnd.nextInt(words.size()));
          t.append(k == 0 ? "" : " ").append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        if (i % 7 == 0) {
          t.append(": A Novel");
        }
      }
      titles.put(String.format("g%05d", i), t.toString());
    }
    Map<String, Integer> labels = new TreeMap<>(fixture.labels());
    for (int i = 0; i < 5_000; i++) {
      String label = words.get(rnd.nextInt(words.size())) + (i % 3 == 0 ? "" : "-" + words.get(rnd.nextInt(words.size())))
          + (i % 5 == 0 ? "-" + i : "");
      labels.merge(label, 1 + rnd.nextInt(500), Integer::sum);
    }
    return new IntentFixtures.Catalogue(Map.copyOf(labels), fixture.numericAttributes(), Map.copyOf(titles),
        fixture.values());
  }

  /** A deterministic encoder: a text's vector comes from its hash; any threshold below 1 gives labels now and then. */
  static final class StandInEncoder implements Embedder {
    int texts;

    @Override
    public String modelId() {
      return "stand-in";
    }

    @Override
    public int dimension() {
      return 8;
    }

    @Override
    public float[][] embedDocuments(List<String> list) {
      float[][] out = new float[list.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = embedQuery(list.get(i));
      }
      texts += list.size();
      return out;
    }

    @Override
    public float[] embedQuery(String text) {
      Random r = new Random(text.hashCode());
      float[] v = new float[8];
      double norm = 0;
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) r.nextGaussian();
        norm += v[k] * v[k];
      }
      for (int k = 0; k < v.length; k++) {
        v[k] /= (float) Math.sqrt(norm);
      }
      return v;
    }

    @Override
    public void close() {}
  }

  /**
   * Checks what every intent must be: labels (include, prefer) are catalogue labels; an exclude is
   * a catalogue label or a referenced item turned down; ranges are on catalogue attributes with min
   * <= max; references are catalogue items; counts in 0..100; language en or zh.
   */
  static void assertCatalogueIntent(Intent i, IntentCatalogue catalogue, List<String> shown) {
    assertThat(catalogue.labels().keySet()).containsAll(i.include()).containsAll(i.prefer());
    Set<String> refIds = new HashSet<>();
    i.references().forEach(r -> refIds.add(r.itemId()));
    for (String e : i.exclude()) {
      assertThat(catalogue.labels().containsKey(e) || refIds.contains(e)).as("exclude %s", e).isTrue();
    }
    for (Range r : i.ranges()) {
      assertThat(catalogue.numericAttributes()).contains(r.attribute());
      assertThat(r.min()).isLessThanOrEqualTo(r.max());
    }
    for (Reference r : i.references()) {
      assertThat(catalogue.titles().containsKey(r.itemId()) || shown.contains(r.itemId())).as(r.itemId()).isTrue();
    }
    assertThat(i.count()).isBetween(0, 100);
    assertThat(i.language()).isIn("en", "zh");
    assertThat(i.query()).isNotNull();
  }

  /** Stack of the thread {@link #onSmallStack} runs on: smaller than a server worker's (1 MB by default). */
  static final long SMALL_STACK = 256 * 1024;

  /**
   * Runs {@code task} on a thread with a {@link #SMALL_STACK} stack and returns its result or
   * rethrows what it threw (a regular expression that recurses per character would overflow it).
   */
  static <T> T onSmallStack(Callable<T> task) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(task.call());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "small-stack", SMALL_STACK);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    if (f != null) {
      throw new IllegalStateException(f);
    }
    return result.get();
  }

  /** {@code unit} repeated to at least {@code chars} chars. */
  static String repeat(String unit, int chars) {
    return unit.repeat(Math.max(1, (chars + unit.length() - 1) / unit.length()));
  }

  /** The cue lists and odd characters together, each once. */
  static List<String> allPieces() {
    Map<String, Boolean> all = new LinkedHashMap<>();
    CUES_EN.forEach(c -> all.put(c, true));
    CUES_ZH.forEach(c -> all.put(c, true));
    ODD.forEach(c -> all.put(c, true));
    return List.copyOf(all.keySet());
  }
}
