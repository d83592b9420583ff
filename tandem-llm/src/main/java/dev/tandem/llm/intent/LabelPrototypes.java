package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Encoder prototypes of a catalogue's labels: for each label, its name, "name: description" and its
 * English synonyms (English), or its Chinese names from the synonym table (Chinese), embedded as
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

  static LabelPrototypes compute(Set<String> labels, Embedder embedder, boolean zh) {
    List<String> texts = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (String label : new TreeSet<>(labels)) {
      if (zh) {
        for (String name : LabelLexicon.chineseNames(label)) {
          texts.add(name);
          owners.add(label);
        }
      } else {
        texts.add(label);
        owners.add(label);
        String d = LabelLexicon.DESCRIPTIONS.get(label);
        if (d != null) {
          texts.add(label + ": " + d);
          owners.add(label);
        }
        for (String synonym : LabelLexicon.SYNONYMS.getOrDefault(label, List.of())) {
          if (!LabelLexicon.hasCjk(synonym)) {
            texts.add(synonym);
            owners.add(label);
          }
        }
      }
    }
    float[][] v = texts.isEmpty() ? new float[0][] : embedder.embedDocuments(texts);
    return new LabelPrototypes(Set.copyOf(labels), owners.toArray(new String[0]), v);
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
