package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Encoder prototypes of a catalogue's labels: for each label, its name, "name: description", its
 * English synonyms and typical subjects (English), or its Chinese names and subjects (Chinese), embedded as
 * documents. A phrase
 * maps to the label of its most similar prototype. Immutable once computed.
 */
final class LabelPrototypes {
  /** The closest label of a phrase and its cosine. */
  record Match(String label, float cosine) {}

  private final Set<String> labels;
  private final String[] owner;
  private final float[][] vectors;

  private LabelPrototypes(Set<String> labels, String[] owner, float[][] vectors) {
    this.labels = labels;
    this.owner = owner;
    this.vectors = vectors;
  }

  Set<String> labels() {
    return labels;
  }

  /**
   * At most this many catalogue labels get prototypes: the lexicon's concepts and then the most used
   * other labels (a tag-rich catalogue such as goodbooks has 5,000+ tags; embedding all of them
   * would take half a minute on the first request). The rest still match by name.
   */
  static final int MAX_LABELS = 128;

  static LabelPrototypes compute(Map<String, Integer> catalogueLabels, Embedder embedder, boolean zh) {
    List<String> texts = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (String label : chosen(catalogueLabels)) {
      String concept = LabelLexicon.concept(label);
      if (zh) {
        for (String name : LabelLexicon.chineseNames(concept)) {
          texts.add(name);
          owners.add(label);
        }
        for (String subject : LabelLexicon.subjects(concept, true)) {
          texts.add(subject);
          owners.add(label);
        }
      } else {
        texts.add(LabelLexicon.norm(label));
        owners.add(label);
        String d = LabelLexicon.DESCRIPTIONS.get(concept);
        if (d != null) {
          texts.add(concept + ": " + d);
          owners.add(label);
        }
        for (String synonym : LabelLexicon.SYNONYMS.getOrDefault(concept, List.of())) {
          if (!LabelLexicon.hasCjk(synonym)) {
            texts.add(synonym);
            owners.add(label);
          }
        }
        for (String subject : LabelLexicon.subjects(concept, false)) {
          texts.add(subject);
          owners.add(label);
        }
      }
    }
    float[][] v = texts.isEmpty() ? new float[0][] : embedder.embedDocuments(texts);
    return new LabelPrototypes(Set.copyOf(catalogueLabels.keySet()), owners.toArray(new String[0]), v);
  }

  /** The labels that get prototypes: lexicon concepts first, then by item count, at most {@link #MAX_LABELS}. */
  static List<String> chosen(Map<String, Integer> catalogueLabels) {
    List<String> concepts = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String label : new TreeSet<>(catalogueLabels.keySet())) {
      String n = LabelLexicon.norm(label);
      if (n.isEmpty() || LabelLexicon.GENERIC_LABELS.contains(n)) {
        continue;
      }
      (LabelLexicon.SYNONYMS.containsKey(LabelLexicon.concept(label)) ? concepts : others).add(label);
    }
    others.sort(Comparator.comparingInt((String l) -> -catalogueLabels.get(l)).thenComparing(l -> l));
    List<String> out = new ArrayList<>(concepts);
    for (String l : others) {
      if (out.size() >= MAX_LABELS) {
        break;
      }
      out.add(l);
    }
    return out;
  }

  /** The closest prototype's label and cosine, or null when there is none. */
  Match best(float[] phrase) {
    int best = -1;
    float bestCos = -2;
    for (int i = 0; i < vectors.length; i++) {
      float c = Vectors.dot(phrase, vectors[i]);
      if (c > bestCos) {
        bestCos = c;
        best = i;
      }
    }
    return best < 0 ? null : new Match(owner[best], bestCos);
  }
}
