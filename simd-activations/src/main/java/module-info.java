/**
 * The api's activation passes in the Java Vector API's lanes, for the CPU backends. The Vector API is
 * optional: the lanes run when the JVM has {@code --add-modules jdk.incubator.vector}, the api's scalar formulas
 * otherwise.
 */
module org.vecnn.simd {
    // jdk.incubator.vector is read at run time where present (org.vecnn.simd.lanes.VectorModule), not required
    // here: a requires, even static, made javadoc warn "using incubating module(s)" in every dependent module.
    requires transitive org.vecnn.api;

    exports org.vecnn.simd;
    // loop's fused epilogue calls the lanes on its tiles directly
    exports org.vecnn.simd.lanes to org.vecnn.backend.loop;
}
