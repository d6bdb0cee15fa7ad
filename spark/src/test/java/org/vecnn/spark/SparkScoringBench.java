package org.vecnn.spark;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.vecnn.Activation;
import org.vecnn.Backend;
import org.vecnn.Backends;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.model.Model;
import org.vecnn.model.PredictionWriter;
import org.vecnn.model.Predictor;
import org.vecnn.model.RowSource;
import org.vecnn.model.Sequential;

/**
 * Rows per second per core of scoring 784-feature rows through 784&rarr;256 relu&rarr;128 relu&rarr;10 softmax
 * (FLOAT32, backend {@code loop}), three ways, each over rows generated on the fly by the same seeded generator:
 * <ol>
 * <li>{@link NetworkTransformer} in Spark {@code local[2]}, batches of 1024;</li>
 * <li>one plain JVM through {@code vecnn predict --argmax}'s path ({@link Predictor#predict}), batches of 1024;</li>
 * <li>a naive per-row UDF in Spark {@code local[2]}: one {@code forward} of a 1&times;784 matrix per row, on a
 *     network built once per JVM (the rate is per row, so it runs on fewer rows).</li>
 * </ol>
 * Each is run once on a smaller input first (JIT warm-up). Both Spark runs and the plain run use two cores (the
 * loop backend's product runs on every core). Not a test: run it with (docs/benchmarks.md, "Spark")
 * <pre>
 * ./mvnw -q -B -pl spark -am verify -DskipTests -Pspark-bench [-Dbench.rows=1000000] [-Dbench.naiveRows=50000]
 * </pre>
 */
public final class SparkScoringBench {
    static final int FEATURES = 784;
    static final int BATCH = 1024;
    static final int CORES = 2;

    private SparkScoringBench() {
    }

    static Model model() {
        return Sequential.input(FEATURES).dense(256, Activation.RELU).dense(128, Activation.RELU)
                .dense(10, Activation.SOFTMAX).initialize(784).withPrecision(Precision.FLOAT32);
    }

    /** Row {@code id}: 784 values uniform in [0, 1), the same in every run and every JVM. */
    static float[] row(long id) {
        SplittableRandom random = new SplittableRandom(id * 0x9E3779B97F4A7C15L + 784);
        float[] values = new float[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            values[i] = (float) random.nextDouble();
        }
        return values;
    }

    static Dataset<Row> rows(SparkSession spark, long n) {
        StructType schema = new StructType(new StructField[] {
            new StructField("features", DataTypes.createArrayType(DataTypes.FloatType, false), false,
                    Metadata.empty())});
        return spark.range(0, n, 1, CORES).toDF().mapPartitions((MapPartitionsFunction<Row, Row>) ids -> {
            return new Iterator<Row>() {
                @Override
                public boolean hasNext() {
                    return ids.hasNext();
                }

                @Override
                public Row next() {
                    return RowFactory.create((Object) row(ids.next().getLong(0)));
                }
            };
        }, Encoders.row(schema));
    }

    static double transformer(SparkSession spark, long n) {
        NetworkTransformer stage = new NetworkTransformer().setModel(model()).setInputCol("features")
                .setBackend("loop").setBatchSize(BATCH).setPredictionCol("label");
        long start = System.nanoTime();
        double check = stage.transform(rows(spark, n)).agg(sum("label")).first().getDouble(0);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (check < 0) {
            throw new AssertionError("impossible label sum " + check);
        }
        return n / seconds / CORES;
    }

    /** The naive user's network: built once per JVM, then one forward per row. */
    static final class NaiveNetwork {
        static final Network NETWORK = model().build(Backends.get("loop"), Precision.FLOAT32);
    }

    static double naiveUdf(SparkSession spark, long n) {
        spark.udf().register("naive_forward", (UDF1<scala.collection.Seq<Float>, Double>) features -> {
            float[] x = new float[FEATURES];
            Iterator<Float> it = scala.jdk.javaapi.CollectionConverters.asJava(features.iterator());
            for (int i = 0; i < FEATURES; i++) {
                x[i] = it.next();
            }
            Network network = NaiveNetwork.NETWORK;
            try (Matrix in = network.backend().matrix(1, FEATURES, x); Matrix out = network.forward(in)) {
                return (double) PredictionWriter.label(out.toDoubleArray(), 0, out.cols());
            }
        }, DataTypes.DoubleType);
        long start = System.nanoTime();
        double check = rows(spark, n).select(callUDF("naive_forward", col("features")).as("label"))
                .agg(sum("label")).first().getDouble(0);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (check < 0) {
            throw new AssertionError("impossible label sum " + check);
        }
        return n / seconds / CORES;
    }

    static double plainJvm(long n) throws IOException {
        try (Backend backend = Backends.get("loop"); Network network = model().build(backend, Precision.FLOAT32)) {
            RowSource source = new RowSource() {
                private long next;

                @Override
                public int columns() {
                    return FEATURES;
                }

                @Override
                public int read(double[] into, int maxRows) {
                    int r = 0;
                    while (r < maxRows && next < n) {
                        float[] values = row(next++);
                        for (int i = 0; i < FEATURES; i++) {
                            into[r * FEATURES + i] = values[i];
                        }
                        r++;
                    }
                    return r;
                }

                @Override
                public double progress() {
                    return (double) next / n;
                }

                @Override
                public String name() {
                    return "generated rows";
                }

                @Override
                public void close() {
                }
            };
            long start = System.nanoTime();
            long done = Predictor.predict(network, source, BATCH, new PredictionWriter(Writer.nullWriter(), true), null);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (done != n) {
                throw new AssertionError("predicted " + done + " of " + n + " rows");
            }
            return n / seconds / CORES;
        }
    }

    /**
     * Runs the three measurements and prints them with their ratios.
     *
     * @param args the rows for the transformer and the plain JVM (default 1000000), then for the naive UDF
     *     (default 50000)
     * @throws IOException never in practice (the plain run writes to a null writer)
     */
    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long naiveRows = args.length > 1 ? Long.parseLong(args[1]) : 50_000;
        SparkSession spark = SparkSession.builder().master("local[" + CORES + "]").appName("vecnn-spark-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        List<String> lines = new ArrayList<>();
        try {
            transformer(spark, Math.min(rows, 100_000));
            double t = transformer(spark, rows);
            naiveUdf(spark, Math.min(naiveRows, 5_000));
            double u = naiveUdf(spark, naiveRows);
            plainJvm(Math.min(rows, 100_000));
            double p = plainJvm(rows);
            lines.add(String.format(Locale.ROOT, "NetworkTransformer, local[2], %d rows: %.0f rows/s/core", rows, t));
            lines.add(String.format(Locale.ROOT, "plain JVM, Predictor (vecnn predict --argmax), %d rows: %.0f "
                    + "rows/s/core", rows, p));
            lines.add(String.format(Locale.ROOT, "naive per-row UDF, local[2], %d rows: %.0f rows/s/core", naiveRows,
                    u));
            lines.add(String.format(Locale.ROOT, "transformer / plain JVM = %.2f (target >= 0.7)", t / p));
            lines.add(String.format(Locale.ROOT, "transformer / naive UDF = %.1f (target >= 10)", t / u));
        } finally {
            spark.stop();
        }
        lines.forEach(System.out::println);
    }
}
