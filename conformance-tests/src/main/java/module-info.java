/**
 * The vecnn conformance kit: JUnit 5 tests, shipped as a library, that every backend must pass.
 */
module org.vecnn.conformance {
    requires transitive org.vecnn.api;
    requires transitive org.junit.jupiter.api;

    exports org.vecnn.conformance;
    opens org.vecnn.conformance to org.junit.platform.commons;
}
