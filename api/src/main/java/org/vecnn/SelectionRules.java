package org.vecnn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.vecnn.spi.ProbeResult;

/**
 * The selection rules as a pure function of plain data: which candidate a request chooses, and why the others
 * were passed over. It creates nothing, logs nothing and reads no property; {@link BackendRegistry} gathers the
 * candidates and the request and acts on the choice.
 *
 * <p>Rules, in order: a name given as an argument, the system property, the environment variable, otherwise the
 * available candidate of highest priority, ties broken by name. A candidate chosen by name never falls back to
 * another; two candidates of one name make choosing that name fail. Probes run lazily: candidates ranked below
 * the chosen one are not probed.
 */
final class SelectionRules {
    /** The rule that decides when nothing names a backend. */
    static final String PRIORITY_RULE = "highest available priority";

    private SelectionRules() {
    }

    /**
     * What the caller asked for.
     *
     * @param name a backend name, trimmed; null to choose by priority
     * @param rule the rule that named it, e.g. {@code "system property vecnn.backend=ejml"}
     */
    record Request(String name, String rule) {
        /**
         * The first of argument, property and environment that is set and not blank.
         *
         * @param argument a name given in code, or null
         * @param property the value of the system property, or null
         * @param environment the value of the environment variable, or null
         * @return the request that decides
         */
        static Request of(String argument, String property, String environment) {
            if (argument != null && !argument.isBlank()) {
                return new Request(argument.trim(), "argument");
            }
            if (property != null && !property.isBlank()) {
                return new Request(property.trim(), "system property " + BackendRegistry.PROPERTY + "="
                        + property.trim());
            }
            if (environment != null && !environment.isBlank()) {
                return new Request(environment.trim(), "environment variable " + BackendRegistry.ENVIRONMENT + "="
                        + environment.trim());
            }
            return new Request(null, PRIORITY_RULE);
        }
    }

    /**
     * One provider as selection sees it.
     *
     * @param name its backend name
     * @param priority its rank when nothing names a backend
     * @param source where it came from, for messages
     * @param providerClass its class name, for messages
     * @param probe its probe, called only when the rules need it
     */
    record Candidate(String name, int priority, String source, String providerClass, Supplier<ProbeResult> probe) {
    }

    /**
     * The decision.
     *
     * @param chosen the candidate to create
     * @param rule the rule that decided
     * @param passedOver for each other candidate, why it was not chosen
     */
    record Choice(Candidate chosen, String rule, List<String> passedOver) {
    }

    /**
     * @param candidates candidates in any order
     * @return the candidates in selection order: priority descending, then name, then source
     */
    static List<Candidate> rank(List<Candidate> candidates) {
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.comparingInt((Candidate c) -> -c.priority()).thenComparing(Candidate::name)
                .thenComparing(Candidate::source));
        return ranked;
    }

    /**
     * Applies the rules.
     *
     * @param ranked the candidates in selection order ({@link #rank})
     * @param request what was asked for
     * @param noneFound the message when there is no candidate at all (it may look at the discovery's problems)
     * @return the choice
     * @throws BackendUnavailableException when the named candidate is absent, duplicated or unavailable, or no
     *     candidate is available
     */
    static Choice choose(List<Candidate> ranked, Request request, Supplier<String> noneFound) {
        if (ranked.isEmpty()) {
            throw new BackendUnavailableException(request.name() == null ? noneFound.get()
                    : SelectionMessages.askedForButNoneFound(request.name(), request.rule(), noneFound.get()));
        }
        return request.name() == null ? byPriority(ranked) : byName(ranked, request);
    }

    private static Choice byPriority(List<Candidate> ranked) {
        List<String> passedOver = new ArrayList<>();
        Candidate chosen = null;
        for (Candidate c : ranked) {
            if (chosen != null) {
                passedOver.add(c.name() + ": lower priority (" + c.priority() + ")");
                continue;
            }
            ProbeResult probe = c.probe().get();
            if (!probe.available()) {
                passedOver.add(c.name() + ": unavailable: " + probe.reason());
                continue;
            }
            List<Candidate> same = named(ranked, c.name());
            if (same.size() > 1) {
                throw new BackendUnavailableException(SelectionMessages.duplicates(c.name(), same));
            }
            chosen = c;
        }
        if (chosen == null) {
            throw new BackendUnavailableException(SelectionMessages.noneCanRun(passedOver));
        }
        return new Choice(chosen, PRIORITY_RULE, List.copyOf(passedOver));
    }

    private static Choice byName(List<Candidate> ranked, Request request) {
        String name = request.name();
        List<Candidate> same = named(ranked, name);
        if (same.isEmpty()) {
            // Names are matched in any case when no candidate has the exact one: VECNN_BACKEND=LOOP means loop.
            List<String> folded = ranked.stream().map(Candidate::name).filter(n -> n.equalsIgnoreCase(name))
                    .distinct().collect(Collectors.toList());
            if (folded.size() == 1) {
                same = named(ranked, folded.get(0));
            }
        }
        if (same.isEmpty()) {
            List<String> present = ranked.stream().map(Candidate::name).distinct().collect(Collectors.toList());
            throw new BackendUnavailableException(SelectionMessages.absent(name, request.rule(), present));
        }
        if (same.size() > 1) {
            throw new BackendUnavailableException(SelectionMessages.duplicates(name, same));
        }
        Candidate chosen = same.get(0);
        ProbeResult probe = chosen.probe().get();
        if (!probe.available()) {
            throw new BackendUnavailableException("backend '" + chosen.name() + "' (" + request.rule()
                    + ") is unavailable: " + probe.explanation());
        }
        List<String> others = ranked.stream().filter(c -> c != chosen).map(c -> c.name() + ": not named")
                .collect(Collectors.toList());
        return new Choice(chosen, request.rule(), List.copyOf(others));
    }

    private static List<Candidate> named(List<Candidate> ranked, String name) {
        return ranked.stream().filter(c -> c.name().equals(name)).collect(Collectors.toList());
    }
}
