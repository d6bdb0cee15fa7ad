package org.vecnn.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.vecnn.Precision;
import org.vecnn.model.Model;
import scala.Option;

/**
 * A Spark ML stage that runs a vecnn model over a column of feature rows: each partition goes through the
 * network in batches of {@link #batchSize()} rows, one {@code forward} per batch, and each row gets the
 * network's outputs and, optionally, their argmax.
 *
 * <pre>{@code
 * NetworkTransformer scorer = new NetworkTransformer()
 *         .setModelPath("hdfs:///models/digits-mlp.npz")   // or setModel(Model)
 *         .setInputCol("pixels")                          // array<float>, array<double> or an ML Vector
 *         .setOutputCol("probabilities")                  // an ML Vector of the outputs
 *         .setPredictionCol("label");                     // a double: the argmax
 * Dataset<Row> scored = scorer.transform(images);
 * }</pre>
 *
 * <p>Each executor JVM builds the network once per model, backend and precision, on its first task, and keeps
 * it until the executor stops. The backend is {@link #backend()} or, when empty, the one vecnn's selection
 * rules choose on each executor ({@code vecnn.backend}, {@code VECNN_BACKEND}, then priority).
 *
 * <p>Invalid rows (null, fewer or more values than the model's inputs, NaN or infinite values) fail the job
 * with {@code handleInvalid = "error"} (the default), are dropped with {@code "skip"} or kept with null
 * outputs and prediction with {@code "keep"}, as Spark's own transformers do.
 *
 * <p>The stage is {@link MLWritable} and readable ({@link #read()}, {@link #load(String)}); it saves the
 * weights with its params, so a saved pipeline does not depend on the model file.
 */
public final class NetworkTransformer extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;

    /** handleInvalid: fail the job on an invalid row (the default). */
    public static final String ERROR_INVALID = "error";
    /** handleInvalid: drop invalid rows. */
    public static final String SKIP_INVALID = "skip";
    /** handleInvalid: keep invalid rows, with null outputs and prediction. */
    public static final String KEEP_INVALID = "keep";

    /** @serial the stage's unique id */
    private final String uid;
    /** @serial the feature column's name */
    private final Param<String> inputCol;
    /** @serial the output column's name */
    private final Param<String> outputCol;
    /** @serial the prediction column's name, empty for none */
    private final Param<String> predictionCol;
    /** @serial rows per {@code forward} call */
    private final IntParam batchSize;
    /** @serial the backend's name, empty for vecnn's selection rules on each executor */
    private final Param<String> backend;
    /** @serial the precision the network is built in */
    private final Param<String> precision;
    /** @serial error, skip or keep */
    private final Param<String> handleInvalid;
    /** @serial where the model came from, for people reading a saved stage */
    private final Param<String> modelSource;
    /** @serial the model's weights, shipped to the executors */
    private NetworkWeights weights;

    /** A stage with a random uid and the default params; set a model before transforming. */
    public NetworkTransformer() {
        this(Identifiable$.MODULE$.randomUID("vecnnNetwork"));
    }

    /**
     * A stage with a given uid and the default params; set a model before transforming.
     *
     * @param uid the stage's unique id
     */
    public NetworkTransformer(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "the feature column: array<float>, array<double> or an ML "
                + "Vector, each row as many values as the model's inputs");
        outputCol = new Param<>(this, "outputCol", "the output column: an ML Vector of the network's outputs");
        predictionCol = new Param<>(this, "predictionCol", "the prediction column, a double: the index of the "
                + "largest output (for a single output, 1 when it is at least 0.5); empty for none");
        batchSize = new IntParam(this, "batchSize", "rows per forward pass (>= 1)", ParamValidators.gtEq(1));
        backend = new Param<>(this, "backend", "the vecnn backend each executor runs, e.g. loop, nd4j, cuda; "
                + "empty for vecnn's selection rules on each executor");
        precision = new Param<>(this, "precision", "float32, float64, or empty for the model's own",
                ParamValidators.inArray(new String[] {"", "float32", "float64"}));
        handleInvalid = new Param<>(this, "handleInvalid", "what to do with a null row, a row of another length "
                + "than the model's inputs, or one with NaN or infinite values: error (fail the job), skip (drop "
                + "the row) or keep (null outputs and prediction)",
                ParamValidators.inArray(new String[] {ERROR_INVALID, SKIP_INVALID, KEEP_INVALID}));
        modelSource = new Param<>(this, "modelSource", "where the model came from, for people reading a saved "
                + "stage; the weights themselves are held by the stage");
        setDefault(inputCol, "features");
        setDefault(outputCol, "outputs");
        setDefault(predictionCol, "");
        setDefault(batchSize, 1024);
        setDefault(backend, "");
        setDefault(precision, "");
        setDefault(handleInvalid, ERROR_INVALID);
        setDefault(modelSource, "");
    }

    /** @return the stage's unique id, kept when the stage is copied, saved and loaded */
    @Override
    public String uid() {
        return uid;
    }

    // ---- params (Spark lists a stage's params through its public no-argument methods returning Param)

    /** @return the feature column param (default {@code features}) */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** @return the output column param (default {@code outputs}) */
    public Param<String> outputCol() {
        return outputCol;
    }

    /** @return the prediction column param (default empty: no prediction column) */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** @return the rows-per-forward param (default 1024) */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the backend name param (default empty: vecnn's selection rules on each executor) */
    public Param<String> backend() {
        return backend;
    }

    /** @return the precision param: float32, float64, or empty (the default) for the model's own */
    public Param<String> precision() {
        return precision;
    }

    /** @return the invalid-row policy param: error (the default), skip or keep */
    public Param<String> handleInvalid() {
        return handleInvalid;
    }

    /** @return the param recording where the model came from (informative only) */
    public Param<String> modelSource() {
        return modelSource;
    }

    // ---- setters and getters

    /**
     * Reads the model file now, on the driver, through Hadoop's file systems (local paths, {@code hdfs://},
     * {@code s3a://}, ...), in any format {@link Model#load(java.nio.file.Path)} reads; the stage keeps the
     * weights, so the file is not needed by the executors.
     *
     * @param path the model file
     * @return this stage
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when it holds no valid model
     */
    public NetworkTransformer setModelPath(String path) {
        SparkSession session = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession().get()
                : null;
        org.apache.hadoop.conf.Configuration hadoop = session != null ? session.sparkContext().hadoopConfiguration()
                : new org.apache.hadoop.conf.Configuration();
        try {
            weights = NetworkWeights.read(path, hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("setModelPath: cannot read " + path + ": " + e.getMessage(), e);
        }
        set(modelSource, path);
        return this;
    }

    /**
     * @param model the model to run
     * @return this stage
     */
    public NetworkTransformer setModel(Model model) {
        weights = NetworkWeights.of(model);
        set(modelSource, model.toString());
        return this;
    }

    /**
     * @param weights the weights to run
     * @return this stage
     */
    public NetworkTransformer setWeights(NetworkWeights weights) {
        this.weights = java.util.Objects.requireNonNull(weights, "setWeights: weights is null");
        return this;
    }

    /** @return the weights the stage runs, or null when no model was set */
    public NetworkWeights getWeights() {
        return weights;
    }

    /**
     * @param column the feature column
     * @return this stage
     */
    public NetworkTransformer setInputCol(String column) {
        set(inputCol, column);
        return this;
    }

    /** @return the feature column */
    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    /**
     * @param column the output column
     * @return this stage
     */
    public NetworkTransformer setOutputCol(String column) {
        set(outputCol, column);
        return this;
    }

    /** @return the output column */
    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    /**
     * @param column the prediction column, or empty for none
     * @return this stage
     */
    public NetworkTransformer setPredictionCol(String column) {
        set(predictionCol, column);
        return this;
    }

    /** @return the prediction column, empty for none */
    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    /**
     * @param rows rows per forward pass, &ge; 1
     * @return this stage
     */
    public NetworkTransformer setBatchSize(int rows) {
        set(batchSize, rows);
        return this;
    }

    /** @return rows per forward pass */
    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    /**
     * @param name a backend name, e.g. {@code loop}; empty for the selection rules on each executor
     * @return this stage
     */
    public NetworkTransformer setBackend(String name) {
        set(backend, name == null ? "" : name.trim());
        return this;
    }

    /** @return the backend name, empty for the selection rules */
    public String getBackend() {
        return getOrDefault(backend);
    }

    /**
     * @param name float32, float64, or empty for the model's own
     * @return this stage
     */
    public NetworkTransformer setPrecision(String name) {
        set(precision, name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
        return this;
    }

    /** @return float32, float64, or empty for the model's own */
    public String getPrecision() {
        return getOrDefault(precision);
    }

    /**
     * @param policy error, skip or keep
     * @return this stage
     */
    public NetworkTransformer setHandleInvalid(String policy) {
        set(handleInvalid, policy);
        return this;
    }

    /** @return error, skip or keep */
    public String getHandleInvalid() {
        return getOrDefault(handleInvalid);
    }

    // ---- the transformation

    /**
     * Checks the input column and returns the output schema: the input's fields, then the output column (an
     * ML Vector whose attribute group has the model's output count), then the prediction column (double) if
     * set.
     *
     * @throws IllegalArgumentException when no model is set; the input column is missing or of another type
     *     than array&lt;float&gt;, array&lt;double&gt; or Vector; its attribute metadata gives another size than the
     *     model's inputs; or an output column exists already
     */
    @Override
    public StructType transformSchema(StructType schema) {
        NetworkWeights w = requireWeights("transformSchema");
        String in = getInputCol();
        String[] names = schema.fieldNames();
        if (!java.util.Arrays.asList(names).contains(in)) {
            throw new IllegalArgumentException("vecnn-spark: input column '" + in + "' does not exist; the columns "
                    + "are " + String.join(", ", names));
        }
        StructField field = schema.apply(in);
        InputKind kind = InputKind.of(field.dataType());
        if (kind == null) {
            throw new IllegalArgumentException("vecnn-spark: input column '" + in + "' is "
                    + field.dataType().simpleString() + "; it must be array<float>, array<double> or vector with "
                    + w.inputs() + " values per row (the model's inputs)");
        }
        if (kind == InputKind.VECTOR) {
            int size = AttributeGroup.fromStructField(field).size();
            if (size >= 0 && size != w.inputs()) {
                throw new IllegalArgumentException("vecnn-spark: input column '" + in + "' holds vectors of size "
                        + size + " (its metadata), but the model " + w + " takes " + w.inputs() + " inputs");
            }
        }
        String out = getOutputCol();
        String prediction = getPredictionCol();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("vecnn-spark: the output column name is empty");
        }
        for (String column : prediction.isEmpty() ? new String[] {out} : new String[] {out, prediction}) {
            if (java.util.Arrays.asList(names).contains(column)) {
                throw new IllegalArgumentException("vecnn-spark: output column '" + column + "' exists already in "
                        + "the input; choose another name");
            }
        }
        if (out.equals(prediction)) {
            throw new IllegalArgumentException("vecnn-spark: the output and prediction columns are both '" + out
                    + "'");
        }
        // Nullable: handleInvalid=keep leaves the outputs of an invalid row null.
        StructType result = schema.add(new StructField(out, SQLDataTypes.VectorType(), true,
                new AttributeGroup(out, w.outputs()).toMetadata()));
        if (!prediction.isEmpty()) {
            result = result.add(new StructField(prediction, DataTypes.DoubleType, true, Metadata.empty()));
        }
        return result;
    }

    /**
     * Scores every row of the input column; see the class comment.
     *
     * @throws IllegalArgumentException as {@link #transformSchema(StructType)}
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outSchema = transformSchema(dataset.schema(), true);
        NetworkWeights w = requireWeights("transform");
        String in = getInputCol();
        int column = dataset.schema().fieldIndex(in);
        Precision p = getPrecision().isEmpty() ? w.precision()
                : getPrecision().equals("float32") ? Precision.FLOAT32 : Precision.FLOAT64;
        SparkSession session = dataset.sparkSession();
        Broadcast<NetworkWeights> shipped = JavaSparkContext.fromSparkContext(session.sparkContext()).broadcast(w);
        PartitionScorer scorer = new PartitionScorer(w.digest(), w.inputs(), shipped, getBackend(), p, in, column,
                InputKind.of(dataset.schema().apply(in).dataType()), getBatchSize(), getHandleInvalid(),
                !getPredictionCol().isEmpty());
        return dataset.toDF().mapPartitions((MapPartitionsFunction<Row, Row>) scorer, Encoders.row(outSchema));
    }

    private NetworkWeights requireWeights(String operation) {
        if (weights == null) {
            throw new IllegalArgumentException("vecnn-spark: " + operation + ": no model set; call setModelPath(path)"
                    + " or setModel(model) first");
        }
        return weights;
    }

    /**
     * @param extra params to set on the copy
     * @return a copy with the same uid, weights and params, then the extra params
     */
    @Override
    public NetworkTransformer copy(ParamMap extra) {
        NetworkTransformer that = new NetworkTransformer(uid);
        that.weights = weights;
        return copyValues(that, extra);
    }

    /** @return the uid and the model, e.g. {@code NetworkTransformer: uid=vecnnNetwork_…, model=Model[…]} */
    @Override
    public String toString() {
        return "NetworkTransformer: uid=" + uid + ", model=" + (weights == null ? "none" : weights.toString());
    }

    // ---- persistence

    /** @return a writer that saves the params and the weights ({@code data/model.npz}) under a path */
    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** @return the reader of saved stages, which Spark's {@code Pipeline} loading also calls */
    public static MLReader<NetworkTransformer> read() {
        return new Reader();
    }

    /**
     * @param path where a stage was saved
     * @return the stage
     */
    public static NetworkTransformer load(String path) {
        return read().load(path);
    }

    private static final class Writer extends MLWriter {
        private final NetworkTransformer stage;

        Writer(NetworkTransformer stage) {
            this.stage = stage;
        }

        @Override
        public void saveImpl(String path) {
            NetworkWeights w = stage.requireWeights("save");
            DefaultParamsWriter.saveMetadata(stage, path, sparkSession());
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path, "data/model.npz");
            try (FileSystem fs = FileSystem.newInstance(file.toUri(), sparkSession().sparkContext()
                    .hadoopConfiguration()); OutputStream out = fs.create(file, true)) {
                out.write(w.npz());
            } catch (IOException e) {
                throw new UncheckedIOException("vecnn-spark: cannot save the weights to " + file, e);
            }
        }
    }

    private static final class Reader extends MLReader<NetworkTransformer> {
        @Override
        public NetworkTransformer load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    NetworkTransformer.class.getName());
            NetworkTransformer stage = new NetworkTransformer(metadata.uid());
            metadata.getAndSetParams(stage, Option.empty());
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path, "data/model.npz");
            try (FileSystem fs = FileSystem.newInstance(file.toUri(), sparkSession().sparkContext()
                    .hadoopConfiguration()); java.io.InputStream in = fs.open(file)) {
                stage.weights = NetworkWeights.fromNpz(in.readAllBytes(), file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("vecnn-spark: cannot read the weights of the stage saved at " + path, e);
            }
            return stage;
        }
    }

    /** The kinds of input column the stage reads. */
    enum InputKind {
        FLOAT_ARRAY, DOUBLE_ARRAY, VECTOR;

        static InputKind of(DataType type) {
            if (type instanceof ArrayType) {
                DataType element = ((ArrayType) type).elementType();
                return element.equals(DataTypes.FloatType) ? FLOAT_ARRAY
                        : element.equals(DataTypes.DoubleType) ? DOUBLE_ARRAY : null;
            }
            return type.equals(SQLDataTypes.VectorType()) ? VECTOR : null;
        }
    }
}
