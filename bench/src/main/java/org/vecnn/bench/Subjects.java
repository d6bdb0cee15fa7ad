package org.vecnn.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.vecnn.BackendInfo;
import org.vecnn.BackendRegistry;

/**
 * The subjects of a run: every backend the registry finds (through {@link java.util.ServiceLoader}), in
 * selection order, then the raw libraries, and which raw library each backend is compared with.
 */
public final class Subjects {
    /** The baseline every speedup is measured against: the seed lecture's per-neuron loop. */
    public static final String NAIVE = "loop-naive";

    /**
     * The raw libraries each backend wraps or must be measured against; a backend's ratio is taken to the
     * fastest of them on each workload. {@code loop} has no library of its own: its target is OpenBLAS.
     */
    private static final Map<String, List<String>> REFERENCES = Map.of(
            "loop", List.of("raw:openblas"),
            "nd4j", List.of("raw:openblas"),
            "ejml", List.of("raw:ejml", "raw:ejml-mt"),
            "cuda", List.of("raw:cublas"));

    /** Subjects that compute on a GPU, whose GFLOPS are not a fraction of the CPU's FMA peak. */
    private static final Set<String> ON_GPU = Set.of("cuda", "raw:cublas");

    private Subjects() {
    }

    /**
     * @param subject a subject name
     * @return whether it computes on the CPU, so that the CPU's measured FMA peak bounds it
     */
    public static boolean runsOnCpu(String subject) {
        return !ON_GPU.contains(subject);
    }

    /**
     * @param backend a backend name
     * @return the raw libraries it is compared with; empty when none
     */
    public static List<String> referencesOf(String backend) {
        return REFERENCES.getOrDefault(backend, List.of());
    }

    /**
     * Every backend of a registry, then every raw library. Nothing is loaded until a subject is probed.
     *
     * @param registry where the backends come from, usually {@link org.vecnn.Backends#registry()}
     * @return the subjects, backends first in selection order, one per name
     */
    public static List<Subject> discover(BackendRegistry registry) {
        List<Subject> subjects = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (BackendInfo info : registry.all()) {
            if (names.add(info.name())) {
                subjects.add(new BackendSubject(registry, info, referencesOf(info.name())));
            }
        }
        subjects.addAll(libraries());
        return subjects;
    }

    /**
     * @return new instances of the raw libraries: OpenBLAS, ND4J direct, EJML, EJML concurrent, cuBLAS hook,
     *     ONNX Runtime, PyTorch (in a Python process, {@link TorchRaw})
     */
    public static List<Subject> libraries() {
        return List.of(library("openblas", () -> new OpenBlasRaw()), library("nd4j", () -> new Nd4jRaw()),
                library("ejml", () -> new EjmlRaw(false)), library("ejml-mt", () -> new EjmlRaw(true)),
                new CublasRaw(), library("onnxruntime", () -> new OnnxRuntimeRaw()), new TorchRaw());
    }

    /**
     * A raw library, or an unavailable stand-in when linking its class fails because its jars are absent. The
     * constructors are lambdas, not method references: a method reference links the class at the call site,
     * outside this try.
     */
    static Subject library(String name, Supplier<Subject> constructor) {
        try {
            return constructor.get();
        } catch (LinkageError e) {
            return new AbsentRaw(name, e);
        }
    }

    /**
     * Keeps the subjects named, plus what their figures are measured against: {@value #NAIVE}, each
     * named backend's raw libraries, and PyTorch ({@code raw:torch}). The others are closed.
     *
     * @param all the discovered subjects
     * @param names the names asked for; null or empty keeps everything
     * @return the subjects kept, in discovery order
     * @throws IllegalArgumentException when a name is unknown, listing the names known
     */
    public static List<Subject> select(List<Subject> all, List<String> names) {
        if (names == null || names.isEmpty()) {
            return all;
        }
        Set<String> known = all.stream().map(Subject::name).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> keep = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("bench: unknown backend '" + name + "'; known: "
                        + String.join(", ", known));
            }
            keep.add(name);
            keep.addAll(referencesOf(name));
        }
        keep.add(NAIVE);
        keep.add(TorchRaw.NAME);
        List<Subject> kept = new ArrayList<>();
        for (Subject s : all) {
            if (keep.contains(s.name())) {
                kept.add(s);
            } else {
                s.close();
            }
        }
        return kept;
    }

    /**
     * @param subjects subjects
     * @param name a name
     * @return the subject of that name
     * @throws IllegalArgumentException when there is none, listing the names known
     */
    public static Subject find(List<Subject> subjects, String name) {
        for (Subject s : subjects) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("bench: no subject named '" + name + "'; known: "
                + subjects.stream().map(Subject::name).collect(Collectors.joining(", ")));
    }
}
