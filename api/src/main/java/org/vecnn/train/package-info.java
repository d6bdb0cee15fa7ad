/**
 * Training dense networks on any backend: a {@link org.vecnn.train.Trainer} (a builder, mini-batches with
 * seeded shuffling, validation, early stopping, listeners), the {@link org.vecnn.train.Loss}es, the
 * {@link org.vecnn.train.Optimizer}s with their {@link org.vecnn.train.LearningRateSchedule}, and the
 * {@link org.vecnn.train.Dataset} they read. The backward pass and the updates run on the backend through
 * {@link org.vecnn.spi.TrainingKernels}; the result is an ordinary {@link org.vecnn.Network}.
 */
package org.vecnn.train;
