package org.vecnn.examples;

import static org.apache.spark.sql.functions.expr;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.vecnn.Activation;
import org.vecnn.model.Model;
import org.vecnn.model.Sequential;
import org.vecnn.spark.NetworkTransformer;

/**
 * Batch inference on Spark in local mode: a generated DataFrame of 8&times;8 "images" (64 pixel values 0..16,
 * computed in SQL from the row id, so the example needs no data) is scored by a 64&rarr;32 relu&rarr;10 softmax
 * network through {@link NetworkTransformer}, batch by batch, and the predicted classes are counted.
 *
 * <p>Run it from the repository root (docs/spark.md):
 * <pre>
 * ./mvnw -q -B -pl examples -am verify -DskipTests -Pspark-example
 * ./mvnw -q -B -pl examples -am verify -DskipTests -Pspark-example -Dexample.rows=1000000 -Dexample.backend=ejml
 * </pre>
 */
public final class SparkScoringExample {
    private SparkScoringExample() {
    }

    /**
     * What one run scored.
     *
     * @param model the model, described
     * @param rows the rows scored
     * @param perClass the rows predicted as each class, 0..9
     * @param first the outputs of row 0
     */
    public record Result(String model, long rows, long[] perClass, double[] first) {
    }

    /**
     * The generated input: columns {@code id} (long) and {@code pixels} (array&lt;float&gt;, 64 values 0..16).
     *
     * @param spark the session
     * @param rows how many rows
     * @return the DataFrame
     */
    public static Dataset<Row> images(SparkSession spark, long rows) {
        return spark.range(rows).withColumn("pixels",
                expr("transform(sequence(0, 63), i -> cast(pmod(hash(id, i), 17) as float))"));
    }

    /**
     * Scores {@link #images} with a seeded network.
     *
     * @param spark the session
     * @param rows how many rows
     * @param backend a backend name, or empty for vecnn's selection rules on each executor
     * @return what was scored
     */
    public static Result run(SparkSession spark, long rows, String backend) {
        Model model = Sequential.input(64).dense(32, Activation.RELU).dense(10, Activation.SOFTMAX).initialize(42);
        NetworkTransformer scorer = new NetworkTransformer()
                .setModel(model)
                .setInputCol("pixels")
                .setOutputCol("probabilities")
                .setPredictionCol("digit")
                .setBatchSize(1024)
                .setBackend(backend);
        Dataset<Row> scored = scorer.transform(images(spark, rows));
        long[] perClass = new long[10];
        for (Row r : scored.groupBy("digit").count().collectAsList()) {
            perClass[(int) r.getDouble(0)] = r.getLong(1);
        }
        // A second, one-row job: asking the scored DataFrame for row 0 would score every row again.
        List<Row> head = scorer.transform(images(spark, 1)).collectAsList();
        double[] first = ((Vector) head.get(0).getAs("probabilities")).toArray();
        long total = 0;
        for (long n : perClass) {
            total += n;
        }
        return new Result(model.toString(), total, perClass, first);
    }

    /**
     * Starts Spark in local mode on every core, scores the rows and prints a summary.
     *
     * @param args the number of rows (default 100000), then an optional backend name
     */
    public static void main(String[] args) {
        long rows = args.length > 0 && !args[0].isBlank() ? Long.parseLong(args[0].trim()) : 100_000;
        String backend = args.length > 1 ? args[1].trim() : "";
        SparkSession spark = SparkSession.builder().master("local[*]").appName("vecnn-spark-example")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            long start = System.nanoTime();
            Result result = run(spark, rows, backend);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(result.model() + " on backend " + (backend.isEmpty() ? "(selection rules)" : backend)
                    + ": scored " + result.rows() + " rows in " + String.format(java.util.Locale.ROOT, "%.1f", seconds)
                    + " s");
            for (int c = 0; c < 10; c++) {
                System.out.println("  class " + c + ": " + result.perClass()[c] + " rows");
            }
            System.out.println("  row 0: " + java.util.Arrays.toString(result.first()));
        } finally {
            spark.stop();
        }
    }
}
