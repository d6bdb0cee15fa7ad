package org.vecnn.simd;

import java.util.Locale;

/**
 * Whether the running JVM has the Vector API ({@code --add-modules jdk.incubator.vector}), and whether the
 * project's switch asks for it.
 */
final class VectorModule {
    static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorModule() {
    }

    /** @return false where the system property {@value FloatActivationPass#SWITCH} is false, true where unset */
    static boolean requested() {
        return requested(System.getProperty(FloatActivationPass.SWITCH));
    }

    static boolean requested(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("activation pass: system property " + FloatActivationPass.SWITCH
                        + " must be true or false, got '" + value + "'");
        }
    }
}
