package org.vecnn.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vecnn.BackendInfo;
import org.vecnn.Backends;

/** The backends that ServiceLoader finds on the test class path: the available ones, and why others are not. */
final class AvailableBackends {
    private AvailableBackends() {
    }

    /** @return backend name to null when it can run here, or to the probe's reason when it cannot */
    static Map<String, String> all() {
        Map<String, String> found = new LinkedHashMap<>();
        for (BackendInfo info : Backends.all()) {
            found.putIfAbsent(info.name(), info.probe().available() ? null
                    : info.probe().reason() + (info.probe().hint().isEmpty() ? "" : " (" + info.probe().hint() + ")"));
        }
        return found;
    }

    /** @return the names of the backends that can run here */
    static List<String> available() {
        List<String> names = new ArrayList<>();
        all().forEach((name, reason) -> {
            if (reason == null) {
                names.add(name);
            }
        });
        return names;
    }
}
