package org.vecnn.spark;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.vecnn.Matrix;
import org.vecnn.Network;
import org.vecnn.Precision;
import org.vecnn.model.PredictionWriter;

/**
 * Scores one partition, batch by batch: it reads up to {@code batch} valid rows into one row-major buffer, runs
 * one forward pass, and hands the rows on in their input order with their outputs appended. This is the
 * closure Spark ships to the executors; the weights travel as a broadcast variable and are read only when the
 * executor has not built the network yet.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String digest;
    private final int inputs;
    private final Broadcast<NetworkWeights> weights;
    private final String backend;
    private final Precision precision;
    private final String columnName;
    private final int column;
    private final NetworkTransformer.InputKind kind;
    private final int batch;
    private final String handleInvalid;
    private final boolean prediction;

    PartitionScorer(String digest, int inputs, Broadcast<NetworkWeights> weights, String backend, Precision precision,
            String columnName, int column, NetworkTransformer.InputKind kind, int batch, String handleInvalid,
            boolean prediction) {
        this.digest = digest;
        this.inputs = inputs;
        this.weights = weights;
        this.backend = backend;
        this.precision = precision;
        this.columnName = columnName;
        this.column = column;
        this.kind = kind;
        this.batch = batch;
        this.handleInvalid = handleInvalid;
        this.prediction = prediction;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Batches(rows);
    }

    /** The output rows of a partition, computed one batch ahead of the consumer. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private final Row[] pending = new Row[batch];
        private final boolean[] valid = new boolean[batch];
        private final double[] buffer;
        private Network network;
        private long rowIndex;

        Batches(Iterator<Row> rows) {
            this.rows = rows;
            if ((long) batch * inputs > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("vecnn-spark: a batch of " + batch + " rows of " + inputs
                        + " values is larger than one array can hold; set a smaller batchSize");
            }
            this.buffer = new double[batch * inputs];
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && rows.hasNext()) {
                fill();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        // Reads rows until `batch` valid ones (or the end), then scores them. Kept invalid rows ride along in
        // `pending` so that the output keeps the input's order.
        private void fill() {
            int held = 0;
            int n = 0;
            while (n < batch && held < batch && rows.hasNext()) {
                Row row = rows.next();
                rowIndex++;
                String problem = read(row, n * inputs);
                if (problem == null) {
                    pending[held] = row;
                    valid[held++] = true;
                    n++;
                } else if (handleInvalid.equals(NetworkTransformer.ERROR_INVALID)) {
                    throw new IllegalArgumentException("vecnn-spark: row " + rowIndex + " of partition "
                            + partition() + ", column '" + columnName + "': " + problem + "; set handleInvalid to "
                            + "'skip' to drop such rows or 'keep' to keep them with null outputs");
                } else if (handleInvalid.equals(NetworkTransformer.KEEP_INVALID)) {
                    pending[held] = row;
                    valid[held++] = false;
                }
            }
            double[] outputs = null;
            int cols = 0;
            if (n > 0) {
                if (network == null) {
                    network = ExecutorNetworks.network(digest, weights::value, backend, precision);
                }
                double[] data = n == batch ? buffer : Arrays.copyOf(buffer, n * inputs);
                try (Matrix input = network.backend().matrix(n, inputs, data, network.precision());
                        Matrix output = network.forward(input)) {
                    outputs = output.toDoubleArray();
                    cols = output.cols();
                }
            }
            int r = 0;
            for (int i = 0; i < held; i++) {
                Row row = pending[i];
                pending[i] = null;
                Object out = null;
                Object label = null;
                if (valid[i]) {
                    out = new DenseVector(Arrays.copyOfRange(outputs, r * cols, (r + 1) * cols));
                    label = (double) PredictionWriter.label(outputs, r * cols, cols);
                    r++;
                }
                ready.add(append(row, out, label));
            }
        }

        private Row append(Row row, Object out, Object label) {
            int width = row.length();
            Object[] values = new Object[width + (prediction ? 2 : 1)];
            for (int c = 0; c < width; c++) {
                values[c] = row.get(c);
            }
            values[width] = out;
            if (prediction) {
                values[width + 1] = label;
            }
            return RowFactory.create(values);
        }

        // Copies the row's features into the buffer; returns null, or what is wrong with the row.
        private String read(Row row, int offset) {
            if (row.isNullAt(column)) {
                return "the value is null";
            }
            Object value = row.get(column);
            if (kind == NetworkTransformer.InputKind.VECTOR) {
                Vector v = (Vector) value;
                if (v.size() != inputs) {
                    return sizeProblem(v.size());
                }
                double[] d = v instanceof DenseVector ? ((DenseVector) v).values() : v.toArray();
                System.arraycopy(d, 0, buffer, offset, inputs);
            } else {
                String problem = readArray(value, offset);
                if (problem != null) {
                    return problem;
                }
            }
            for (int i = 0; i < inputs; i++) {
                double x = buffer[offset + i];
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    return "value " + i + " is " + x + " (vecnn needs finite inputs)";
                }
            }
            return null;
        }

        // An array column arrives as a Scala Seq when Spark deserialized the row, or as the very Java array or
        // List an upstream Java function put in the row (Spark drops a serialize-deserialize pair between two
        // object operations).
        private String readArray(Object value, int offset) {
            Object array = value;
            if (value instanceof scala.collection.mutable.ArraySeq) {
                array = ((scala.collection.mutable.ArraySeq<?>) value).array();
            } else if (value instanceof scala.collection.immutable.ArraySeq) {
                array = ((scala.collection.immutable.ArraySeq<?>) value).unsafeArray();
            }
            if (array instanceof float[]) {
                float[] f = (float[]) array;
                if (f.length != inputs) {
                    return sizeProblem(f.length);
                }
                for (int i = 0; i < inputs; i++) {
                    buffer[offset + i] = f[i];
                }
                return null;
            }
            if (array instanceof double[]) {
                double[] d = (double[]) array;
                if (d.length != inputs) {
                    return sizeProblem(d.length);
                }
                System.arraycopy(d, 0, buffer, offset, inputs);
                return null;
            }
            Iterator<?> elements;
            int size;
            if (array instanceof Object[]) {
                size = ((Object[]) array).length;
                elements = Arrays.asList((Object[]) array).iterator();
            } else if (array instanceof java.util.List) {
                size = ((java.util.List<?>) array).size();
                elements = ((java.util.List<?>) array).iterator();
            } else {
                scala.collection.Seq<?> seq = (scala.collection.Seq<?>) array;
                size = seq.length();
                elements = scala.jdk.javaapi.CollectionConverters.asJava(seq.iterator());
            }
            if (size != inputs) {
                return sizeProblem(size);
            }
            for (int i = 0; i < inputs; i++) {
                Object element = elements.next();
                if (element == null) {
                    return "value " + i + " is null";
                }
                buffer[offset + i] = ((Number) element).doubleValue();
            }
            return null;
        }

        private String sizeProblem(int size) {
            return "the row has " + size + " values, but the model takes " + inputs;
        }
    }

    private static String partition() {
        TaskContext context = TaskContext.get();
        return context == null ? "?" : String.valueOf(context.partitionId());
    }
}
