package org.vecnn;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The sentences of selection failures: what went wrong and what to add or remove. */
final class SelectionMessages {
    private static final Map<String, String> ARTIFACTS = Map.of(
            "loop", "org.vecnn:vecnn-backend-loop",
            "loop-naive", "org.vecnn:vecnn-backend-loop",
            "ejml", "org.vecnn:vecnn-backend-ejml",
            "nd4j", "org.vecnn:vecnn-backend-nd4j",
            "cuda", "org.vecnn:vecnn-backend-cuda");

    private SelectionMessages() {
    }

    static String duplicates(String name, List<SelectionRules.Candidate> same) {
        return "two or more providers are named '" + name + "': "
                + same.stream().map(c -> c.providerClass() + " from " + c.source()).collect(Collectors.joining(" and "))
                + ". Remove all but one of these jars from the class path.";
    }

    static String absent(String name, String rule, List<String> present) {
        String artifact = ARTIFACTS.get(name);
        return "backend '" + name + "' (" + rule + ") is not on the class path; present: " + String.join(", ", present)
                + ". " + (artifact != null ? "Add " + artifact + " to the runtime class path."
                        : "Check the name, or add the jar that provides it.");
    }

    static String askedForButNoneFound(String name, String rule, String noneFound) {
        return "backend '" + name + "' (" + rule + ") was asked for, but " + noneFound;
    }

    static String noneCanRun(List<String> passedOver) {
        return "no vecnn backend can run here: " + String.join("; ", passedOver)
                + ". Add org.vecnn:vecnn-backend-loop, which runs on any JVM.";
    }

    static String noneFound(ClassLoader loader, List<String> problems) {
        StringBuilder s = new StringBuilder("no vecnn backend provider was found");
        s.append(loader == null ? "" : " through class loader " + loader).append(". Likely causes: ")
                .append("(1) no backend jar is a dependency: add org.vecnn:vecnn-backend-loop at runtime scope; ")
                .append("(2) a fat jar dropped META-INF/services/org.vecnn.spi.BackendProvider: use the ")
                .append("maven-shade-plugin's ServicesResourceTransformer; ")
                .append("(3) the backends live in a plugin class loader: use Backends.using(thatLoader).");
        if (!problems.isEmpty()) {
            s.append(" Providers that failed to load: ").append(String.join("; ", problems));
        }
        return s.toString();
    }
}
