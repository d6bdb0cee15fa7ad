/**
 * The JMH form of the benchmarks: {@link org.vecnn.bench.jmh.WorkloadBenchmark} and the main class of
 * {@code benchmarks.jar}, {@link org.vecnn.bench.jmh.JmhMain}.
 */
package org.vecnn.bench.jmh;
