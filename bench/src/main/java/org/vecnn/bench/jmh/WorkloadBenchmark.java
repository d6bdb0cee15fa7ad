package org.vecnn.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vecnn.Backends;
import org.vecnn.bench.Subject;
import org.vecnn.bench.Subjects;
import org.vecnn.bench.Task;

/**
 * The JMH form of every (workload, subject) cell: one benchmark method, parameterised by a cell id
 * {@code <workload>@<subject>} such as {@code gemm-1024-f32@loop} or {@code dense-1024-f32@raw:openblas}.
 * {@link JmhMain} fills the parameter with every cell of a {@link org.vecnn.bench.Suite} on every subject found;
 * {@code -p cell=...} chooses cells by hand. The task is the harness's own ({@link Subject#prepare}), so JMH
 * and {@code vecnn bench} time exactly the same call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class WorkloadBenchmark {

    /**
     * The cell, {@code <workload id>@<subject name>}. {@link JmhMain} replaces the default (JMH requires one)
     * with the cells of a suite; {@code -p cell=...} chooses cells by hand.
     */
    @Param("seed-f32@loop")
    public String cell;

    private List<Subject> subjects;
    private Task task;

    /** Discovers the subjects and prepares the cell's task. */
    @Setup(Level.Trial)
    public void setUp() {
        Cell c = Cell.parse(cell);
        subjects = Subjects.discover(Backends.registry());
        Subject subject = Subjects.find(subjects, c.subject());
        if (!subject.probe().available()) {
            throw new IllegalStateException(subject.name() + " is unavailable: " + subject.probe().reason());
        }
        task = subject.prepare(c.workload());
    }

    /** @return the output of one call of the workload */
    @Benchmark
    public Object call() {
        return task.run();
    }

    /** Frees the task and the subjects. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (task != null) {
            task.close();
        }
        if (subjects != null) {
            subjects.forEach(Subject::close);
        }
    }
}
