/**
 * The {@code ejml} backend: matrices wrap EJML's row-major {@code FMatrixRMaj}/{@code DMatrixRMaj} and
 * products run on {@code CommonOps_FDRM}/{@code CommonOps_DDRM}, or on their concurrent
 * {@code CommonOps_MT_*} variants for large products. Pure Java, both precisions.
 */
package org.vecnn.backend.ejml;
