/**
 * Multilayer networks on any backend: {@link org.vecnn.model.Sequential}, a Keras-shaped builder with seeded
 * initialization; {@link org.vecnn.model.Model}, host-side weights that build a {@link org.vecnn.Network}
 * and load from or save to NumPy {@code .npz} files ({@link org.vecnn.model.Npz}, {@link org.vecnn.model.Npy});
 * and batch prediction over CSV or {@code .npy} rows ({@link org.vecnn.model.Predictor}) with shortest
 * round-trip printing ({@link org.vecnn.model.ShortestDecimal}).
 */
package org.vecnn.model;
