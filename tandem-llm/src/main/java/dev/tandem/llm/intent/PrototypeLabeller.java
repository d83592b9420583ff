package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Labels by zero-shot prototypes: each content phrase of a request (see {@link ContentPhrases}) is
 * embedded and mapped to the closest label prototype when their cosine is at least the threshold.
 * English and Chinese each have their own encoder and threshold; the Chinese encoder may be given
 * by a supplier, asked on the first Chinese request that needs it. Prototypes are computed once
 * per labels set and cached.
 *
 * <p>Thread-safe.
 */
final class PrototypeLabeller {
  static final Set<String> EN_MODELS = Set.of("bge-small-en-v1.5-q", "bge-small-en-v1.5");
  static final Set<String> ZH_MODELS = Set.of("bge-small-zh-v1.5");

  private final Embedder embedder;
  private final Supplier<Embedder> zhSource;
  private volatile Embedder zhEmbedder;
  private volatile boolean zhResolved;
  private final double threshold;
  private final double zhThreshold;
  private volatile LabelPrototypes prototypes;
  private volatile LabelPrototypes zhPrototypes;

  /**
   * @param embedder encoder for English phrases, or null
   * @param threshold cosine at or above which an English phrase maps to its closest label, in (0, 1]
   * @param zhEmbedder encoder for Chinese phrases, or null
   * @param zhThreshold the same for Chinese, in (0, 1]
   * @param zhSource gives the Chinese encoder on first use, or null to use {@code zhEmbedder}
   * @throws IllegalArgumentException if a threshold is outside (0, 1]
   */
  PrototypeLabeller(Embedder embedder, double threshold, Embedder zhEmbedder, double zhThreshold,
      Supplier<Embedder> zhSource) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold (" + threshold + ") must be in (0, 1]");
    }
    if (!(zhThreshold > 0 && zhThreshold <= 1)) {
      throw new IllegalArgumentException("zhThreshold (" + zhThreshold + ") must be in (0, 1]");
    }
    this.embedder = embedder;
    this.zhEmbedder = zhEmbedder;
    this.zhSource = zhSource;
    this.zhResolved = zhSource == null;
    this.threshold = threshold;
    this.zhThreshold = zhThreshold;
  }

  /**
   * {@code e} when it is one of {@code models} (the models the default thresholds were calibrated
   * for), else null with the reason logged: a label an uncalibrated model maps wrongly becomes a hard constraint.
   */
  static Embedder calibrated(Embedder e, Set<String> models) {
    if (e == null || models.contains(e.modelId())) {
      return e;
    }
    LoggerFactory.getLogger(RuleIntentParser.class).info(
        "intent parser: label prototypes off for embedding model {} (default thresholds are calibrated for {});"
        + " labels come from the synonym table", e.modelId(), models);
    return null;
  }

  double threshold() {
    return threshold;
  }

  double zhThreshold() {
    return zhThreshold;
  }

  /** Computes the prototypes for the catalogue's labels now, for each encoder already at hand. */
  void prepare(IntentCatalogue catalogue) {
    if (embedder != null && !catalogue.labels().isEmpty()) {
      prototypes(catalogue, false);
    }
    if (zhResolved && zhEmbedder != null && !catalogue.labels().isEmpty()) {
      prototypes(catalogue, true);
    }
  }

  /**
   * Adds the labels of the request's content phrases outside {@code about}: to {@code include}, or
   * to {@code exclude} for a phrase inside a negation scope. Does nothing without an encoder for
   * the request's language or without catalogue labels.
   */
  void match(RequestText r, IntentCatalogue catalogue, NegationScopes negations, int[] about,
      Set<String> include, Set<String> exclude) {
    Embedder enc = r.zh ? zhEncoder() : embedder;
    if (enc == null || catalogue.labels().isEmpty()) {
      return;
    }
    ContentPhrases phrases = ContentPhrases.of(r, about);
    if (phrases.distinct.isEmpty()) {
      return;
    }
    LabelPrototypes protos = prototypes(catalogue, r.zh);
    float[][] vectors = enc.embedDocuments(phrases.distinct);
    LabelPrototypes.Match[] best = new LabelPrototypes.Match[vectors.length];
    for (int k = 0; k < vectors.length; k++) {
      best[k] = protos.best(vectors[k]);
    }
    for (int i = 0; i < phrases.index.size(); i++) {
      LabelPrototypes.Match m = best[phrases.index.get(i)];
      if (m != null && m.cosine() >= (r.zh ? zhThreshold : threshold)) {
        (negations.contains(phrases.starts.get(i)) ? exclude : include).add(m.label());
      }
    }
  }

  /** The Chinese encoder, resolved from the supplier on first use; null when there is none. */
  private Embedder zhEncoder() {
    if (!zhResolved) {
      synchronized (this) {
        if (!zhResolved) {
          Embedder e = null;
          try {
            e = calibrated(zhSource.get(), ZH_MODELS);
          } catch (RuntimeException | LinkageError ex) {
            LoggerFactory.getLogger(RuleIntentParser.class).warn(
                "intent parser: no Chinese encoder ({}); Chinese labels come from the synonym table", ex.toString());
          }
          zhEmbedder = e;
          zhResolved = true;
        }
      }
    }
    return zhEmbedder;
  }

  private LabelPrototypes prototypes(IntentCatalogue catalogue, boolean zh) {
    Set<String> labels = catalogue.labels().keySet();
    LabelPrototypes p = zh ? zhPrototypes : prototypes;
    if (p == null || !p.labels().equals(labels)) {
      p = LabelPrototypes.compute(catalogue.labels(), zh ? zhEmbedder : embedder, zh);
      if (zh) {
        zhPrototypes = p;
      } else {
        prototypes = p;
      }
    }
    return p;
  }
}
