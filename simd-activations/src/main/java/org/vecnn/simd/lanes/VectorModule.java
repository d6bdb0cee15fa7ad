package org.vecnn.simd.lanes;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the running JVM has the Vector API ({@code --add-modules jdk.incubator.vector}), and whether the
 * project's switch asks for it. Refers to no class of the Vector API, so it loads in any JVM.
 *
 * <p>Module org.vecnn.simd does not require jdk.incubator.vector in its module-info, not even statically: a
 * module that did made javadoc warn "using incubating module(s)" in every module that depends on it. It is
 * compiled with {@code --add-reads org.vecnn.simd=jdk.incubator.vector}, and where the JVM has the Vector API
 * this class makes the module read it before any lane class is linked (every lane class initializes this one
 * first). On the class path (an unnamed module, which reads every module) that changes nothing.
 */
public final class VectorModule {
    /** Whether jdk.incubator.vector is in the boot layer; when it is, this module reads it from here on. */
    public static final boolean PRESENT = readVectorApi();

    /** System property: {@code false} computes with the api's scalar formulas even where the lanes can run. */
    public static final String SWITCH = "vecnn.loop.vector";

    private VectorModule() {
    }

    private static boolean readVectorApi() {
        Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (vector.isEmpty()) {
            return false;
        }
        VectorModule.class.getModule().addReads(vector.get()); // caller-sensitive: called from this module
        return true;
    }

    /**
     * @return false where the system property {@value #SWITCH} is false, true where it is unset or true
     * @throws IllegalArgumentException when it has another value, naming it
     */
    public static boolean requested() {
        String value = System.getProperty(SWITCH);
        if (value == null || value.isBlank()) {
            return true;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("activation pass: system property " + SWITCH
                        + " must be true or false, got '" + value + "'");
        }
    }
}
