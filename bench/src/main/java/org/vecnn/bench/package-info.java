/**
 * The vecnn benchmarks: every backend found through {@link java.util.ServiceLoader} beside the raw libraries
 * it wraps (OpenBLAS, ND4J, EJML) and the machine's FMA peak.
 *
 * <p>{@link org.vecnn.bench.Suite} defines the workloads once; {@link org.vecnn.bench.Subject#prepare} turns a
 * workload into a {@link org.vecnn.bench.Task} on a backend or library; the in-process
 * {@link org.vecnn.bench.Harness} (behind {@code vecnn bench}) and the JMH benchmark
 * {@link org.vecnn.bench.jmh.WorkloadBenchmark} both time that task. {@link org.vecnn.bench.BenchReport} derives
 * the ratios and targets, {@link org.vecnn.bench.ReportWriter} writes the table, HTML, SVG, CSV and JSON.
 */
package org.vecnn.bench;
