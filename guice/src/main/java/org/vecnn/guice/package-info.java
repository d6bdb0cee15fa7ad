/**
 * Guice 7 integration: {@link org.vecnn.guice.VecnnModule} binds a {@link org.vecnn.Backend} singleton,
 * a {@code Map<String, Backend>} of every available backend and a {@link org.vecnn.guice.NetworkFactory};
 * {@link org.vecnn.guice.BackendLifecycle} closes what the injector created.
 */
package org.vecnn.guice;
