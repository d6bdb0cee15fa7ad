package org.vecnn;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's log lines, through {@link System.Logger} (logger {@code org.vecnn.Backends}); each decision and
 * each duplicate is logged once per registry. Nothing is printed.
 */
final class SelectionLog {
    private static final System.Logger LOG = System.getLogger("org.vecnn.Backends");

    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    void chose(SelectionRules.Choice choice) {
        String name = choice.chosen().name();
        if (logged.add(choice.rule() + "->" + name)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "vecnn: using backend '" + name + "' (" + choice.rule() + ")"
                    + (choice.passedOver().isEmpty() ? ""
                            : "; passed over: " + String.join("; ", choice.passedOver())));
        }
    }

    void duplicates(String name, String message) {
        if (logged.add("duplicate:" + name)) {
            LOG.log(System.Logger.Level.WARNING, () -> "vecnn: " + message);
        }
    }

    void skipped(String problem) {
        LOG.log(System.Logger.Level.WARNING, () -> "vecnn: skipped: " + problem);
    }

    void failedToLoad(String problem) {
        LOG.log(System.Logger.Level.WARNING, () -> "vecnn: a backend provider failed to load: " + problem);
    }
}
