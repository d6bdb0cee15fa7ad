/**
 * vecnn on Apache Spark: {@link org.vecnn.spark.NetworkTransformer}, a Spark ML stage that scores a DataFrame
 * column through a vecnn model in batches on every executor, and {@link org.vecnn.spark.NetworkWeights}, the
 * serializable weights it ships and saves. Setup, cluster use and the Java 17 options: docs/spark.md.
 */
package org.vecnn.spark;
