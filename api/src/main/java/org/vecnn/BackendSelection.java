package org.vecnn;

import java.util.List;

/**
 * Which backend the selection rules choose, and why, without creating it.
 *
 * @param chosen the chosen backend's name, or null when none can be chosen
 * @param rule the rule that decided, e.g. {@code "system property vecnn.backend=ejml"} or
 *     {@code "highest available priority"}
 * @param passedOver for each other backend, why it was not chosen
 * @param failure when chosen is null, why nothing could be chosen; otherwise null
 */
public record BackendSelection(String chosen, String rule, List<String> passedOver, String failure) {
}
