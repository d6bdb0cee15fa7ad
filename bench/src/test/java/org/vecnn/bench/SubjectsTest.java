package org.vecnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vecnn.Precision;
import org.vecnn.spi.ProbeResult;

class SubjectsTest {

    private static Subject named(String name, List<String> closed) {
        return new Subject() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isLibrary() {
                return name.startsWith("raw:");
            }

            @Override
            public ProbeResult probe() {
                return ProbeResult.available("test");
            }

            @Override
            public List<String> references() {
                return Subjects.referencesOf(name);
            }

            @Override
            public Task prepare(Workload workload) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                closed.add(name);
            }
        };
    }

    private static List<Subject> all(List<String> closed) {
        List<Subject> s = new ArrayList<>();
        for (String n : List.of("nd4j", "loop", "ejml", "loop-naive", "raw:openblas", "raw:nd4j", "raw:ejml",
                "raw:ejml-mt")) {
            s.add(named(n, closed));
        }
        return s;
    }

    private static List<String> names(List<Subject> subjects) {
        return subjects.stream().map(Subject::name).toList();
    }

    @Test
    void selectingABackendKeepsItsLibrariesAndTheNaiveBaseline() {
        List<String> closed = new ArrayList<>();
        List<Subject> kept = Subjects.select(all(closed), List.of("ejml"));
        assertEquals(List.of("ejml", "loop-naive", "raw:ejml", "raw:ejml-mt"), names(kept));
        assertEquals(List.of("nd4j", "loop", "raw:openblas", "raw:nd4j"), closed, "the others are closed");
    }

    @Test
    void pyTorchIsKeptBesideEveryBackendSelected() {
        List<String> closed = new ArrayList<>();
        List<Subject> all = all(closed);
        all.add(named("raw:torch", closed));
        assertEquals(List.of("loop", "loop-naive", "raw:openblas", "raw:torch"), names(Subjects.select(all,
                List.of("loop"))));
    }

    @Test
    void selectingNothingKeepsEverything() {
        assertEquals(8, Subjects.select(all(new ArrayList<>()), List.of()).size());
        assertEquals(8, Subjects.select(all(new ArrayList<>()), null).size());
    }

    @Test
    void anUnknownNameIsRefusedWithTheNamesKnown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Subjects.select(all(new ArrayList<>()), List.of("loop", "cuda")));
        assertTrue(e.getMessage().contains("unknown backend 'cuda'"), e.getMessage());
        assertTrue(e.getMessage().contains("known: nd4j, loop, ejml"), e.getMessage());
    }

    @Test
    void referencesFollowTheTargets() {
        assertEquals(List.of("raw:openblas"), Subjects.referencesOf("loop"));
        assertEquals(List.of("raw:openblas"), Subjects.referencesOf("nd4j"));
        assertEquals(List.of("raw:ejml", "raw:ejml-mt"), Subjects.referencesOf("ejml"));
        assertEquals(List.of("raw:cublas"), Subjects.referencesOf("cuda"));
        assertEquals(List.of(), Subjects.referencesOf("loop-naive"));
    }

    @Test
    void findNamesTheSubjectsKnownWhenItFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Subjects.find(all(new ArrayList<>()), "mkl"));
        assertTrue(e.getMessage().contains("no subject named 'mkl'"), e.getMessage());
    }

    @Test
    void aLibraryWhoseClassesAreMissingIsListedUnavailableWithTheLinkageError() {
        Subject absent = Subjects.library("openblas", () -> {
            throw new NoClassDefFoundError("org/bytedeco/javacpp/Pointer");
        });
        assertEquals("raw:openblas", absent.name());
        assertTrue(absent.isLibrary());
        assertFalse(absent.probe().available());
        assertTrue(absent.probe().reason().contains("org/bytedeco/javacpp/Pointer"), absent.probe().reason());
        assertThrows(IllegalStateException.class, () -> absent.prepare(Workload.gemm(64, Precision.FLOAT32)));
    }

    @Test
    void aLibraryThatLinksIsReturnedAsConstructed() {
        Subject ejml = Subjects.library("ejml", () -> new EjmlRaw(false));
        assertEquals("raw:ejml", ejml.name());
        assertTrue(ejml.probe().available(), ejml.probe().reason());
    }
}
