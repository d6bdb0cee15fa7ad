/**
 * The api's activation passes in the Java Vector API's lanes, for the CPU backends. The Vector API is
 * optional: the lanes run when the JVM has {@code --add-modules jdk.incubator.vector}, the api's scalar formulas
 * otherwise.
 */
module org.vecnn.simd {
    requires transitive org.vecnn.api;
    requires static jdk.incubator.vector;

    exports org.vecnn.simd;
    // loop's fused epilogue calls the lanes on its tiles directly
    exports org.vecnn.simd.lanes to org.vecnn.backend.loop;
}
