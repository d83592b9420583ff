package dev.tandem.engine.internal.serve;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.retrieval.TextAnalysis;
import dev.tandem.engine.embed.ItemDocuments;
import dev.tandem.llm.intent.AttributeCatalogue;
import dev.tandem.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The catalogue of one snapshot as {@code ask} needs it: labels (the snapshot's {@link LabelIndex})
 * with their items, numeric attributes with each item's value, titles, and an index from analysed
 * document terms to the items whose document (the {@code [embed] template}) holds them. Built once
 * per snapshot; immutable and thread-safe.
 */
public final class AskCatalogue implements AttributeCatalogue {
  private final long version;
  private final IdIndex items;
  private final LabelIndex labels;
  private final Map<String, double[]> numbers;
  private final Set<String> numericNames;
  private final Map<String, String> titles;
  private final TextAnalysis analysis;
  private final Map<String, int[]> postings;

  /**
   * Builds the view of snapshot {@code version} over {@code items} with their {@code labels}, the
   * store's titles and numeric attributes, and documents rendered by {@code documents}.
   */
  public AskCatalogue(long version, IdIndex items, LabelIndex labels, Store store, ItemDocuments documents) {
    this.version = version;
    this.items = items;
    this.labels = labels;
    int m = items.size();
    Map<String, double[]> nums = new HashMap<>();
    Map<String, String> ts = new HashMap<>();
    String[] docs = new String[m];
    store.items().forEach(item -> {
      int i = items.indexOf(item.id());
      if (i < 0) {
        return;
      }
      for (Map.Entry<String, Attribute> a : item.attributes().entrySet()) {
        if (a.getValue() instanceof Attribute.Number num) {
          double[] v = nums.computeIfAbsent(a.getKey().toLowerCase(Locale.ROOT), k -> {
            double[] x = new double[m];
            Arrays.fill(x, Double.NaN);
            return x;
          });
          v[i] = num.value();
        }
      }
      if (!item.title().isBlank()) {
        ts.put(item.id(), item.title());
      }
      docs[i] = documents.render(item);
    });
    this.numbers = Map.copyOf(nums);
    this.numericNames = Collections.unmodifiableSet(new TreeSet<>(nums.keySet()));
    this.titles = Collections.unmodifiableMap(new TreeMap<>(ts));
    this.analysis = TextAnalysis.AUTO.resolve(docs);
    Map<String, it.unimi.dsi.fastutil.ints.IntArrayList> post = new HashMap<>();
    try (Analyzer analyzer = analysis.analyzer()) {
      for (int i = 0; i < m; i++) {
        if (docs[i] == null) {
          continue;
        }
        int item = i;
        for (String t : terms(analyzer, docs[i])) {
          var list = post.computeIfAbsent(t, k -> new it.unimi.dsi.fastutil.ints.IntArrayList(2));
          if (list.isEmpty() || list.getInt(list.size() - 1) != item) {
            list.add(item);
          }
        }
      }
    }
    Map<String, int[]> lists = new HashMap<>(post.size() * 2);
    post.forEach((k, v) -> lists.put(k, v.toIntArray()));
    this.postings = lists;
  }

  /** The snapshot version. */
  public long version() {
    return version;
  }

  /** The snapshot's items. */
  public IdIndex items() {
    return items;
  }

  @Override
  public Map<String, Integer> labels() {
    return labels.counts();
  }

  @Override
  public Set<String> numericAttributes() {
    return numericNames;
  }

  @Override
  public Map<String, String> titles() {
    return titles;
  }

  /**
   * The value of numeric attribute {@code attribute} for {@code itemId}, NaN when the item or its
   * value is unknown (the shape of the intent parser's {@code AttributeCatalogue}, for relative
   * requests such as "like Dune but shorter").
   */
  @Override
  public double attribute(String itemId, String attribute) {
    double[] x = numbers.get(attribute.toLowerCase(Locale.ROOT));
    int i = items.indexOf(itemId);
    return x == null || i < 0 ? Double.NaN : x[i];
  }

  /** The items carrying {@code label} (normalised), or null when no item does; do not modify. */
  public BitSet label(String label) {
    return labels.items(label);
  }

  /** Item values of numeric attribute {@code name} (NaN where missing), or null when no item has it. */
  public double[] numbers(String name) {
    return numbers.get(name);
  }

  /**
   * The items whose document holds every analysed term of {@code text} (a word or a short phrase);
   * none when the text analyses to nothing.
   */
  public BitSet containing(String text) {
    List<String> ts;
    try (Analyzer analyzer = analysis.analyzer()) {
      ts = terms(analyzer, text);
    }
    BitSet out = null;
    for (String t : ts) {
      BitSet b = new BitSet(items.size());
      for (int i : postings.getOrDefault(t, new int[0])) {
        b.set(i);
      }
      if (out == null) {
        out = b;
      } else {
        out.and(b);
      }
    }
    return out == null ? new BitSet() : out;
  }

  /** The analysed terms of {@code text} by this catalogue's analysis (as its documents were analysed). */
  public List<String> terms(String text) {
    try (Analyzer analyzer = analysis.analyzer()) {
      return terms(analyzer, text);
    }
  }

  /** The analysed terms of each of {@code texts}, in order, with one analyzer. */
  public List<List<String>> terms(List<String> texts) {
    List<List<String>> out = new ArrayList<>(texts.size());
    try (Analyzer analyzer = analysis.analyzer()) {
      for (String t : texts) {
        out.add(terms(analyzer, t));
      }
    }
    return out;
  }

  private static List<String> terms(Analyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing text: " + e.getMessage(), e);
    }
    return out;
  }
}
