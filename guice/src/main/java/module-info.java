/**
 * Guice bindings for vecnn: the {@link org.vecnn.Backend} chosen by the selection rules, a map of every
 * available backend, and a {@link org.vecnn.guice.NetworkFactory}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Guice 7 ships only an Automatic-Module-Name
module org.vecnn.guice {
    requires transitive org.vecnn.api;
    requires transitive com.google.guice;
    requires transitive jakarta.inject;

    exports org.vecnn.guice;
    // Guice reads @Provides methods and @Inject constructors reflectively.
    opens org.vecnn.guice to com.google.guice;
}
