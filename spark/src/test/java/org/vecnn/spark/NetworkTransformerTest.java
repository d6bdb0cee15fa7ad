package org.vecnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vecnn.Activation;
import org.vecnn.Precision;
import org.vecnn.model.Model;
import org.vecnn.model.Sequential;

/**
 * The stage in Spark's local[2] mode (driver and two task threads in this JVM): the digits predictions against
 * vecnn predict's code path, partitions and batches, invalid rows, schema errors, the per-JVM network cache,
 * a backend the executor lacks, and saving and loading a pipeline.
 */
@Tag("slow")
class NetworkTransformerTest {
    private static final int BATCH = 60;

    private static SparkSession spark;
    private static JavaSparkContext jsc;
    private static double[][] digits;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("vecnn-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                // Tiny inputs: interpreting the plans is faster than compiling them (seconds per query shape).
                .config("spark.sql.codegen.wholeStage", "false")
                .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        digits = Digits.rows();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static final StructType DOUBLES = schema(DataTypes.createArrayType(DataTypes.DoubleType, true));

    private static StructType schema(DataType features) {
        return new StructType(new StructField[] {
            new StructField("id", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("features", features, true, Metadata.empty())});
    }

    /** One partition of rows [from, to) of digits, as array<double>. */
    private static Dataset<Row> partition(int from, int to) {
        List<Row> rows = new ArrayList<>();
        for (int r = from; r < to; r++) {
            rows.add(RowFactory.create(r, digits[r]));
        }
        return spark.createDataFrame(jsc.parallelize(rows, 1), DOUBLES);
    }

    private static Dataset<Row> evenPartitions(int count, DataType type) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < digits.length; r++) {
            Object features = type.equals(SQLDataTypes.VectorType()) ? new DenseVector(digits[r])
                    : type.sameType(DataTypes.createArrayType(DataTypes.FloatType)) ? toFloats(digits[r]) : digits[r];
            rows.add(RowFactory.create(r, features));
        }
        return spark.createDataFrame(jsc.parallelize(rows, count), schema(type));
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private static NetworkTransformer digitsStage(String backend) {
        return new NetworkTransformer().setModelPath(Digits.model().toString()).setBackend(backend)
                .setBatchSize(BATCH).setPredictionCol("label");
    }

    // ---- predictions

    @ParameterizedTest
    @ValueSource(strings = {"loop", "ejml"})
    void digitsOutputsAndLabelsAreThoseOfVecnnPredict(String backend) throws IOException {
        // Two partitions of 180 rows in batches of 60: the same batches as vecnn predict --batch 60 forms.
        List<Row> scored = digitsStage(backend).transform(evenPartitions(2, DOUBLES.apply("features").dataType()))
                .collectAsList();
        assertEquals(Digits.predict(digits, backend, BATCH, null, false), Digits.printed(scored, "outputs",
                Precision.FLOAT64));
        assertEquals(Digits.predict(digits, backend, BATCH, null, true), Digits.labels(scored, "label"));
        for (int r = 0; r < scored.size(); r++) {
            assertEquals(r, scored.get(r).getInt(0), "row order");
        }
    }

    @Test
    void floatArraysAndVectorsGiveTheSamePredictionsAsDoubleArrays() throws IOException {
        List<String> expected = Digits.predict(digits, "loop", BATCH, null, false);
        for (DataType type : new DataType[] {DataTypes.createArrayType(DataTypes.FloatType, false),
                SQLDataTypes.VectorType()}) {
            List<Row> scored = digitsStage("loop").transform(evenPartitions(2, type)).collectAsList();
            assertEquals(expected, Digits.printed(scored, "outputs", Precision.FLOAT64), type.simpleString());
        }
    }

    @Test
    void arraysPutInRowsByAnUpstreamJavaFunctionAreReadAsWell() throws IOException {
        // Between two object operations Spark passes the upstream objects on as they are: float[] and Double[].
        StructType floats = new StructType(new StructField[] {new StructField("features",
                DataTypes.createArrayType(DataTypes.FloatType, false), false, Metadata.empty())});
        double[][] rows = digits;
        for (boolean boxed : new boolean[] {false, true}) {
            StructType schema = boxed ? schema(DataTypes.createArrayType(DataTypes.DoubleType, true)) : floats;
            Dataset<Row> input = spark.range(0, rows.length, 1, 2).toDF().mapPartitions(
                    (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) ids -> {
                        List<Row> out = new ArrayList<>();
                        while (ids.hasNext()) {
                            int id = (int) ids.next().getLong(0);
                            out.add(boxed ? RowFactory.create(id, boxed(rows[id]))
                                    : RowFactory.create((Object) toFloats(rows[id])));
                        }
                        return out.iterator();
                    }, org.apache.spark.sql.Encoders.row(schema));
            List<Row> scored = digitsStage("loop").transform(input).collectAsList();
            assertEquals(Digits.predict(digits, "loop", BATCH, null, false), Digits.printed(scored, "outputs",
                    Precision.FLOAT64), boxed ? "Double[]" : "float[]");
        }
    }

    @Test
    void anOnnxModelScoresLikeVecnnPredictOnTheSameWeights() throws IOException {
        // digits-mlp.onnx is digits-mlp.npz exported through PyTorch in float32 (examples/digits/export_onnx.py):
        // the same weights as the .npz read in FLOAT32, so the same outputs to the last bit.
        NetworkTransformer stage = new NetworkTransformer()
                .setModelPath(Digits.folder().resolve("digits-mlp.onnx").toString()).setBackend("loop")
                .setBatchSize(BATCH).setPredictionCol("label").setPrecision("float32");
        List<Row> scored = stage.transform(evenPartitions(2, DOUBLES.apply("features").dataType())).collectAsList();
        assertEquals(Digits.predict(digits, "loop", BATCH, Precision.FLOAT32, false),
                Digits.printed(scored, "outputs", Precision.FLOAT32));
        assertEquals(Digits.predict(digits, "loop", BATCH, Precision.FLOAT32, true), Digits.labels(scored, "label"));
    }

    @Test
    void float32PrecisionGivesVecnnPredictsFloat32Outputs() throws IOException {
        List<Row> scored = digitsStage("loop").setPrecision("float32")
                .transform(evenPartitions(2, DOUBLES.apply("features").dataType())).collectAsList();
        assertEquals(Digits.predict(digits, "loop", BATCH, Precision.FLOAT32, false),
                Digits.printed(scored, "outputs", Precision.FLOAT32));
    }

    @Test
    void partitionsSmallerAndLargerThanABatchAndEmptyOnesKeepEveryRowInOrder() throws IOException {
        int batch = 64;
        Dataset<Row> input = partition(0, 10)                              // smaller than a batch
                .union(spark.createDataFrame(jsc.parallelize(List.<Row>of(), 1), DOUBLES)) // empty
                .union(partition(10, 160));                                // 64 + 64 + 22
        assertEquals(3, input.rdd().getNumPartitions());
        List<Row> scored = digitsStage("loop").setBatchSize(batch).transform(input).collectAsList();
        List<String> expected = new ArrayList<>(Digits.predict(Arrays.copyOfRange(digits, 0, 10), "loop", batch,
                null, false));
        expected.addAll(Digits.predict(Arrays.copyOfRange(digits, 10, 160), "loop", batch, null, false));
        assertEquals(expected, Digits.printed(scored, "outputs", Precision.FLOAT64));
        for (int r = 0; r < 160; r++) {
            assertEquals(r, scored.get(r).getInt(0));
        }
        Dataset<Row> empty = spark.createDataFrame(jsc.parallelize(List.<Row>of(), 2), DOUBLES);
        assertEquals(0, digitsStage("loop").transform(empty).count());
    }

    @Test
    void eachJvmBuildsANetworkOncePerModelBackendAndPrecision() {
        Model model = Sequential.input(64).dense(10, Activation.SOFTMAX).initialize(20261205L);
        NetworkTransformer stage = new NetworkTransformer().setModel(model).setBackend("loop").setBatchSize(7);
        Dataset<Row> input = evenPartitions(4, DOUBLES.apply("features").dataType());
        int before = ExecutorNetworks.loads();
        assertEquals(360, stage.transform(input).count());
        assertEquals(360, stage.transform(input).filter("outputs is not null").count());
        assertEquals(before + 1, ExecutorNetworks.loads(), "8 tasks of one model on one backend");
        stage.setPrecision("float32").transform(input).count();
        assertEquals(before + 2, ExecutorNetworks.loads(), "another precision is another network");
    }

    // ---- invalid rows

    /** Rows 0 and 6 valid; 1 null; 2 short; 3 long; 4 NaN; 5 infinite; 7 a null element. */
    private static Dataset<Row> withInvalidRows() {
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(0, boxed(digits[0])));
        rows.add(RowFactory.create(1, null));
        rows.add(RowFactory.create(2, boxed(Arrays.copyOf(digits[1], 63))));
        rows.add(RowFactory.create(3, boxed(Arrays.copyOf(digits[1], 65))));
        double[] nan = digits[1].clone();
        nan[5] = Double.NaN;
        rows.add(RowFactory.create(4, boxed(nan)));
        double[] inf = digits[1].clone();
        inf[63] = Double.POSITIVE_INFINITY;
        rows.add(RowFactory.create(5, boxed(inf)));
        rows.add(RowFactory.create(6, boxed(digits[2])));
        Double[] withNull = boxed(digits[3]);
        withNull[10] = null;
        rows.add(RowFactory.create(7, withNull));
        return spark.createDataFrame(jsc.parallelize(rows, 1), DOUBLES);
    }

    private static Double[] boxed(double[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    @Test
    void handleInvalidErrorFailsOnTheFirstInvalidRowNamingIt() {
        SparkException e = assertThrows(SparkException.class,
                () -> digitsStage("loop").transform(withInvalidRows()).collectAsList());
        assertTrue(e.getMessage().contains("vecnn-spark: row 2 of partition 0, column 'features': the value is "
                + "null; set handleInvalid to 'skip'"), e.getMessage());
        SparkException shortRow = assertThrows(SparkException.class, () -> digitsStage("loop")
                .transform(withInvalidRows().filter("id > 1")).collectAsList());
        assertTrue(shortRow.getMessage().contains("row 1 of partition 0, column 'features': the row has 63 values, "
                + "but the model takes 64"), shortRow.getMessage());
        SparkException nan = assertThrows(SparkException.class, () -> digitsStage("loop")
                .transform(withInvalidRows().filter("id = 4")).collectAsList());
        assertTrue(nan.getMessage().contains("value 5 is NaN (vecnn needs finite inputs)"), nan.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 1024})
    void handleInvalidSkipDropsEveryInvalidRow(int batch) throws IOException {
        List<Row> scored = digitsStage("loop").setBatchSize(batch).setHandleInvalid("skip")
                .transform(withInvalidRows()).collectAsList();
        assertEquals(List.of(0, 6), ids(scored));
        assertEquals(Digits.predict(new double[][] {digits[0], digits[2]}, "loop", batch, null, false),
                Digits.printed(scored, "outputs", Precision.FLOAT64));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 1024})
    void handleInvalidKeepKeepsInvalidRowsInPlaceWithNullOutputs(int batch) throws IOException {
        List<Row> scored = digitsStage("loop").setBatchSize(batch).setHandleInvalid("keep")
                .transform(withInvalidRows()).collectAsList();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), ids(scored));
        for (Row row : scored) {
            boolean valid = row.getInt(0) == 0 || row.getInt(0) == 6;
            if (valid) {
                assertNotNull(row.getAs("outputs"));
                assertNotNull(row.getAs("label"));
            } else {
                assertNull(row.getAs("outputs"), "row " + row.getInt(0));
                assertNull(row.getAs("label"), "row " + row.getInt(0));
            }
        }
        List<Row> valid = List.of(scored.get(0), scored.get(6));
        assertEquals(Digits.predict(new double[][] {digits[0], digits[2]}, "loop", batch, null, false),
                Digits.printed(valid, "outputs", Precision.FLOAT64));
    }

    private static List<Integer> ids(List<Row> rows) {
        List<Integer> ids = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getInt(0));
        }
        return ids;
    }

    // ---- schema

    @Test
    void transformSchemaNamesTheColumnAndTheSizes() {
        NetworkTransformer stage = digitsStage("loop");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> stage.copy(new org.apache.spark.ml.param.ParamMap()).setInputCol("pixels")
                        .transformSchema(DOUBLES));
        assertEquals("vecnn-spark: input column 'pixels' does not exist; the columns are id, features",
                missing.getMessage());
        IllegalArgumentException ints = assertThrows(IllegalArgumentException.class,
                () -> stage.transformSchema(schema(DataTypes.createArrayType(DataTypes.IntegerType))));
        assertEquals("vecnn-spark: input column 'features' is array<int>; it must be array<float>, array<double> "
                + "or vector with 64 values per row (the model's inputs)", ints.getMessage());
        StructType sized = new StructType(new StructField[] {new AttributeGroup("features", 63).toStructField()});
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> stage.transformSchema(sized));
        assertTrue(size.getMessage().startsWith("vecnn-spark: input column 'features' holds vectors of size 63 "
                + "(its metadata), but the model Model[64→32 relu, 32→10 softmax] FLOAT64"), size.getMessage());
        assertTrue(size.getMessage().endsWith("takes 64 inputs"), size.getMessage());
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> stage.setOutputCol("id").transformSchema(DOUBLES));
        assertEquals("vecnn-spark: output column 'id' exists already in the input; choose another name",
                taken.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new NetworkTransformer().transformSchema(DOUBLES));
        assertEquals("vecnn-spark: transformSchema: no model set; call setModelPath(path) or setModel(model) first",
                none.getMessage());
    }

    @Test
    void theOutputSchemaCarriesTheOutputCount() {
        StructType out = digitsStage("loop").transformSchema(DOUBLES);
        assertEquals(List.of("id", "features", "outputs", "label"), Arrays.asList(out.fieldNames()));
        assertEquals(10, AttributeGroup.fromStructField(out.apply("outputs")).size());
        assertEquals(DataTypes.DoubleType, out.apply("label").dataType());
    }

    @Test
    void aMissingModelFileIsReportedWithItsPath(@TempDir Path dir) {
        Path absent = dir.resolve("absent.npz");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new NetworkTransformer().setModelPath(absent.toString()));
        assertTrue(e.getMessage().startsWith("setModelPath: cannot read " + absent), e.getMessage());
    }

    @Test
    void aModelFileThatHoldsNoModelIsReportedUnderItsOwnName(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.npz"), "not a zip archive");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new NetworkTransformer().setModelPath(bad.toString()));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("vecnn-spark-model"), "names the temporary copy: " + e.getMessage());
    }

    // ---- backends

    @Test
    void aBackendTheExecutorCannotRunFailsTheJobNamingTheExecutorAndTheBackend() {
        SparkException e = assertThrows(SparkException.class, () -> digitsStage("no-such-backend")
                .transform(partition(0, 5)).collectAsList());
        assertTrue(e.getMessage().contains("org.vecnn.BackendUnavailableException: vecnn-spark: executor driver on "),
                e.getMessage());
        assertTrue(e.getMessage().contains("cannot run backend 'no-such-backend': "), e.getMessage());
        assertTrue(e.getMessage().contains("every executor needs the backend's jar (spark-submit --jars or "
                + "--packages, or a job jar that holds it)"), e.getMessage());
    }

    @Test
    void theDefaultBackendFollowsTheSelectionRules() throws IOException {
        // loop (priority 200) outranks ejml (100) on this test class path.
        List<Row> scored = digitsStage("").transform(evenPartitions(2, DOUBLES.apply("features").dataType()))
                .collectAsList();
        assertEquals(Digits.predict(digits, "loop", BATCH, null, true), Digits.labels(scored, "label"));
    }

    // ---- persistence

    @Test
    void aSavedPipelineLoadsAndScoresTheSameWithoutTheModelFile(@TempDir Path dir) throws IOException {
        Path copy = Files.copy(Digits.model(), dir.resolve("copy.npz"));
        NetworkTransformer stage = new NetworkTransformer().setModelPath(copy.toString()).setBackend("ejml")
                .setBatchSize(BATCH).setOutputCol("p").setPredictionCol("digit").setHandleInvalid("skip");
        Dataset<Row> input = evenPartitions(2, DOUBLES.apply("features").dataType());
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {stage}).fit(input);
        Files.delete(copy);
        fitted.write().overwrite().save(dir.resolve("pipeline").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("pipeline").toString());

        NetworkTransformer back = (NetworkTransformer) loaded.stages()[0];
        assertEquals(stage.uid(), back.uid());
        assertEquals("ejml", back.getBackend());
        assertEquals(BATCH, back.getBatchSize());
        assertEquals("p", back.getOutputCol());
        assertEquals("digit", back.getPredictionCol());
        assertEquals("skip", back.getHandleInvalid());
        assertEquals(copy.toString(), back.getOrDefault(back.modelSource()));
        assertEquals(stage.getWeights(), back.getWeights());
        assertEquals(Model.load(Digits.model()), back.getWeights().model());
        List<Row> scored = loaded.transform(input).collectAsList();
        assertEquals(Digits.predict(digits, "ejml", BATCH, null, false), Digits.printed(scored, "p",
                Precision.FLOAT64));
        assertEquals(Digits.predict(digits, "ejml", BATCH, null, true), Digits.labels(scored, "digit"));
    }

    @Test
    void aStageSavesAndLoadsOnItsOwn(@TempDir Path dir) throws IOException {
        NetworkTransformer stage = digitsStage("loop").setPrecision("float32");
        stage.write().save(dir.resolve("stage").toString());
        NetworkTransformer back = NetworkTransformer.load(dir.resolve("stage").toString());
        assertEquals("float32", back.getPrecision());
        assertEquals(stage.getWeights().digest(), back.getWeights().digest());
        assertTrue(Files.isRegularFile(dir.resolve("stage/data/model.npz")));
    }
}
