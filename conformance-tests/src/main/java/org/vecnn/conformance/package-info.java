/**
 * The conformance kit: {@link org.vecnn.conformance.BackendConformanceKit}, which a backend author subclasses
 * in a few lines to run every check against their backend, and
 * {@link org.vecnn.conformance.ServiceLoaderConformance}, which runs the same checks against every backend
 * that {@link java.util.ServiceLoader} finds on the class path.
 */
package org.vecnn.conformance;
