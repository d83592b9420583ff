package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.kernel.SparseMatrix;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;

/**
 * Popularity: an item's score is the number of users with a positive interaction with it,
 * optionally time-decayed so that recent interactions count more. The same list for every
 * history (minus what the user has seen); the baseline every other model must beat, and the
 * fallback for users with no history.
 *
 * <p>Immutable and thread-safe.
 */
public final class Popularity implements Model {
  /** Type name. */
  public static final String NAME = "pop";

  private final float[] scores;

  Popularity(float[] scores) {
    this.scores = scores;
  }

  /**
   * Parameters.
   *
   * @param halfLifeDays half-life of an interaction's contribution in days; 0 (default) disables
   *     decay, so every user counts once. Decay is measured back from the newest timestamp in the
   *     training data, so the scores do not depend on the wall clock.
   */
  public record Params(double halfLifeDays) {
    public Params {
      if (!(halfLifeDays >= 0) || Double.isInfinite(halfLifeDays)) {
        throw new IllegalArgumentException("pop.half_life_days (" + halfLifeDays + ") must be >= 0 and finite");
      }
    }
  }

  /** {@code half_life_days}: see {@link Params#halfLifeDays}. */
  public static final Param<Double> HALF_LIFE_DAYS = Param.decimal("half_life_days", 0, 0, true, Double.MAX_VALUE,
      "Half-life of an interaction's weight in days, measured back from the newest interaction; 0 counts every"
          + " interaction once.").tunedLog(1, 3650);
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, HALF_LIFE_DAYS);

  /** Counts (or decays) positive interactions per item. */
  public static final class Trainer implements dev.tandem.core.model.Trainer<Popularity> {
    private final Params params;

    public Trainer(Params params) {
      this.params = params;
    }

    @Override
    public Popularity fit(Interactions train) {
      SparseMatrix x = train.userItem();
      int[] cols = x.colIdx();
      long[] ts = train.timestamps();
      double[] sums = new double[train.numItems()];
      if (params.halfLifeDays() == 0) {
        for (int c : cols) {
          sums[c] += 1;
        }
      } else {
        long newest = Long.MIN_VALUE;
        for (long t : ts) {
          newest = Math.max(newest, t);
        }
        double perSecond = Math.log(2) / (params.halfLifeDays() * 86_400.0);
        for (int k = 0; k < cols.length; k++) {
          sums[cols[k]] += Math.exp(-perSecond * (newest - ts[k]));
        }
      }
      float[] scores = new float[sums.length];
      for (int i = 0; i < sums.length; i++) {
        scores[i] = (float) sums[i];
      }
      return new Popularity(scores);
    }
  }

  /** The item's popularity score (a copy-free read). */
  public float popularity(int item) {
    return scores[item];
  }

  @Override
  public String type() {
    return NAME;
  }

  @Override
  public int numItems() {
    return scores.length;
  }

  @Override
  public void score(History history, float[] out) {
    Model.checkOut(out, scores.length);
    System.arraycopy(scores, 0, out, 0, scores.length);
  }

  /** Registration of {@link Popularity} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<Popularity, Params> {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "most popular items (optionally time-decayed)";
    }

    @Override
    public ParamSet parameters() {
      return PARAMETERS;
    }

    @Override
    public Params bind(ParamValues v) {
      return new Params(v.get(HALF_LIFE_DAYS));
    }

    @Override
    public dev.tandem.core.model.Trainer<Popularity> trainer(Params params) {
      return new Trainer(params);
    }

    @Override
    public Class<Popularity> modelClass() {
      return Popularity.class;
    }

    @Override
    public void write(Popularity model, SnapshotOutput out) throws IOException {
      out.writeFloats(model.scores);
    }

    @Override
    public Popularity read(SnapshotInput in) throws IOException {
      return new Popularity(in.readFloats());
    }
  }
}
