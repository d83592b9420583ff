package dev.tandem.core.rating;

import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot format of the {@link RatingModel}s: what each model keeps once trained (μ, item
 * biases, item factors, fold-in penalties, the rating scale), never a user's parameters, which
 * are folded in from the user's ratings at request time. A {@link Blend} writes its parts
 * recursively. Stateless.
 */
public final class RatingSnapshots {
  private RatingSnapshots() {}

  /** Writes {@code model} (of any of {@link RatingModels#names()}) to {@code out}. */
  public static void write(RatingModel model, SnapshotOutput out) throws IOException {
    out.writeString(model.type());
    if (model instanceof BiasBaseline b) {
      out.writeDouble(b.mu);
      out.writeFloats(b.itemBias);
      out.writeDouble(b.regUser);
      out.writeDouble(b.min);
      out.writeDouble(b.max);
    } else if (model instanceof FactorModel<?> f) {
      out.writeInt(f.factors);
      out.writeDouble(f.mu);
      out.writeFloats(f.itemBias);
      out.writeFloats(f.itemFactors);
      out.writeDouble(f.regBias);
      out.writeDouble(f.regFactor);
      out.writeDouble(f.min);
      out.writeDouble(f.max);
      if (model instanceof SvdPlusPlus s) {
        out.writeFloats(s.implicitFactors);
      }
    } else if (model instanceof Blend b) {
      out.writeInt(b.parts().size());
      for (RatingModel p : b.parts()) {
        write(p, out);
      }
      out.writeDoubles(b.weights());
      out.writeDouble(b.intercept());
      out.writeDouble(b.min);
      out.writeDouble(b.max);
    } else {
      throw new IllegalArgumentException("rating model (" + model.type() + ") has no snapshot format; expected one of "
          + RatingModels.names());
    }
  }

  /**
   * Reads a model written by {@link #write}.
   *
   * @throws SnapshotException for an unknown type or inconsistent sizes (a corrupt section)
   */
  public static RatingModel read(SnapshotInput in) throws IOException {
    String type = in.readString();
    switch (type) {
      case BiasBaseline.NAME -> {
        double mu = in.readDouble();
        float[] bi = in.readFloats();
        return new BiasBaseline(mu, bi, in.readDouble(), in.readDouble(), in.readDouble());
      }
      case BiasedMf.NAME, SvdPlusPlus.NAME -> {
        int f = in.readInt();
        double mu = in.readDouble();
        float[] bi = in.readFloats();
        float[] qi = in.readFloats();
        double regBias = in.readDouble();
        double regFactor = in.readDouble();
        double min = in.readDouble();
        double max = in.readDouble();
        if (f < 1 || (long) bi.length * f != qi.length) {
          throw new SnapshotException(type + ": factors (" + f + ") and item factors (" + qi.length
              + ") do not match " + bi.length + " items (corrupt snapshot)");
        }
        if (type.equals(BiasedMf.NAME)) {
          return new BiasedMf(f, mu, bi, qi, regBias, regFactor, min, max);
        }
        float[] y = in.readFloats();
        if (y.length != qi.length) {
          throw new SnapshotException(type + ": implicit factors (" + y.length + ") must match item factors ("
              + qi.length + ") (corrupt snapshot)");
        }
        return new SvdPlusPlus(f, mu, bi, qi, y, regBias, regFactor, min, max);
      }
      case Blend.NAME -> {
        int n = in.readInt();
        if (n < 1 || n > 64) {
          throw new SnapshotException("blend: part count (" + n + ") must be in [1, 64] (corrupt snapshot)");
        }
        List<RatingModel> parts = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          parts.add(read(in));
        }
        double[] w = in.readDoubles();
        double intercept = in.readDouble();
        double min = in.readDouble();
        double max = in.readDouble();
        try {
          return new Blend(parts, w, intercept, min, max);
        } catch (IllegalArgumentException e) {
          throw new SnapshotException("blend: " + e.getMessage() + " (corrupt snapshot)");
        }
      }
      default -> throw new SnapshotException("rating model type (" + type + ") is not known; expected one of "
          + RatingModels.names());
    }
  }
}
