package dev.tandem.core.internal.ann;

import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.IntPredicate;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;

/**
 * An HNSW graph (Malkov &amp; Yashunin) over unit vectors for approximate maximum-inner-product
 * search, built and searched with Lucene 9.12's {@code util.hnsw} classes, then frozen into
 * primitive adjacency arrays so that it can be stored in a snapshot and searched by many threads
 * at once (each search takes its own cursor over the shared arrays).
 *
 * <p>Nodes are ordinals {@code 0..size)}; {@code vectors} row {@code o} is node {@code o}'s vector,
 * L2-normalised by the caller. Immutable and thread-safe.
 */
public final class HnswIndex {
  private final int size;
  private final int dimension;
  private final float[] vectors;
  private final int entryNode;
  /** Per level: the nodes on it (ascending; null for level 0, which holds every node). */
  private final int[][] nodes;
  /** Per level: neighbour offsets per row, and the neighbours. */
  private final int[][] offsets;
  private final int[][] neighbours;

  private HnswIndex(int size, int dimension, float[] vectors, int entryNode, int[][] nodes, int[][] offsets,
      int[][] neighbours) {
    this.size = size;
    this.dimension = dimension;
    this.vectors = vectors;
    this.entryNode = entryNode;
    this.nodes = nodes;
    this.offsets = offsets;
    this.neighbours = neighbours;
  }

  /** Lucene's view of the vector rows; each copy owns one scratch row, as Lucene expects. */
  private final class Rows implements RandomAccessVectorValues.Floats {
    private final float[] scratch = new float[dimension];

    @Override
    public int size() {
      return size;
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public float[] vectorValue(int ord) {
      System.arraycopy(vectors, ord * dimension, scratch, 0, dimension);
      return scratch;
    }

    @Override
    public Rows copy() {
      return new Rows();
    }
  }

  /**
   * Builds the graph (single-threaded, deterministic for a seed).
   *
   * @param vectors {@code size * dimension} floats, row-major, each row of unit length (not copied: keep it unchanged)
   * @param maxConn neighbours kept per node on upper levels (twice as many on level 0), e.g. 16
   * @param beamWidth candidates considered while inserting, e.g. 100: higher builds a better graph, slower
   * @param seed level assignment seed
   * @throws IllegalArgumentException for inconsistent sizes or parameters out of range
   */
  public static HnswIndex build(float[] vectors, int size, int dimension, int maxConn, int beamWidth, long seed) {
    if (size < 1 || dimension < 1 || (long) size * dimension != vectors.length) {
      throw new IllegalArgumentException("vectors length (" + vectors.length + ") must equal size (" + size
          + ") * dimension (" + dimension + "), both >= 1");
    }
    if (maxConn < 2 || maxConn > 512) {
      throw new IllegalArgumentException("maxConn (" + maxConn + ") must be in [2, 512]");
    }
    if (beamWidth < 1 || beamWidth > 3200) {
      throw new IllegalArgumentException("beamWidth (" + beamWidth + ") must be in [1, 3200]");
    }
    HnswIndex flat = new HnswIndex(size, dimension, vectors, 0, new int[0][], new int[0][], new int[0][]);
    try {
      RandomAccessVectorValues.Floats values = flat.new Rows();
      var supplier = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
          VectorSimilarityFunction.DOT_PRODUCT, values);
      OnHeapHnswGraph g = HnswGraphBuilder.create(supplier, maxConn, beamWidth, seed).build(size);
      return freeze(g, vectors, size, dimension);
    } catch (IOException e) {
      throw new UncheckedIOException("building the HNSW graph: " + e.getMessage(), e);
    }
  }

  /** Copies Lucene's graph {@code g} over {@code vectors} into primitive adjacency arrays. */
  static HnswIndex freeze(OnHeapHnswGraph g, float[] vectors, int size, int dimension) throws IOException {
    int levels = g.numLevels();
    int[][] nodes = new int[levels][];
    int[][] offsets = new int[levels][];
    int[][] neighbours = new int[levels][];
    for (int level = 0; level < levels; level++) {
      int[] on = HnswGraph.NodesIterator.getSortedNodes(g.getNodesOnLevel(level));
      nodes[level] = level == 0 ? null : on;
      int[] off = new int[on.length + 1];
      int[] nb = new int[on.length * 32 + 1];
      int n = 0;
      for (int r = 0; r < on.length; r++) {
        g.seek(level, on[r]);
        for (int x = g.nextNeighbor(); x != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
            x = g.nextNeighbor()) {
          if (n == nb.length) {
            nb = Arrays.copyOf(nb, nb.length * 2);
          }
          nb[n++] = x;
        }
        off[r + 1] = n;
      }
      offsets[level] = off;
      neighbours[level] = Arrays.copyOf(nb, n);
    }
    return new HnswIndex(size, dimension, vectors, g.entryNode(), nodes, offsets, neighbours);
  }

  /** Number of nodes. */
  public int size() {
    return size;
  }

  /** Levels of the graph. */
  public int levels() {
    return offsets.length;
  }

  /**
   * The accepted nodes with the highest inner product with {@code query}, approximately, best
   * first: up to {@code ef} candidates are kept while descending the bottom level. At most
   * {@code maxVisits} nodes are scored; when that limit is hit (a selective filter) the answer
   * is {@code null}, and the caller should search exactly.
   *
   * @param accept which nodes may be returned
   * @return node ordinals, best first (at most {@code ef}); {@code null} when the visit limit was hit
   */
  public int[] search(float[] query, int ef, int maxVisits, IntPredicate accept) {
    if (query.length != dimension) {
      throw new IllegalArgumentException("query length (" + query.length + ") must equal dimension (" + dimension + ")");
    }
    try {
      RandomAccessVectorValues.Floats values = new Rows();
      var scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(VectorSimilarityFunction.DOT_PRODUCT,
          values, query);
      TopKnnCollector collector = new TopKnnCollector(ef, maxVisits);
      Bits bits = new Bits() {
        @Override
        public boolean get(int index) {
          return accept.test(index);
        }

        @Override
        public int length() {
          return size;
        }
      };
      HnswGraphSearcher.search(scorer, collector, new Cursor(), bits);
      if (collector.earlyTerminated()) {
        return null;
      }
      ScoreDoc[] docs = collector.topDocs().scoreDocs;
      int[] out = new int[docs.length];
      for (int k = 0; k < docs.length; k++) {
        out[k] = docs[k].doc;
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("searching the HNSW graph: " + e.getMessage(), e);
    }
  }

  /** One search's view of the frozen graph (the {@link HnswGraph} API is a stateful cursor). */
  private final class Cursor extends HnswGraph {
    private int at;
    private int end;
    private int[] current;

    @Override
    public void seek(int level, int target) {
      int row = level == 0 ? target : Arrays.binarySearch(nodes[level], target);
      at = offsets[level][row];
      end = offsets[level][row + 1];
      current = neighbours[level];
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int nextNeighbor() {
      return at < end ? current[at++] : org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int numLevels() {
      return offsets.length;
    }

    @Override
    public int entryNode() {
      return entryNode;
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) {
      return level == 0 ? new ArrayNodesIterator(size) : new ArrayNodesIterator(nodes[level], nodes[level].length);
    }
  }

  /** Writes the graph (not the vectors, which the owner stores). */
  public void write(SnapshotOutput out) throws IOException {
    out.writeInt(size);
    out.writeInt(dimension);
    out.writeInt(entryNode);
    out.writeInt(offsets.length);
    for (int level = 0; level < offsets.length; level++) {
      out.writeInts(level == 0 ? new int[0] : nodes[level]);
      out.writeInts(offsets[level]);
      out.writeInts(neighbours[level]);
    }
  }

  /** Reads a graph written by {@link #write} over the same {@code vectors}. */
  public static HnswIndex read(SnapshotInput in, float[] vectors) throws IOException {
    int size = in.readInt();
    int dimension = in.readInt();
    int entry = in.readInt();
    int levels = in.readInt();
    if ((long) size * dimension != vectors.length || levels < 1 || entry < 0 || entry >= size) {
      throw new IOException("hnsw graph: size (" + size + ") * dimension (" + dimension + ") must equal vectors ("
          + vectors.length + "), with levels (" + levels + ") >= 1 and entry node (" + entry + ") in range");
    }
    int[][] nodes = new int[levels][];
    int[][] offsets = new int[levels][];
    int[][] neighbours = new int[levels][];
    for (int level = 0; level < levels; level++) {
      int[] on = in.readInts();
      nodes[level] = level == 0 ? null : on;
      offsets[level] = in.readInts();
      neighbours[level] = in.readInts();
      int rowsOnLevel = level == 0 ? size : on.length;
      if (offsets[level].length != rowsOnLevel + 1 || offsets[level][rowsOnLevel] != neighbours[level].length) {
        throw new IOException("hnsw graph: level " + level + " offsets do not match its neighbours");
      }
    }
    return new HnswIndex(size, dimension, vectors, entry, nodes, offsets, neighbours);
  }
}
