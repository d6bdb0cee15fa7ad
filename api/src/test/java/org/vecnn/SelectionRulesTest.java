package org.vecnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.vecnn.SelectionRules.Candidate;
import org.vecnn.SelectionRules.Choice;
import org.vecnn.SelectionRules.Request;
import org.vecnn.spi.ProbeResult;

/** The selection rules on plain data: candidates, a request, and the probes each choice ran. */
class SelectionRulesTest {
    private final List<String> probed = new ArrayList<>();

    private Candidate runs(String name, int priority) {
        return candidate(name, priority, () -> ProbeResult.available("runs"));
    }

    private Candidate missing(String name, int priority, String reason) {
        return candidate(name, priority, () -> ProbeResult.unavailable(reason, "install it"));
    }

    private Candidate candidate(String name, int priority, Supplier<ProbeResult> probe) {
        return new Candidate(name, priority, name + ".jar", "com.example." + name, () -> {
            probed.add(name);
            return probe.get();
        });
    }

    private static Choice choose(Request request, Candidate... candidates) {
        return SelectionRules.choose(SelectionRules.rank(List.of(candidates)), request, () -> "none found");
    }

    @Test
    void requestTakesTheFirstOfArgumentPropertyAndEnvironmentThatIsSet() {
        assertEquals(new Request("a", "argument"), Request.of(" a ", "p", "e"));
        assertEquals(new Request("p", "system property vecnn.backend=p"), Request.of(null, " p ", "e"));
        assertEquals(new Request("e", "environment variable VECNN_BACKEND=e"), Request.of(" ", "", "e"));
        assertEquals(new Request(null, "highest available priority"), Request.of(null, " ", "  "));
    }

    @Test
    void rankOrdersByPriorityDescendingThenNameThenSource() {
        Candidate low = runs("low", 1);
        Candidate zulu = runs("zulu", 5);
        Candidate echo = runs("echo", 5);
        Candidate echoAgain = new Candidate("echo", 5, "another.jar", "com.example.echo", () -> null);

        assertEquals(List.of(echoAgain, echo, zulu, low), SelectionRules.rank(List.of(low, zulu, echo, echoAgain)));
    }

    @Test
    void byPriorityTheFirstAvailableWinsAndLowerOnesAreNotProbed() {
        Candidate gpu = missing("gpu", 400, "no driver");
        Candidate fast = runs("fast", 300);
        Candidate slow = runs("slow", 100);

        Choice choice = choose(Request.of(null, null, null), slow, gpu, fast);

        assertSame(fast, choice.chosen());
        assertEquals("highest available priority", choice.rule());
        assertEquals(List.of("gpu: unavailable: no driver", "slow: lower priority (100)"), choice.passedOver());
        assertEquals(List.of("gpu", "fast"), probed);
    }

    @Test
    void byNameOnlyTheNamedCandidateIsProbedAndTheOthersAreNotNamed() {
        Candidate fast = runs("fast", 300);
        Candidate slow = runs("slow", 100);

        Choice choice = choose(Request.of(null, "slow", null), fast, slow);

        assertSame(slow, choice.chosen());
        assertEquals("system property vecnn.backend=slow", choice.rule());
        assertEquals(List.of("fast: not named"), choice.passedOver());
        assertEquals(List.of("slow"), probed);
    }

    @Test
    void aNamedCandidateThatCannotRunNeverFallsBack() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> choose(Request.of("gpu", null, null), missing("gpu", 400, "no driver"), runs("cpu", 1)));

        assertEquals("backend 'gpu' (argument) is unavailable: no driver. install it", e.getMessage());
        assertEquals(List.of("gpu"), probed);
    }

    @Test
    void anAbsentNameListsThePresentNamesAndTheArtifactToAdd() {
        BackendUnavailableException known = assertThrows(BackendUnavailableException.class,
                () -> choose(Request.of(null, null, "nd4j"), runs("a", 2), runs("b", 1)));
        BackendUnavailableException unknown = assertThrows(BackendUnavailableException.class,
                () -> choose(Request.of("nd5j", null, null), runs("a", 2)));

        assertEquals("backend 'nd4j' (environment variable VECNN_BACKEND=nd4j) is not on the class path; present: "
                + "a, b. Add org.vecnn:vecnn-backend-nd4j to the runtime class path.", known.getMessage());
        assertEquals("backend 'nd5j' (argument) is not on the class path; present: a. Check the name, or add the "
                + "jar that provides it.", unknown.getMessage());
    }

    @Test
    void twoCandidatesOfOneNameFailByNameAndByPriority() {
        Candidate first = new Candidate("dup", 5, "one.jar", "com.example.One", () -> ProbeResult.available("x"));
        Candidate second = new Candidate("dup", 5, "two.jar", "com.example.Two", () -> ProbeResult.available("x"));
        String expected = "two or more providers are named 'dup': com.example.One from one.jar and "
                + "com.example.Two from two.jar. Remove all but one of these jars from the class path.";

        assertEquals(expected, assertThrows(BackendUnavailableException.class,
                () -> choose(Request.of("dup", null, null), first, second)).getMessage());
        assertEquals(expected, assertThrows(BackendUnavailableException.class,
                () -> choose(Request.of(null, null, null), second, first)).getMessage());
    }

    @Test
    void aDuplicateBelowTheChosenCandidateDoesNotStopSelection() {
        Candidate top = runs("top", 9);
        Choice choice = choose(Request.of(null, null, null), top, runs("dup", 1), runs("dup", 1));

        assertSame(top, choice.chosen());
        assertEquals(List.of("dup: lower priority (1)", "dup: lower priority (1)"), choice.passedOver());
    }

    @Test
    void noCandidateThatCanRunNamesEachReason() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> choose(Request.of(null, null, null), missing("gpu", 4, "no driver"), missing("blas", 3,
                        "no libopenblas")));

        assertEquals("no vecnn backend can run here: gpu: unavailable: no driver; blas: unavailable: no "
                + "libopenblas. Add org.vecnn:vecnn-backend-loop, which runs on any JVM.", e.getMessage());
    }

    @Test
    void noCandidateAtAllUsesTheDiscoveryMessage() {
        BackendUnavailableException byPriority = assertThrows(BackendUnavailableException.class,
                () -> choose(Request.of(null, null, null)));
        BackendUnavailableException byName = assertThrows(BackendUnavailableException.class,
                () -> choose(Request.of("loop", null, null)));

        assertEquals("none found", byPriority.getMessage());
        assertEquals("backend 'loop' (argument) was asked for, but none found", byName.getMessage());
        assertNull(byName.getCause());
    }
}
